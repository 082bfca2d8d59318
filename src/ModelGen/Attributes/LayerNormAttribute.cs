using System;

namespace ModelGen;

/// <summary>
/// Layer normalisation over the last dimension, PyTorch's <c>nn.LayerNorm(normalized_shape, eps,
/// elementwise_affine)</c>. Put it on a field of type <c>TorchSharp.Modules.LayerNorm</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LayerNormAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">Size of the last dimension, which is normalised.</param>
    public LayerNormAttribute(int normalizedShape) => NormalizedShape = normalizedShape;

    /// <summary>Size of the last dimension, which is normalised.</summary>
    public int NormalizedShape { get; }

    /// <summary>Added to the variance for numerical stability. Default 1e-5.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>Whether the layer learns a per-feature scale and shift (<c>weight</c>, <c>bias</c>). Default true.</summary>
    public bool ElementwiseAffine { get; set; } = true;

    /// <summary>Whether the layer's parameters are frozen (not trained). Default false.</summary>
    public bool Frozen { get; set; }
}
