using ModelGen;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Catalogue;

/// <summary>A BlockRNN's inputs: the past window, covariates known over the horizon, and which series it is.</summary>
public sealed record CovariateInputs(
    [property: Shape(24, 3)] Tensor Past,
    [property: Shape(6, 2)] Tensor Future,
    [property: Categorical(7)] Tensor Series);

/// <summary>
/// A BlockRNN-style model with covariates: the series' (pretrained, frozen) embedding repeated over the past window and
/// joined to it, an LSTM encoder, its last state as context, and a per-step decoder over the known
/// future covariates joined with that context.
/// </summary>
[Model(Inputs = typeof(CovariateInputs), Output = [6, 1])]
public partial class CovariateRnn
{
    [From(nameof(CovariateInputs.Series))]
    [Embedding(8, 3, Frozen = true)]
    private readonly Embedding series;

    [From(nameof(CovariateInputs.Past), nameof(series))]
    [Lstm(6, 16)]
    private readonly LSTM encoder;

    [LastStep]
    [Linear(16, 8)]
    private readonly Linear context;

    [From(nameof(CovariateInputs.Future), nameof(context))]
    [Linear(10, 8)]
    private readonly Linear decoder;

    [ReLU]
    private readonly ReLU relu;

    [Linear(8, 1)]
    private readonly Linear head;
}
