using System;

namespace ModelGen;

/// <summary>
/// A gated recurrent unit layer, PyTorch's <c>nn.GRU(input_size, hidden_size, num_layers, bias,
/// batch_first=True, dropout, bidirectional)</c>. Put it on a field of type
/// <c>TorchSharp.Modules.GRU</c>; the field's name is the layer's state_dict prefix.
/// </summary>
/// <remarks>
/// Takes <c>[steps, inputSize]</c> per sample and emits the whole output sequence
/// <c>[steps, D·hiddenSize]</c> (D = 2 when bidirectional). The final hidden state is not passed on;
/// put <see cref="LastStepAttribute"/> on the next layer to read the last step.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class GruAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">Features per time step of the input; must equal the previous output's last dimension.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    public GruAttribute(int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    /// <summary>Features per time step of the input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked recurrent layers (PyTorch's <c>num_layers</c>). Default 1.</summary>
    public int NumLayers { get; set; } = 1;

    /// <summary>Whether the layer has bias weights <c>b_ih</c> and <c>b_hh</c>. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Dropout probability on the outputs of each layer except the last, in [0, 1]. Default 0.</summary>
    public double Dropout { get; set; }

    /// <summary>Whether the layer runs in both directions, doubling the output features. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>
    /// Whether the layer's parameters are frozen (<c>requires_grad = false</c>), e.g. for a pretrained
    /// part. The summary counts them as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
