using System;

namespace ModelGen;

/// <summary>
/// A causal, dilated 1-D convolution over time, as temporal convolutional networks (TCNs) use it:
/// each output step sees only its own input step and earlier ones, never a later one. It pads
/// <c>dilation·(kernelSize − 1)</c> zero steps on the left only, so a sequence keeps its length. In
/// PyTorch: <c>nn.Conv1d(in_channels, out_channels, kernel_size, dilation=dilation, groups=groups,
/// bias=bias)</c> applied to <c>F.pad(x, (dilation·(kernel_size − 1), 0))</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Conv1d</c>; the field's name is the convolution's state_dict prefix.
/// </summary>
/// <remarks>
/// Per sample, <c>[steps, inChannels]</c> becomes <c>[steps, outChannels]</c>; output step t reads input
/// steps <c>t − dilation·(kernelSize − 1)</c> to t, every <c>dilation</c>-th one. Stacking layers with
/// dilations 1, 2, 4, … widens that window exponentially. As for <see cref="Conv1dAttribute"/>, the
/// summary shows the shapes the convolution itself sees: <c>[batch, channels, padded steps]</c> in and
/// <c>[batch, channels, steps]</c> out.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class CausalConv1dAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Features per step of the input.</param>
    /// <param name="outChannels">Features per step of the output.</param>
    /// <param name="kernelSize">Steps each output step sees (spaced <see cref="Dilation"/> apart).</param>
    public CausalConv1dAttribute(int inChannels, int outChannels, int kernelSize)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
    }

    /// <summary>Features per step of the input.</summary>
    public int InChannels { get; }

    /// <summary>Features per step of the output.</summary>
    public int OutChannels { get; }

    /// <summary>Steps each output step sees.</summary>
    public int KernelSize { get; }

    /// <summary>Spacing between the steps a window sees. Default 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Channel groups; must divide both channel counts. Default 1.</summary>
    public int Groups { get; set; } = 1;

    /// <summary>Whether the layer adds a learned bias. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Whether the layer's parameters are frozen (not trained). Default false.</summary>
    public bool Frozen { get; set; }
}
