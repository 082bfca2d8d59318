using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A pretrained front end whose parameters stay fixed (a causal and a plain convolution, a layer
/// norm and a projection, some without bias), with a trainable GRU and head.
/// </summary>
[Model(Input = [12, 4], Output = [3])]
public partial class PretrainedFrontEnd
{
    [CausalConv1d(4, 6, 2, Frozen = true)]
    private readonly Conv1d causal;

    [Conv1d(6, 6, 3, Bias = false, Frozen = true)]
    private readonly Conv1d conv;

    [LayerNorm(6, Frozen = true)]
    private readonly LayerNorm norm;

    [Gru(6, 8)]
    private readonly GRU gru;

    [LastStep]
    [Linear(8, 8, Bias = false, Frozen = true)]
    private readonly Linear proj;

    [Tanh]
    private readonly Tanh squash;

    [Linear(8, 3)]
    private readonly Linear head;
}
