using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// The distributions a model can forecast (<c>[Model(Distribution = ...)]</c>): their parameters, the link functions
/// that map a layer's unconstrained values to valid parameters, sampling, and quantiles of samples. Parameters are in a
/// last dimension, <c>[..., P]</c>, in the order <see cref="ParameterNames"/> gives.
/// </summary>
/// <remarks>
/// The links are those of GluonTS's DeepAR outputs: a location is left as it is; a scale, a mean of counts or a
/// dispersion is <c>softplus(x) = log(1 + eˣ)</c>, at least <see cref="MinimumPositive"/> (float32's machine epsilon, so
/// a log-likelihood never meets a zero scale); Student's degrees of freedom are <c>2 + softplus(x)</c>, at least 2 (in float32,
/// exactly 2 where the softplus is below 2⁻²³ · 2), so its mean is defined; above 2 its variance is finite too.
/// </remarks>
public static class Distributions
{
    /// <summary>The least value a positive parameter takes: float32's machine epsilon, 2⁻²³.</summary>
    public const float MinimumPositive = 1.1920929e-07f;

    /// <summary>The parameters of a distribution, in the order of the output's last dimension.</summary>
    /// <exception cref="ArgumentException"><paramref name="distribution"/> is <see cref="OutputDistribution.None"/> or not defined.</exception>
    public static IReadOnlyList<string> ParameterNames(OutputDistribution distribution) => RowOf(distribution).Parameters;

    /// <summary>
    /// Maps unconstrained values <c>[..., P]</c> to valid parameters: each positive parameter through
    /// <c>max(softplus(x), MinimumPositive)</c> (plus 2 for Student's degrees of freedom), a location unchanged. The
    /// generated forward of a model that declares a distribution ends with it.
    /// </summary>
    /// <exception cref="ArgumentException">The last dimension is not the distribution's parameter count.</exception>
    public static Tensor Link(OutputDistribution distribution, Tensor raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        (float[] positive, float[] offset) = Links(distribution);
        CheckParameters(distribution, raw, nameof(raw));
        using var scope = NewDisposeScope();
        Tensor mask = tensor(positive, device: raw.device).gt(0), shift = tensor(offset, dtype: raw.dtype, device: raw.device);
        Tensor linked = where(mask, nn.functional.softplus(raw).clamp_min(MinimumPositive) + shift, raw);
        return linked.MoveToOuterDisposeScope();
    }

    /// <summary>Each value's mean, <c>[...]</c>: the location of Normal and Student's t (whose degrees of freedom are at least 2), the mean of the negative binomial.</summary>
    public static Tensor Mean(OutputDistribution distribution, Tensor parameters)
    {
        CheckParameters(distribution, parameters, nameof(parameters));
        return parameters.select(-1, 0);
    }

