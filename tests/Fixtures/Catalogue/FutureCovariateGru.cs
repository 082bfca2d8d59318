using ModelGen;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Catalogue;

/// <summary>
/// The inputs of a recurrent model fed future covariates at each decoding step: the past window (the target, then two
/// covariates), the same two covariates over the horizon, and which series it is.
/// </summary>
public sealed record FutureCovariateInputs(
    [property: Shape(24, 3)] Tensor Past,
    [property: Shape(6, 2)] Tensor Future,
    [property: Categorical(5)] Tensor Series);

/// <summary>
/// darts' RNNModel as an encoder and a decoder: a GRU over the past window joined with the series' embedding, then an
/// autoregressive GRU cell seeded with its state, fed at each step the previous prediction (the last observed target
/// first) and that step's row of the future covariates, <c>[y_t, x_{t+1}]</c>.
/// </summary>
[Model(Inputs = typeof(FutureCovariateInputs), Output = [6, 1])]
public partial class FutureCovariateGru
{
    [From(nameof(FutureCovariateInputs.Series))]
    [Embedding(5, 2)]
    private readonly Embedding series;

    [From(nameof(FutureCovariateInputs.Past), nameof(series))]
    [Gru(5, 16)]
    private readonly GRU encoder;

    [LastStep]
    [AutoregressiveGru(16, 1, 6, FirstInput = [0], FirstInputFrom = nameof(FutureCovariateInputs.Past), Covariates = nameof(FutureCovariateInputs.Future))]
    private readonly AutoregressiveGruHead decoder;
}
