using System;

namespace ModelGen;

/// <summary>
/// Adds a position to each step: <c>x + weight</c> with <c>weight</c> <c>[steps, features]</c>, learned (PatchTST's
/// <c>W_pos</c>) or fixed sinusoids (<see cref="Encoding"/>). Put it on a field of type <see cref="PositionalEmbedding"/>;
/// a learned one's state_dict is its <c>weight</c>.
/// </summary>
/// <remarks>Per sample, <c>[steps, features]</c> stays <c>[steps, features]</c>, each step changed on its own.</remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class PositionalEmbeddingAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="steps">Steps of its input.</param>
    /// <param name="features">Features of each step.</param>
    public PositionalEmbeddingAttribute(int steps, int features)
    {
        Steps = steps;
        Features = features;
    }

    /// <summary>Steps of its input.</summary>
    public int Steps { get; }

    /// <summary>Features of each step.</summary>
    public int Features { get; }

    /// <summary>Learned, or fixed sinusoids. Default <see cref="PositionalEncoding.Learned"/>.</summary>
    public PositionalEncoding Encoding { get; set; } = PositionalEncoding.Learned;

    /// <summary>Whether a learned embedding is frozen (<c>requires_grad = false</c>). Default false.</summary>
    public bool Frozen { get; set; }
}
