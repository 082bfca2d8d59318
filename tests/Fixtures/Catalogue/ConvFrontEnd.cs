using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>Two convolutions over time (padded; then strided, dilated and grouped) in front of a GRU.</summary>
[Model(Input = [16, 3], Output = [5, 1])]
public partial class ConvFrontEnd
{
    [Conv1d(3, 8, 3, Padding = 1)]
    private readonly Conv1d conv1;

    [ReLU]
    private readonly ReLU relu;

    [Conv1d(8, 8, 3, Stride = 2, Dilation = 2, Groups = 2)]
    private readonly Conv1d conv2;

    [Gru(8, 16)]
    private readonly GRU gru;

    [LastStep]
    [Dropout(0.2)]
    private readonly Dropout dropout;

    [Linear(16, 5)]
    private readonly Linear head;
}
