using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>Training losses for the outputs ModelGen models declare.</summary>
public static class Losses
{
    /// <summary>
    /// The pinball (quantile) loss of a quantile forecast: with <c>e = target − prediction</c> for each quantile level
    /// <c>q</c>, the mean over batch, steps, values and quantiles of <c>max(q · e, (q − 1) · e)</c>. A forecast below the
    /// truth costs <c>q</c> per unit, one above it <c>1 − q</c>, so each output is pulled to its own quantile.
    /// </summary>
    /// <param name="prediction">The model's output, <c>[batch, ...Output, Q]</c>: a last dimension of one value per quantile.</param>
    /// <param name="target">The truth, <c>[batch, ...Output]</c>: the prediction's shape without its last dimension.</param>
    /// <param name="quantiles">The quantile levels, one per value of the prediction's last dimension, each in (0, 1): a model's generated <c>Quantiles</c>.</param>
    /// <returns>A scalar tensor, differentiable with respect to <paramref name="prediction"/>.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit (the message names both), or a level is not in (0, 1).</exception>
    /// <example><c>using var loss = Losses.Pinball(model.call(x), y, QuantileForecaster.Quantiles);</c></example>
    public static Tensor Pinball(Tensor prediction, Tensor target, IReadOnlyList<double> quantiles)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(quantiles);
        Forecasting.ProbabilisticMetrics.CheckLevels(quantiles, nameof(quantiles), increasing: false);
        long[] shape = prediction.shape, truth = target.shape;
        if (shape.Length < 2 || shape[^1] != quantiles.Count || !shape[..^1].SequenceEqual(truth))
            throw new ArgumentException(
                $"The prediction is [{string.Join(", ", shape)}] and the target [{string.Join(", ", truth)}], for {quantiles.Count} quantile level(s): " +
                $"expected a prediction of the target's shape with a last dimension of {quantiles.Count}, [{string.Join(", ", truth.Append(quantiles.Count))}].",
                nameof(target));
        using var scope = NewDisposeScope();
        using Tensor levels = tensor(quantiles.Select(q => (float)q).ToArray(), dtype: prediction.dtype, device: prediction.device);
        Tensor error = target.unsqueeze(-1) - prediction;
        return maximum(levels * error, (levels - 1) * error).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The negative log-likelihood of the truth under a distribution forecast, averaged over batch, steps and values:
    /// with <c>z = (y − loc) / scale</c>,
    /// <list type="bullet">
    /// <item><description>Normal: <c>log scale + ½ log 2π + ½ z²</c>;</description></item>
    /// <item><description>Student's t: <c>log scale + ½ log(π · df) + lnΓ(df / 2) − lnΓ((df + 1) / 2) + (df + 1) / 2 · log(1 + z² / df)</c>;</description></item>
    /// <item><description>negative binomial with mean <c>μ</c> and dispersion <c>α</c> (<c>r = 1 / α</c>):
    /// <c>lnΓ(r) + lnΓ(y + 1) − lnΓ(y + r) + r · log(1 + αμ) − y · (log αμ − log(1 + αμ))</c>.</description></item>
    /// </list>
    /// These are PyTorch's <c>-Normal(loc, scale).log_prob(y)</c>, <c>-StudentT(df, loc, scale).log_prob(y)</c> and
    /// <c>-NegativeBinomial(total_count = r, logits = log αμ).log_prob(y)</c>.
    /// </summary>
    /// <param name="prediction">The model's output, <c>[batch, ...Output, P]</c>: the parameters after the model's link (<see cref="Distributions.Link"/>).</param>
    /// <param name="target">The truth, <c>[batch, ...Output]</c>; whole counts (0 or more) for the negative binomial, which should then be trained unscaled.</param>
    /// <param name="distribution">The model's distribution: its generated <c>Distribution</c>.</param>
    /// <returns>A scalar tensor, differentiable with respect to <paramref name="prediction"/>.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit (the message names both), or a count is negative or not whole.</exception>
    /// <example><c>using var loss = Losses.NegativeLogLikelihood(model.call(x), y, NormalForecaster.Distribution);</c></example>
    public static Tensor NegativeLogLikelihood(Tensor prediction, Tensor target, OutputDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        Distributions.CheckParameters(distribution, prediction, nameof(prediction));
        long[] shape = prediction.shape, truth = target.shape;
        int count = (int)shape[^1];
        if (!shape[..^1].SequenceEqual(truth))
            throw new ArgumentException(
                $"The prediction is [{string.Join(", ", shape)}] and the target [{string.Join(", ", truth)}], for {distribution}'s {count} parameters: " +
                $"expected a prediction of the target's shape with a last dimension of {count}, [{string.Join(", ", truth.Append(count))}].",
                nameof(target));
        using var scope = NewDisposeScope();
        if (distribution == OutputDistribution.NegativeBinomial)
        {
            Tensor notCounts = target.lt(0).logical_or(target.ne(target.round())).flatten();
            if (notCounts.any().item<bool>())
            {
                long at = notCounts.nonzero()[0].item<long>();
                throw new ArgumentException(
                    $"The negative binomial is a distribution of counts, but the target holds {target.flatten()[at].item<float>().ToString("R", CultureInfo.InvariantCulture)} at flat index {at}; " +
                    "expected whole counts of 0 or more (train a model of counts on the counts, not standardised).", nameof(target));
            }
        }
        Tensor y = target.to_type(prediction.dtype);
        Tensor nll;
        switch (distribution)
        {
            case OutputDistribution.Normal:
            {
                Tensor loc = prediction.select(-1, 0), scale = prediction.select(-1, 1);
                Tensor z = (y - loc) / scale;
                nll = scale.log() + 0.5 * Math.Log(2 * Math.PI) + 0.5 * z.square();
                break;
            }
            case OutputDistribution.StudentT:
            {
                Tensor loc = prediction.select(-1, 0), scale = prediction.select(-1, 1), df = prediction.select(-1, 2);
                Tensor z = (y - loc) / scale;
                nll = scale.log() + 0.5 * (Math.PI * df).log() + (df / 2).lgamma() - ((df + 1) / 2).lgamma() + (df + 1) / 2 * (z.square() / df).log1p();
                break;
            }
            default:
            {
                // In float64: near the dispersion's floor r = 1/α reaches 8.4e6, where lnΓ(r) and lnΓ(y + r) are near 1e8
                // and their difference would lose whole units in float32.
                Tensor mean = prediction.select(-1, 0).to_type(ScalarType.Float64), dispersion = prediction.select(-1, 1).to_type(ScalarType.Float64);
                Tensor counts = y.to_type(ScalarType.Float64);
                Tensor r = 1 / dispersion, logit = (dispersion * mean).log(), log1pExp = (dispersion * mean).log1p();
                nll = (r.lgamma() + (counts + 1).lgamma() - (counts + r).lgamma() + r * log1pExp - counts * (logit - log1pExp)).to_type(prediction.dtype);
                break;
            }
        }
        return nll.mean().MoveToOuterDisposeScope();
    }
}

/// <summary>Working with the quantile forecasts of a model that declares <c>Quantiles</c>.</summary>
public static class QuantileForecasts
{
    /// <summary>
    /// The forecast with each step's quantiles in increasing order (sorted along the last dimension). Nothing in the
    /// pinball loss stops a trained model's quantiles from crossing (a 0.9 forecast below the 0.5 one) where it has
    /// seen little data; sorting them at inference is the rearrangement of Chernozhukov, Fernández-Val and Galichon
    /// (2010), which never increases the pinball loss against any target, so it costs nothing to apply.
    /// </summary>
    /// <param name="prediction">A quantile forecast, <c>[batch, ...Output, Q]</c>, the levels increasing along the last dimension.</param>
    public static Tensor Sorted(Tensor prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        if (prediction.dim() < 1) throw new ArgumentException("A quantile forecast has a last dimension of quantiles; this is a scalar.", nameof(prediction));
        (Tensor values, Tensor indices) = prediction.sort(-1);
        indices.Dispose();
        return values;
    }
}
