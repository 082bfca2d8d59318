using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// DLinear as darts and its paper write it: the window's moving-average trend and its remainder, each mapped over
/// time from 12 steps to 4 by its own linear layer, and the forecast their sum, named by an Identity node.
/// </summary>
[Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
public partial class DLinear
{
    [MovingAverage(5)]
    private readonly AvgPool1d trend;

    [From(FromAttribute.Input, nameof(trend), Merge = Merge.Subtract)]
    [TimeLinear(12, 4)]
    private readonly Linear seasonal;

    [From(nameof(trend))]
    [TimeLinear(12, 4)]
    private readonly Linear trendSteps;

    [From(nameof(seasonal), nameof(trendSteps), Merge = Merge.Add)]
    [Identity]
    private readonly Identity forecast;
}
