using ModelGen;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Catalogue;

/// <summary>TiDE's residual MLP: dense, ReLU, dense, dropout, and the input added back through a Linear when the widths differ.</summary>
[Block(Residual = true)]
public partial class MlpResidual
{
    public const int In = 16, Hidden = 32, Out = 16;

    [Linear(In, Hidden)]
    private readonly Linear dense;

    [ReLU]
    private readonly ReLU relu;

    [Linear(Hidden, Out)]
    private readonly Linear project;

    [Dropout(0.1)]
    private readonly Dropout dropout;
}

/// <summary>TiDE's block: the residual MLP, then layer normalisation of its output. Its consts pass down to the inner block.</summary>
[Block]
public partial class TideBlock
{
    public const int In = 16, Hidden = 32, Out = 16;

    [With(nameof(MlpResidual.In), In)]
    [With(nameof(MlpResidual.Hidden), Hidden)]
    [With(nameof(MlpResidual.Out), Out)]
    private readonly MlpResidual residual;

    [LayerNorm(Out)]
    private readonly LayerNorm norm;
}

/// <summary>A TiDE-style model's inputs: the past window and covariates known over the horizon.</summary>
public sealed record TideInputs(
    [property: Shape(16, 2)] Tensor Past,
    [property: Shape(4, 3)] Tensor Future);

/// <summary>
/// A TiDE-style model: the known future covariates projected step by step, the past and the projection
/// flattened and joined, a dense encoder and decoder of residual blocks, a read-out of the horizon, and
/// a linear skip from the past window added before it.
/// </summary>
[Model(Inputs = typeof(TideInputs), Output = [4, 1], MultiOutput = true)]
public partial class TideMlp
{
    [From(nameof(TideInputs.Future))]
    [With(nameof(TideBlock.In), 3)]
    [With(nameof(TideBlock.Hidden), 8)]
    [With(nameof(TideBlock.Out), 2)]
    private readonly TideBlock projection;

    [Flatten]
    private readonly Flatten futureFlat;

    [From(nameof(TideInputs.Past))]
    [Flatten]
    private readonly Flatten pastFlat;

    [From(nameof(pastFlat), nameof(futureFlat))]
    [With(nameof(TideBlock.In), 40)]
    private readonly TideBlock encoder;

    [With(nameof(TideBlock.Out), TideBlock.Out / 2)]
    private readonly TideBlock decoder;

    [From(nameof(pastFlat))]
    [Linear(32, 8)]
    private readonly Linear skip;

    [From(nameof(decoder), nameof(skip), Merge = Merge.Add)]
    [Linear(8, 4)]
    private readonly Linear head;
}
