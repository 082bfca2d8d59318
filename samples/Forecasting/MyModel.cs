using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// The seed model: 10 steps of 3 features → a 2-layer GRU → the last step → Linear → 5 future
/// values of the target. ModelGen generates the TorchSharp module, its summary, and warns
/// (MG1001) that the 5 outputs are read out at once, not one after another.
/// </summary>
[Model(Input = [10, 3], Output = [5, 1])]
public partial class MyModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 5)]
    private readonly Linear fc;
}
