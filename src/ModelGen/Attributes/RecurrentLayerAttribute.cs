using System;

namespace ModelGen;

/// <summary>
/// What PyTorch's recurrent layers (<c>nn.GRU</c>, <c>nn.LSTM</c>, <c>nn.RNN</c>) share, with
/// <c>batch_first=True</c>. Takes <c>[steps, inputSize]</c> per sample and emits the output sequence
/// <c>[steps, D·hiddenSize]</c> (D = 2 when bidirectional); the final states are not passed on: put
/// <see cref="LastStepAttribute"/> on the next layer to read the last step.
/// </summary>
public abstract class RecurrentLayerAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">Features per time step of the input; must equal the previous output's last dimension.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    protected RecurrentLayerAttribute(int inputSize, int hiddenSize)
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

    /// <summary>Whether the layer has bias weights (<c>b_ih</c>, <c>b_hh</c>). Default true.</summary>
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
