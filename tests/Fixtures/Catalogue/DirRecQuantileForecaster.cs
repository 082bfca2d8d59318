using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A DirRec head forecasting quantiles: each step's read-out gives levels 0.25, 0.5 and 0.75, and later steps read the earlier medians.</summary>
[Model(Input = [8, 2], Output = [3, 1], Quantiles = [0.25, 0.5, 0.75])]
public partial class DirRecQuantileForecaster
{
    [Gru(2, 6)]
    private readonly GRU encoder;

    [LastStep]
    [DirRec(6, 1, 3)]
    private readonly DirRecHead head;
}
