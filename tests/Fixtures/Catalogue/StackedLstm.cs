using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A 2-layer LSTM with dropout between layers, normalised per step, read out at the last step.</summary>
[Model(Input = [12, 3], Output = [4, 1])]
public partial class StackedLstm
{
    [Lstm(3, 16, NumLayers = 2, Dropout = 0.1)]
    private readonly LSTM encoder;

    [LayerNorm(16)]
    private readonly LayerNorm norm;

    [LastStep]
    [Linear(16, 4)]
    private readonly Linear head;
}
