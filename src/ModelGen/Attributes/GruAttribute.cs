using System;

namespace ModelGen;

/// <summary>
/// A gated recurrent unit layer, PyTorch's <c>nn.GRU(input_size, hidden_size, num_layers, bias,
/// batch_first=True, dropout, bidirectional)</c>. Put it on a field of type
/// <c>TorchSharp.Modules.GRU</c>; the field's name is the layer's state_dict prefix.
/// </summary>
/// <param name="inputSize">Features per time step of the input; must equal the previous output's last dimension.</param>
/// <param name="hiddenSize">Features of the hidden state.</param>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class GruAttribute(int inputSize, int hiddenSize) : RecurrentLayerAttribute(inputSize, hiddenSize);