    /// <summary>
    /// Draws <paramref name="paths"/> samples of every value, <c>[..., paths]</c> (the parameters' shape with their
    /// dimension replaced by the paths): Normal as <c>loc + scale · z</c>; Student's t as <c>loc + scale · z / √(2g / df)</c>
    /// with <c>g</c> a Gamma(df / 2) draw; the negative binomial as a Poisson draw of a Gamma(1 / dispersion) rate scaled to its mean.
    /// </summary>
    /// <param name="distribution">The distribution the parameters are of.</param>
    /// <param name="parameters">Its parameters, <c>[..., P]</c>, as a model's forward gives them.</param>
    /// <param name="paths">Samples per value, at least 1.</param>
    /// <param name="generator">A seeded generator for reproducible paths, or null for TorchSharp's default one.</param>
    /// <exception cref="ArgumentException">Fewer than one path, or the parameters' last dimension is not the distribution's.</exception>
    public static Tensor Sample(OutputDistribution distribution, Tensor parameters, int paths, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (paths < 1) throw new ArgumentException($"Draw at least one path; got {paths}.", nameof(paths));
        CheckParameters(distribution, parameters, nameof(parameters));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long[] shape = [.. parameters.shape[..^1], paths];
        Tensor Parameter(int k) => parameters.select(-1, k).unsqueeze(-1).expand(shape);
        Tensor samples;
        switch (distribution)
        {
            case OutputDistribution.Normal:
                samples = Parameter(0) + Parameter(1) * randn(shape, dtype: parameters.dtype, device: parameters.device, generator: generator);
                break;
            case OutputDistribution.StudentT:
            {
                Tensor df = Parameter(2).contiguous();
                Tensor gamma = _standard_gamma(df / 2, generator);
                Tensor z = randn(shape, dtype: parameters.dtype, device: parameters.device, generator: generator);
                samples = Parameter(0) + Parameter(1) * z / (2 * gamma / df).sqrt();
                break;
            }
            default:
            {
                Tensor shapeParameter = 1 / Parameter(1);
                Tensor rate = _standard_gamma(shapeParameter.contiguous(), generator) * Parameter(0) / shapeParameter;
                samples = poisson(rate, generator);
                break;
            }
        }
        return samples.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The quantiles of sampled paths <c>[..., paths]</c> at <paramref name="levels"/>, <c>[..., Q]</c>, interpolating
    /// linearly between order statistics (as <c>torch.quantile</c> and numpy do): a distribution forecast scored as a
    /// quantile forecast, by <see cref="Forecasting.ProbabilisticMetrics"/> or <see cref="Losses.Pinball"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The levels are empty or not increasing in (0, 1).</exception>
    public static Tensor QuantilesOf(Tensor samples, IReadOnlyList<double> levels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Forecasting.ProbabilisticMetrics.CheckLevels(levels);
        if (samples.dim() < 1 || samples.shape[^1] < 1) throw new ArgumentException($"Expected samples [..., paths] with at least one path; got [{string.Join(", ", samples.shape)}].", nameof(samples));
        long n = samples.shape[^1];
        using var scope = NewDisposeScope();
        // Between the order statistics at (n − 1) · q: sorted once, then two gathers (torch.quantile stops at 2²⁴ values).
        double[] positions = [.. levels.Select(l => (n - 1) * l)];
        long[] below = [.. positions.Select(p => (long)Math.Floor(p))], above = [.. below.Select(b => Math.Min(b + 1, n - 1))];
        Tensor sorted = samples.sort(-1).Values;
        Tensor low = sorted.index_select(-1, tensor(below, device: samples.device)), high = sorted.index_select(-1, tensor(above, device: samples.device));
        Tensor fraction = tensor(positions.Select((p, i) => (float)(p - below[i])).ToArray(), dtype: samples.dtype, device: samples.device);
        return (low + fraction * (high - low)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The parameters of a forecast made on standardised values, mapped back to the values' units (<c>y = z · scale +
    /// mean</c>): a location becomes <c>loc · scale + mean</c>, a scale <c>scale · scale</c>, Student's degrees of freedom
    /// stay. <paramref name="mean"/> and <paramref name="scale"/> broadcast against the parameters without their last dimension.
    /// </summary>
    /// <exception cref="NotSupportedException">The negative binomial: counts are modelled as counts, not standardised.</exception>
    public static Tensor Rescale(OutputDistribution distribution, Tensor parameters, Tensor mean, Tensor scale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        CheckParameters(distribution, parameters, nameof(parameters));
        (float[] multiplied, float[] shifted) = RescaleOf(distribution);
        using var scope = NewDisposeScope();
        Tensor m = mean.unsqueeze(-1), s = scale.unsqueeze(-1);
        Tensor a = tensor(multiplied, dtype: parameters.dtype, device: parameters.device), b = tensor(shifted, dtype: parameters.dtype, device: parameters.device);
        return (parameters * (s * a + (1 - a)) + m * b).MoveToOuterDisposeScope();
    }

    /// <summary>Which parameters are multiplied by the scale (1) and which are shifted by the mean (1), for <see cref="Rescale"/> and the ONNX export.</summary>
    internal static (float[] Multiplied, float[] Shifted) RescaleOf(OutputDistribution distribution)
    {
        DistributionRow row = RowOf(distribution);
        return row is { Multiplied: { } multiplied, Shifted: { } shifted } ? (multiplied, shifted) : throw new NotSupportedException(
            "A negative binomial forecasts counts, which are modelled as they are, not standardised: there is nothing to map back. Train it on the counts.");
    }

    internal static int ParameterCount(OutputDistribution distribution) => Links(distribution).Positive.Length;

    /// <summary>Which parameters are positive (1) and what is added to them after the softplus, for the ONNX export.</summary>
    internal static (float[] Positive, float[] Offset) LinkOf(OutputDistribution distribution) => Links(distribution);

    /// <summary>Which parameters are positive (1) and what is added to them after the softplus.</summary>
    private static (float[] Positive, float[] Offset) Links(OutputDistribution distribution)
    {
        DistributionRow row = RowOf(distribution);
        return ([.. row.Positive.Select(p => p ? 1f : 0f)], row.Offset);
    }

    private static DistributionRow RowOf(OutputDistribution distribution) =>
        distribution == OutputDistribution.None ? throw NotADistribution(distribution) : DistributionTable.Of((int)distribution) ?? throw NotADistribution(distribution);

    internal static void CheckParameters(OutputDistribution distribution, Tensor parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        IReadOnlyList<string> names = ParameterNames(distribution);
        if (parameters.dim() < 1 || parameters.shape[^1] != names.Count)
            throw new ArgumentException(
                $"{distribution} has {names.Count} parameters ({string.Join(", ", names)}) in a last dimension, but the tensor is [{string.Join(", ", parameters.shape)}].", name);
    }

    private static ArgumentException NotADistribution(OutputDistribution distribution) =>
        new($"{(Enum.IsDefined(distribution) ? distribution.ToString() : ((int)distribution).ToString(CultureInfo.InvariantCulture))} is not a distribution; expected Normal, StudentT or NegativeBinomial.",
            nameof(distribution));
}
