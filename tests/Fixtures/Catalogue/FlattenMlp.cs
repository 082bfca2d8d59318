using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>No recurrence: the window flattened into a multi-layer perceptron, normalised without learned scale.</summary>
[Model(Input = [10, 3], Output = [5, 1])]
public partial class FlattenMlp
{
    [Flatten]
    private readonly Flatten flatten;

    [Linear(30, 16)]
    private readonly Linear hidden;

    [LayerNorm(16, ElementwiseAffine = false, Eps = 1e-3)]
    private readonly LayerNorm norm;

    [ReLU]
    private readonly ReLU relu;

    [Dropout(0.1)]
    private readonly Dropout dropout;

    [Linear(16, 5)]
    private readonly Linear head;
}
