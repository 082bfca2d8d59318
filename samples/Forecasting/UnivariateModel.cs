using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// The seed model for one feature: ten steps of a single series in, five read out at once. The sample trains it on a
/// panel whose table has one value column (<c>--id</c> with one <c>--features</c> column), such as data/fertility.csv.
/// </summary>
[Model(Input = [10, 1], Output = [5, 1], MultiOutput = true)]
public partial class UnivariateModel
{
    [Gru(1, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 5)]
    private readonly Linear fc;
}
