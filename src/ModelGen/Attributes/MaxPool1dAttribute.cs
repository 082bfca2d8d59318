using System;

namespace ModelGen;

/// <summary>
/// Max pooling over the steps of a vector, as N-HiTS pools its input window: each output value is the largest of
/// <see cref="KernelSize"/> consecutive values, every <see cref="Stride"/> values. In PyTorch:
/// <c>nn.MaxPool1d(kernel_size, stride, ceil_mode=...)</c> on the vector viewed as one channel,
/// <c>[batch, 1, length]</c>. Put it on a field of type <c>TorchSharp.Modules.MaxPool1d</c>.
/// </summary>
/// <remarks>
/// Per sample, <c>[length]</c> becomes <c>[(length − kernelSize) / stride + 1]</c>, rounded down, or with
/// <see cref="CeilMode"/> rounded up, so a last, shorter window at the end is pooled too (darts' and neuralforecast's
/// N-HiTS: <c>ceil_mode=True</c>, <c>stride = kernel_size</c>, so 24 values pooled by 5 give 5). The summary shows
/// the shapes the pooling itself sees, <c>[batch, 1, length]</c>, as torchinfo does. It has no parameters.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class MaxPool1dAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="kernelSize">Values each maximum covers: at least 1, and no more than the vector's length.</param>
    public MaxPool1dAttribute(int kernelSize) => KernelSize = kernelSize;

    /// <summary>Values each maximum covers.</summary>
    public int KernelSize { get; }

    /// <summary>Values between the starts of consecutive windows; 0 (the default) means <see cref="KernelSize"/>, as in PyTorch.</summary>
    public int Stride { get; set; }

    /// <summary>Whether a last window that runs past the end is pooled too (PyTorch's <c>ceil_mode</c>). Default false, as in PyTorch.</summary>
    public bool CeilMode { get; set; }
}
