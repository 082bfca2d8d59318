using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A decomposition's remainder read out: a learned per-step "trend" of the window subtracted from it
/// (<c>Merge.Subtract</c>), the remainder flattened into a linear read-out of 5 steps.
/// </summary>
[Model(Input = [10, 3], Output = [5, 1], MultiOutput = true)]
public partial class RemainderMlp
{
    [Linear(3, 3)]
    private readonly Linear trend;

    [From(FromAttribute.Input, nameof(trend), Merge = Merge.Subtract)]
    [Flatten]
    private readonly Flatten flatten;

    [Linear(30, 5)]
    private readonly Linear head;
}
