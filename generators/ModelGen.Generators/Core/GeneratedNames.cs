namespace ModelGen.Generators.Core;

/// <summary>Names of members the generator adds to a model class besides the constructor.</summary>
internal static class GeneratedNames
{
    public const string Forward = "forward";
    public const string Summary = "Summary";

    /// <summary>The private static field holding the per-sample input shape that <c>forward</c> checks.</summary>
    public const string InputShapeField = "ModelGenInputShape";
}
