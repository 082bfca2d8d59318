namespace ModelGen.Generators;

/// <summary>Names of the generator's pipeline steps, for caching tests and diagnostics.</summary>
internal static class TrackingNames
{
    /// <summary>The <c>[Model]</c> class read into a <see cref="Parsing.ModelSource"/>: its spec but for the blocks it uses.</summary>
    public const string Spec = nameof(Spec);

    /// <summary>A model's <see cref="Core.ModelSpec"/>: its source with the templates of the blocks it uses.</summary>
    public const string Resolved = nameof(Resolved);

    /// <summary>The checked plan for a spec.</summary>
    public const string Plan = nameof(Plan);

    /// <summary>The generated source of a valid plan.</summary>
    public const string Source = nameof(Source);

    /// <summary>A <c>[Block]</c> class read into a <see cref="Parsing.BlockTemplate"/>.</summary>
    public const string BlockSpec = nameof(BlockSpec);

    /// <summary>The part a <c>[Block]</c> class gets of its own.</summary>
    public const string BlockSource = nameof(BlockSource);
}
