using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A 2-layer bidirectional GRU read at its first step, where the backward direction has seen the whole window.</summary>
[Model(Input = [10, 4], Output = [3])]
public partial class BidirectionalGru
{
    [Gru(4, 8, NumLayers = 2, Bidirectional = true)]
    private readonly GRU encoder;

    [Step(0)]
    [Linear(16, 3)]
    private readonly Linear head;
}
