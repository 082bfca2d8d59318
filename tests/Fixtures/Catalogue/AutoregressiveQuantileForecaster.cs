using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>An autoregressive head forecasting quantiles: each step reads out levels 0.1, 0.5 and 0.9 of 2 values and feeds the medians back.</summary>
[Model(Input = [8, 3], Output = [4, 2], Quantiles = [0.1, 0.5, 0.9])]
public partial class AutoregressiveQuantileForecaster
{
    [Lstm(3, 12)]
    private readonly LSTM encoder;

    [LastStep]
    [AutoregressiveGru(12, 2, 4, FirstInput = [0, 2])]
    private readonly AutoregressiveGruHead head;
}
