using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Tests.OnnxTraps;

// One small model per thing that goes wrong when a PyTorch model becomes ONNX, exported and run in
// ONNX Runtime by OnnxExportTests against TorchSharp's own output.

/// <summary>GRU: ONNX's gate order z, r, h against PyTorch's r, z, n, and linear_before_reset = 1.</summary>
[Model(Input = [7, 3], Output = [7, 5])]
public partial class GruGates
{
    [Gru(3, 5)]
    private readonly GRU gru;
}

/// <summary>LSTM: ONNX's gate order i, o, f, c against PyTorch's i, f, g, o.</summary>
[Model(Input = [7, 3], Output = [7, 5])]
public partial class LstmGates
{
    [Lstm(3, 5)]
    private readonly LSTM lstm;
}

/// <summary>Stacked and bidirectional: Y is [steps, directions, batch, hidden] between layers; the reverse weights.</summary>
[Model(Input = [6, 2], Output = [6, 8])]
public partial class StackedBidirectionalLstm
{
    [Lstm(2, 4, NumLayers = 3, Bidirectional = true)]
    private readonly LSTM lstm;
}

/// <summary>A bidirectional ReLU RNN without bias: one activation per direction, no B input.</summary>
[Model(Input = [6, 2], Output = [6, 6])]
public partial class BidirectionalReluRnn
{
    [Rnn(2, 3, NumLayers = 2, Bidirectional = true, Bias = false, Nonlinearity = RnnNonlinearity.Relu)]
    private readonly RNN rnn;
}

/// <summary>Step selection: a middle step, by a negative index.</summary>
[Model(Input = [6, 2], Output = [3])]
public partial class MiddleStep
{
    [Gru(2, 4)]
    private readonly GRU gru;

    [Step(-3)]
    [Linear(4, 3)]
    private readonly Linear head;
}

/// <summary>Conv1d's channel layout, with stride, padding, dilation and groups.</summary>
[Model(Input = [11, 4], Output = [6, 6])]
public partial class ConvLayout
{
    [Conv1d(4, 6, 3, Stride = 2, Padding = 2, Dilation = 2, Groups = 2)]
    private readonly Conv1d conv;
}

/// <summary>LayerNorm as LayerNormalization, with and without affine parameters.</summary>
[Model(Input = [5, 6], Output = [5, 6])]
public partial class Norms
{
    [LayerNorm(6, Eps = 1e-3)]
    private readonly LayerNorm affine;

    [LayerNorm(6, ElementwiseAffine = false)]
    private readonly LayerNorm plain;
}

/// <summary>Exact (erf) GELU on values large enough that the tanh approximation would differ.</summary>
[Model(Input = [8], Output = [8])]
public partial class ExactGelu
{
    [Linear(8, 8)]
    private readonly Linear scale;

    [GELU]
    private readonly GELU gelu;
}

/// <summary>An autoregressive head on a vector input: each step fed the previous prediction, the first fed zeros.</summary>
[Model(Input = [4], Output = [6, 2])]
public partial class FeedbackFromZeros
{
    [Linear(4, 5)]
    private readonly Linear encode;

    [AutoregressiveGru(5, 2, 6)]
    private readonly AutoregressiveGruHead head;
}

/// <summary>A step of a rank-3 input selected for a convolution: the step is taken before the run turns channels-first.</summary>
[Model(Input = [2, 10, 3], Output = [10, 4])]
public partial class StepThenConvolution
{
    [Step(1)]
    [CausalConv1d(3, 4, 3, Dilation = 2)]
    private readonly Conv1d conv;

    [ReLU]
    private readonly ReLU relu;
}
