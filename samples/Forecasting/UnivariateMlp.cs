using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// A second model for one feature, with no recurrence: the ten steps flattened into a perceptron that reads the five
/// out at once. With one value column, <c>--compare</c> trains it beside <see cref="UnivariateModel"/>.
/// </summary>
[Model(Input = [10, 1], Output = [5, 1], MultiOutput = true)]
public partial class UnivariateMlp
{
    [Flatten]
    private readonly Flatten flatten;

    [Linear(10, 64)]
    private readonly Linear hidden;

    [ReLU]
    private readonly ReLU relu;

    [Linear(64, 5)]
    private readonly Linear head;
}
