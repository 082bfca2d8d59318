using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// The seed model forecasting quantiles (<c>--quantiles</c>): each of the 5 hours at 7 levels, so its central 90%, 80%
/// and 50% intervals, read out at once: 5 · 1 · 7 = 35 values, shaped <c>[batch, 5, 1, 7]</c>. It trains on the
/// pinball loss of its levels, which the trainer chooses from the declaration.
/// </summary>
[Model(Input = [10, 3], Output = [5, 1], Quantiles = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95], MultiOutput = true)]
public partial class QuantileModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 35)]
    private readonly Linear fc;
}

/// <summary>The quantile model for a series of one column (<c>--csv</c> with one value column).</summary>
[Model(Input = [10, 1], Output = [5, 1], Quantiles = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95], MultiOutput = true)]
public partial class UnivariateQuantileModel
{
    [Gru(1, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 35)]
    private readonly Linear fc;
}
