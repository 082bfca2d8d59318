using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// NLinear as neuralforecast writes it: the window's last value subtracted from every step, a linear map over time
/// from 12 steps to 4, and the last value added back to every forecast step.
/// </summary>
[Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
public partial class NLinear
{
    [LastStep]
    [Identity]
    private readonly Identity last;

    [From(FromAttribute.Input, nameof(last), Merge = Merge.Subtract)]
    [TimeLinear(12, 4)]
    private readonly Linear steps;

    [From(nameof(steps), nameof(last), Merge = Merge.Add)]
    [Identity]
    private readonly Identity forecast;
}
