using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A temporal convolutional network: causal convolutions with dilations 1, 2 and 4 (grouped, then
/// without bias), so the last step sees the 15 steps before it and no step sees a later one.
/// </summary>
[Model(Input = [24, 3], Output = [5, 1])]
public partial class CausalTcn
{
    [CausalConv1d(3, 8, 3)]
    private readonly Conv1d tcn1;

    [ReLU]
    private readonly ReLU relu1;

    [CausalConv1d(8, 8, 3, Dilation = 2, Groups = 2)]
    private readonly Conv1d tcn2;

    [ReLU]
    private readonly ReLU relu2;

    [CausalConv1d(8, 8, 3, Dilation = 4, Bias = false)]
    private readonly Conv1d tcn3;

    [LastStep]
    [Linear(8, 5)]
    private readonly Linear head;
}
