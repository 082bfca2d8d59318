using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// DLinear, then a mix of the features: the window's moving-average trend and its remainder, each mapped over time
/// from 12 steps to 4 by its own linear layer, summed, and the two features of each step mixed by a Linear. The trend's
/// read-out is frozen (kept as loaded, say from a model fitted on more series).
/// </summary>
[Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
public partial class DLinearMixer
{
    [MovingAverage(5)]
    private readonly AvgPool1d trend;

    [From(FromAttribute.Input, nameof(trend), Merge = Merge.Subtract)]
    [TimeLinear(12, 4)]
    private readonly Linear seasonal;

    [From(nameof(trend))]
    [TimeLinear(12, 4, Frozen = true)]
    private readonly Linear trendSteps;

    [From(nameof(seasonal), nameof(trendSteps), Merge = Merge.Add)]
    [Linear(2, 2)]
    private readonly Linear mix;
}
