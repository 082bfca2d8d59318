using TorchSharp;

namespace ModelGen;

/// <summary>
/// Called with each prediction a model feeds back into itself (step <paramref name="step"/>,
/// <c>[batch, values]</c>); returns the tensor to feed back instead. Returning the prediction leaves
/// the model unchanged; the dependence probe returns a leaf it can differentiate with respect to.
/// </summary>
public delegate torch.Tensor FeedbackHook(int step, torch.Tensor prediction);

/// <summary>
/// Asks an autoregressive head that forecasts a distribution to decode one sampled path per sample, as DeepAR does:
/// each step draws from its distribution and feeds that draw (not the mean) to the next step. The generated
/// <c>Sample(input, paths)</c> passes it; without it the head decodes its deterministic path, feeding back the mean.
/// </summary>
/// <param name="Generator">A seeded generator for paths that repeat, or null for TorchSharp's default one.</param>
public sealed record PathSampling(torch.Generator? Generator);

/// <summary>
/// Implemented by every generated model with named inputs (<c>Inputs = typeof(TInput)</c>): a forward pass that
/// exposes the values it feeds back. Models with one input tensor implement <see cref="IForecastModel"/>.
/// </summary>
/// <typeparam name="TInput">What the model's <c>forward</c> takes: its inputs record.</typeparam>
public interface IForecastModel<in TInput>
{
    /// <summary>
    /// Output steps: the horizon of a model that forecasts several steps (its head's), else 1 (the whole
    /// output is one forecast).
    /// </summary>
    int Horizon { get; }

    /// <summary>
    /// Runs the model like <c>forward</c>, passing every prediction it feeds back as the input of a
    /// later step through <paramref name="feedback"/>. A model with no feedback path never calls it.
    /// </summary>
    torch.Tensor Forecast(TInput input, FeedbackHook? feedback);
}

/// <summary>Implemented by every generated model with one input tensor: a forward pass that exposes the values it feeds back.</summary>
public interface IForecastModel : IForecastModel<torch.Tensor>
{
}

/// <summary>
/// Implemented by every generated model whose head feeds its predictions back (autoregressive, DirRec): a forward pass
/// for training that feeds the true previous values instead, with a probability (teacher forcing, scheduled sampling).
/// <see cref="Forecasting.ForecastTrainer"/> uses it for such models without being told.
/// </summary>
/// <typeparam name="TInput">What the model's <c>forward</c> takes: a tensor, or its inputs record.</typeparam>
public interface ITeacherForcedModel<in TInput>
{
    /// <summary>
    /// Runs the model for training: while it is in training mode, each step is fed the true previous value from
    /// <paramref name="targets"/> with probability <paramref name="teacherForcingRatio"/>, and its own prediction otherwise.
    /// </summary>
    torch.Tensor TrainingForward(TInput input, torch.Tensor targets, double teacherForcingRatio);
}

/// <summary>
/// Implemented by every generated model that declares <c>Quantiles</c>: its output has a last dimension of one value per
/// level, <c>[batch, ...Output, Q]</c>, and it trains with <see cref="Losses.Pinball"/> on those levels
/// (<see cref="Forecasting.ForecastTrainer"/> does so without being told).
/// </summary>
public interface IQuantileModel
{
    /// <summary>The quantile levels, strictly increasing, in the order of the output's last dimension.</summary>
    System.Collections.Generic.IReadOnlyList<double> Quantiles { get; }
}

/// <summary>
/// Implemented by every generated model that declares <c>Distribution</c>: its output holds each value's distribution
/// parameters in a last dimension, <c>[batch, ...Output, P]</c>, and it trains with
/// <see cref="Losses.NegativeLogLikelihood"/> (<see cref="Forecasting.ForecastTrainer"/> does so without being told).
/// </summary>
public interface IDistributionModel
{
    /// <summary>The distribution whose parameters the output holds.</summary>
    OutputDistribution Distribution { get; }
}

/// <summary>A model with one input tensor whose head feeds its predictions back: see <see cref="ITeacherForcedModel{TInput}"/>.</summary>
public interface ITeacherForcedModel : ITeacherForcedModel<torch.Tensor>
{
}
