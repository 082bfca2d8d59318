using System;

namespace ModelGen;

/// <summary>
/// Layer normalisation over the last dimension, PyTorch's <c>nn.LayerNorm(normalized_shape, eps,
/// elementwise_affine)</c>, or over the steps and the features of each sample, <c>nn.LayerNorm((steps, features))</c>, as
/// TSMixer normalises. Put it on a field of type <c>TorchSharp.Modules.LayerNorm</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LayerNormAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">Size of the last dimension, which is normalised.</param>
    public LayerNormAttribute(int normalizedShape) => NormalizedShape = normalizedShape;

    /// <summary>Creates a layer that normalises each sample's <c>[steps, features]</c> as a whole (TSMixer's norm).</summary>
    /// <param name="steps">The sequence's steps.</param>
    /// <param name="normalizedShape">Its features.</param>
    /// <remarks>Each output step then depends on every input step, through the mean and variance.</remarks>
    public LayerNormAttribute(int steps, int normalizedShape)
    {
        Steps = steps;
        NormalizedShape = normalizedShape;
    }

    /// <summary>Size of the last dimension, which is normalised.</summary>
    public int NormalizedShape { get; }

    /// <summary>The steps normalised with the features (0: the last dimension alone).</summary>
    public int Steps { get; }

    /// <summary>Added to the variance for numerical stability. Default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Whether the layer learns a per-feature scale and shift (<c>weight</c>, <c>bias</c>). Default true.</summary>
    public bool ElementwiseAffine { get; set; } = true;

    /// <summary>Whether the layer's parameters are frozen (not trained). Default false.</summary>
    public bool Frozen { get; set; }
}
