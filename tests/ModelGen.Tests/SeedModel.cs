using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Tests;

// The seed model exactly as issue #2 declares it: the runtime tests use what the generator makes of it.
[Model(Input = [10, 3], Output = [5, 1])]
public partial class MyModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 5)]
    private readonly Linear fc;
}
