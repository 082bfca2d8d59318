using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// DLinear's decomposition: the window's moving-average trend and its remainder (the window minus the trend), each
/// flattened, read out by one linear layer (a linear map of both, as DLinear's two summed read-outs are).
/// </summary>
[Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
public partial class DecomposedLinear
{
    [MovingAverage(5)]
    private readonly AvgPool1d trend;

    [From(FromAttribute.Input, nameof(trend), Merge = Merge.Subtract)]
    [Flatten]
    private readonly Flatten remainder;

    [From(nameof(trend))]
    [Flatten]
    private readonly Flatten trendSteps;

    [From(nameof(remainder), nameof(trendSteps))]
    [Linear(48, 8)]
    private readonly Linear head;
}
