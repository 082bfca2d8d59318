using System;

namespace ModelGen;

/// <summary>
/// A long short-term memory layer, PyTorch's <c>nn.LSTM(input_size, hidden_size, num_layers, bias,
/// batch_first=True, dropout, bidirectional)</c>. Put it on a field of type <c>TorchSharp.Modules.LSTM</c>;
/// the final hidden and cell states are not passed on.
/// </summary>
/// <param name="inputSize">Features per time step of the input.</param>
/// <param name="hiddenSize">Features of the hidden state.</param>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LstmAttribute(int inputSize, int hiddenSize) : RecurrentLayerAttribute(inputSize, hiddenSize);
