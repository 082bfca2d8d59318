using System;

namespace ModelGen;

/// <summary>
/// A fully connected layer, PyTorch's <c>nn.Linear(in_features, out_features, bias)</c>, applied to
/// the last dimension of its input. Put it on a field of type <c>TorchSharp.Modules.Linear</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LinearAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Size of the input's last dimension.</param>
    /// <param name="outFeatures">Size of the output's last dimension.</param>
    public LinearAttribute(int inFeatures, int outFeatures)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    /// <summary>Size of the input's last dimension.</summary>
    public int InFeatures { get; }

    /// <summary>Size of the output's last dimension.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer adds a learned bias. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>
    /// Whether the layer's parameters are frozen (<c>requires_grad = false</c>), e.g. for a pretrained
    /// part. The summary counts them as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
