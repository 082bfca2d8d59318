using System;

namespace ModelGen;

/// <summary>
/// Linear interpolation of a vector to <see cref="Size"/> values, as N-HiTS turns a block's few forecast knots into
/// the horizon: PyTorch's <c>F.interpolate(x, size, mode="linear")</c> (<c>align_corners=False</c>) on the vector viewed as
/// one channel, <c>[batch, 1, knots]</c>, which is <c>nn.Upsample(size=size, mode="linear")</c>. Put it on a field of
/// type <c>TorchSharp.Modules.Upsample</c>.
/// </summary>
/// <remarks>
/// Per sample, <c>[knots]</c> becomes <c>[size]</c>: output <c>i</c> reads the knots around
/// <c>(i + ½) · knots / size − ½</c> (clamped to the first and last knot), weighted by its distance to each, so one
/// knot gives a constant and as many knots as values give the knots themselves. Each output depends on at most two
/// knots. The summary shows the shapes the module itself sees, <c>[batch, 1, knots]</c> and <c>[batch, 1, size]</c>, as
/// torchinfo does. It has no parameters; the ONNX export writes it as one <c>MatMul</c> by the constant interpolation
/// weights.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class InterpolateAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="size">Values out: the horizon for a forecast, the window for a backcast.</param>
    public InterpolateAttribute(int size) => Size = size;

    /// <summary>Values out.</summary>
    public int Size { get; }
}
