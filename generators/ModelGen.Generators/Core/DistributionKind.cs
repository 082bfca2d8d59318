using System.Linq;

namespace ModelGen.Generators.Core;

/// <summary>
/// What the generator knows of each <c>OutputDistribution</c> (by its value; the generator does not reference the
/// runtime): its name, its parameters in the output's last dimension, and which of them are positive.
/// </summary>
internal sealed record DistributionKind(int Value, string Name, EquatableArray<string> Parameters)
{
    public static readonly DistributionKind Normal = new(1, "Normal", new[] { "loc", "scale" }.ToEquatableArray());
    public static readonly DistributionKind StudentT = new(2, "StudentT", new[] { "loc", "scale", "df" }.ToEquatableArray());
    public static readonly DistributionKind NegativeBinomial = new(3, "NegativeBinomial", new[] { "mean", "dispersion" }.ToEquatableArray());

    private static readonly DistributionKind[] All = [Normal, StudentT, NegativeBinomial];

    /// <summary>The distribution of an <c>OutputDistribution</c> value; null for <c>None</c> (0) or a value not defined.</summary>
    public static DistributionKind? Of(int value) => All.FirstOrDefault(k => k.Value == value);

    /// <summary>The runtime's names, for messages: "Normal, StudentT or NegativeBinomial".</summary>
    public static string Names => "OutputDistribution.Normal, OutputDistribution.StudentT or OutputDistribution.NegativeBinomial";

    public int ParameterCount => Parameters.Count;

    /// <summary>The C# expression of the runtime's enum value.</summary>
    public string Expression => "global::ModelGen.OutputDistribution." + Name;
}
