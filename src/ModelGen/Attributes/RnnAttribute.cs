using System;

namespace ModelGen;

/// <summary>The non-linearity of an Elman RNN layer.</summary>
public enum RnnNonlinearity
{
    /// <summary><c>tanh</c>, PyTorch's default.</summary>
    Tanh,

    /// <summary><c>relu</c>.</summary>
    Relu,
}

/// <summary>
/// An Elman recurrent layer, PyTorch's <c>nn.RNN(input_size, hidden_size, num_layers, nonlinearity,
/// bias, batch_first=True, dropout, bidirectional)</c>. Put it on a field of type <c>TorchSharp.Modules.RNN</c>.
/// </summary>
/// <remarks>Takes <c>[steps, inputSize]</c> per sample and emits <c>[steps, D·hiddenSize]</c>.</remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class RnnAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inputSize">Features per time step of the input.</param>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    public RnnAttribute(int inputSize, int hiddenSize)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    /// <summary>Features per time step of the input.</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Number of stacked recurrent layers. Default 1.</summary>
    public int NumLayers { get; set; } = 1;

    /// <summary>The non-linearity: <see cref="RnnNonlinearity.Tanh"/> (default) or <see cref="RnnNonlinearity.Relu"/>.</summary>
    public RnnNonlinearity Nonlinearity { get; set; } = RnnNonlinearity.Tanh;

    /// <summary>Whether the layer has bias weights. Default true.</summary>
    public bool Bias { get; set; } = true;

    /// <summary>Dropout probability on the outputs of each layer except the last, in [0, 1]. Default 0.</summary>
    public double Dropout { get; set; }

    /// <summary>Whether the layer runs in both directions, doubling the output features. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Whether the layer's parameters are frozen (not trained). Default false.</summary>
    public bool Frozen { get; set; }
}
