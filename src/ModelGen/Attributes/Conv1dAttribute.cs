using System;

namespace ModelGen;

/// <summary>
/// A 1-D convolution over time, PyTorch's <c>nn.Conv1d(in_channels, out_channels, kernel_size, stride,
/// padding, dilation, groups, bias)</c>, with the features of each step as channels. Put it on a field
/// of type <c>TorchSharp.Modules.Conv1d</c>.
/// </summary>
/// <remarks>
/// ModelGen keeps sequences batch-first and step-major (<c>[batch, steps, features]</c>); Conv1d works
/// on <c>[batch, channels, steps]</c>, so the generated <c>forward</c> transposes once into that layout
/// before a run of convolutions (and the activations and dropout between them) and once back after it.
/// Per sample, <c>[steps, inChannels]</c> becomes <c>[steps', outChannels]</c> with
/// <c>steps' = ⌊(steps + 2·padding − dilation·(kernelSize − 1) − 1) / stride⌋ + 1</c>. The summary
/// shows the shapes the convolution itself sees (<c>[batch, channels, steps]</c>), as torchinfo does.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class Conv1dAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Features per step of the input.</param>
    /// <param name="outChannels">Features per step of the output.</param>
    /// <param name="kernelSize">Steps each output step sees.</param>
    public Conv1dAttribute(int inChannels, int outChannels, int kernelSize)
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

    /// <summary>Steps between the windows of consecutive output steps. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zero steps added at both ends. Default 0.</summary>
    public int Padding { get; set; }

    /// <summary>Spacing between the steps a window sees. Default 1.</summary>
    public int Dilation { get; set; } = 1;

    /// <summary>Channel groups; must divide both channel counts. Default 1.</summary>
    public int Groups { get; set; } = 1;

    /// <summary>Whether the layer adds a learned bias. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Whether the layer's parameters are frozen (not trained). Default false.</summary>
    public bool Frozen { get; set; }
}
