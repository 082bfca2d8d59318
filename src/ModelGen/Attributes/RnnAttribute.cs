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
/// <param name="inputSize">Features per time step of the input.</param>
/// <param name="hiddenSize">Features of the hidden state.</param>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class RnnAttribute(int inputSize, int hiddenSize) : RecurrentLayerAttribute(inputSize, hiddenSize)
{
    /// <summary>The non-linearity: <see cref="RnnNonlinearity.Tanh"/> (default) or <see cref="RnnNonlinearity.Relu"/>.</summary>
    public RnnNonlinearity Nonlinearity { get; set; } = RnnNonlinearity.Tanh;
}
