using System;

namespace ModelGen;

/// <summary>
/// A moving average over time, a series decomposition's trend, as darts, Autoformer and DLinear compute it: the
/// sequence padded with <c>(kernelSize − 1) / 2</c> copies of its first step before and of its last step after, then
/// averaged over <see cref="KernelSize"/> steps with a stride of 1, so it keeps its length. In PyTorch:
/// <c>nn.AvgPool1d(kernel_size, stride=1)</c> applied to <c>F.pad(x, (p, p), mode="replicate")</c> on
/// <c>[batch, features, steps]</c>. Put it on a field of type <c>TorchSharp.Modules.AvgPool1d</c>; read the remainder
/// as <c>[From("input", nameof(trend), Merge = Merge.Subtract)]</c>.
/// </summary>
/// <remarks>
/// Per sample, <c>[steps, features]</c> stays <c>[steps, features]</c>; output step t averages input steps
/// <c>t − p</c> to <c>t + p</c> (the ends repeated), so it reads later steps: a decomposition of the window, not a
/// causal filter. The kernel is odd, so the trend is centred, and at most the window's length. As for convolutions,
/// the summary shows the shapes the pooling itself sees: <c>[batch, features, padded steps]</c> in and
/// <c>[batch, features, steps]</c> out. It has no parameters.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class MovingAverageAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Steps each average covers: odd, and no more than the window's steps (darts and DLinear use 25).</param>
    public MovingAverageAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>Steps each average covers.</summary>
    public int KernelSize { get; }
}
