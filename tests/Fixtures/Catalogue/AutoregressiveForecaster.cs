using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A GRU encoder and an autoregressive GRU decoder, started from the last observed target (feature 0).</summary>
[Model(Input = [10, 3], Output = [5, 1])]
public partial class AutoregressiveForecaster
{
    [Gru(3, 16, NumLayers = 2)]
    private readonly GRU encoder;

    [LastStep]
    [AutoregressiveGru(16, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead head;
}
