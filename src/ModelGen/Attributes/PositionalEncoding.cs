namespace ModelGen;

/// <summary>What a <see cref="PositionalEmbeddingAttribute"/> adds to each step.</summary>
public enum PositionalEncoding
{
    /// <summary>A learned parameter <c>[steps, features]</c>, initialised uniformly in ±0.02 as PatchTST's <c>W_pos</c>.</summary>
    Learned,

    /// <summary>
    /// The fixed sinusoids of "Attention Is All You Need": feature 2i of step t is <c>sin(t / 10000^(2i/features))</c>,
    /// feature 2i + 1 its cosine. Not a parameter, and not in the state_dict.
    /// </summary>
    Sinusoidal,
}
