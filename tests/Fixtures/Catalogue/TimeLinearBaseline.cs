using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>The DLinear paper's "Linear" baseline: one linear map over time, shared by the features, 12 steps to 4 (here without a bias).</summary>
[Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
public partial class TimeLinearBaseline
{
    [TimeLinear(12, 4, Bias = false)]
    private readonly Linear time;
}
