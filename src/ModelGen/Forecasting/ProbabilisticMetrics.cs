using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Forecasting;

/// <summary>
/// Scores for probabilistic multi-step forecasts, each reported per horizon step (averaged over windows and targets).
/// Quantile forecasts are laid out <c>[windows, horizon, targets, Q]</c>, as a model that declares <c>Quantiles</c>
/// emits them (one value per level, the levels increasing); sampled paths <c>[windows, horizon, targets, paths]</c>; the
/// truth <c>[windows, horizon, targets]</c>.
/// </summary>
/// <remarks>
/// With <c>e = actual − forecast</c> of level <c>q</c>: the pinball loss is <c>max(q · e, (q − 1) · e)</c>, as in
/// <see cref="Losses.Pinball"/>. The coverage of an interval is the fraction of the truths that fall inside it, ends
/// included: a calibrated 80% interval (levels 0.1 and 0.9) covers 0.8 of them. The continuous ranked probability score
/// (CRPS) of a forecast distribution <c>F</c> at the truth <c>y</c> is <c>∫ (F(x) − 1{x ≥ y})² dx</c>, in the target's
/// units: the mean absolute error for a point forecast, and lower is better.
/// </remarks>
public static class ProbabilisticMetrics
{
    /// <summary>
    /// The pinball loss of each horizon step and level, <c>[horizon, Q]</c>: <c>max(q · e, (q − 1) · e)</c> averaged over
    /// windows and targets. Its mean over steps and levels is <see cref="Losses.Pinball"/> of the same forecasts.
    /// </summary>
    /// <exception cref="ArgumentException">The levels are not increasing in (0, 1), or the lengths do not fit them, the horizon and the targets.</exception>
    public static double[,] PinballLossPerStep(ReadOnlySpan<float> quantiles, ReadOnlySpan<float> actual, int horizon, int targets, IReadOnlyList<double> levels)
    {
        int windows = CheckQuantiles(quantiles, actual, horizon, targets, levels);
        int count = levels.Count;
        var loss = new double[horizon, count];
        for (int w = 0; w < windows; w++)
            for (int h = 0; h < horizon; h++)
                for (int t = 0; t < targets; t++)
                {
                    int i = (w * horizon + h) * targets + t;
                    for (int q = 0; q < count; q++)
                        loss[h, q] += Pinball(levels[q], (double)actual[i] - quantiles[i * count + q]);
                }
        for (int h = 0; h < horizon; h++)
            for (int q = 0; q < count; q++)
                loss[h, q] /= (double)windows * targets;
        return loss;
    }

    /// <summary>
    /// The coverage of each horizon step: the fraction of truths between the forecasts of levels
    /// <paramref name="lower"/> and <paramref name="upper"/> (ends included), which a calibrated forecast makes
    /// <c>upper − lower</c>.
    /// </summary>
    /// <param name="quantiles">The quantile forecasts, <c>[windows, horizon, targets, Q]</c>.</param>
    /// <param name="actual">The truth, <c>[windows, horizon, targets]</c>.</param>
    /// <param name="horizon">Steps per window.</param>
    /// <param name="targets">Values per step.</param>
    /// <param name="levels">The forecasts' quantile levels, increasing.</param>
    /// <param name="lower">The interval's lower level, one of <paramref name="levels"/> (0.1 for the central 80% interval).</param>
    /// <param name="upper">Its upper level, one of <paramref name="levels"/> above <paramref name="lower"/> (0.9).</param>
    /// <exception cref="ArgumentException">A bound is not one of the levels, or the lower is not below the upper.</exception>
    public static double[] CoveragePerStep(ReadOnlySpan<float> quantiles, ReadOnlySpan<float> actual, int horizon, int targets, IReadOnlyList<double> levels,
        double lower, double upper)
    {
        int windows = CheckQuantiles(quantiles, actual, horizon, targets, levels);
        int low = IndexOf(levels, lower, nameof(lower)), high = IndexOf(levels, upper, nameof(upper));
        if (low >= high)
            throw new ArgumentException($"The interval's lower level {Text(lower)} must be below its upper level {Text(upper)}.", nameof(upper));
        int count = levels.Count;
        var covered = new double[horizon];
        for (int w = 0; w < windows; w++)
            for (int h = 0; h < horizon; h++)
                for (int t = 0; t < targets; t++)
                {
                    int i = (w * horizon + h) * targets + t;
                    if (actual[i] >= quantiles[i * count + low] && actual[i] <= quantiles[i * count + high]) covered[h]++;
                }
        for (int h = 0; h < horizon; h++) covered[h] /= (double)windows * targets;
        return covered;
    }

    /// <summary>
    /// The central intervals the levels hold: each pair of levels <c>q &lt; 0.5</c> and <c>1 − q</c>, widest first, with
    /// its nominal coverage <c>1 − 2q</c> (levels 0.1, 0.5, 0.9 hold the 80% interval).
    /// </summary>
    public static IReadOnlyList<(double Lower, double Upper, double Nominal)> CentralIntervals(IReadOnlyList<double> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return [.. levels.Where(q => q < 0.5)
            .Select(q => (Lower: q, Mirror: LevelIndex(levels, 1 - q)))
            .Where(p => p.Mirror >= 0)
            .Select(p => (p.Lower, Upper: levels[p.Mirror]))
            .Select(p => (p.Lower, p.Upper, Nominal: Math.Round(1 - 2 * p.Lower, 9)))
            .OrderByDescending(p => p.Nominal)];
    }

    /// <summary>
    /// The CRPS of each horizon step from quantile forecasts: twice the pinball loss averaged over the levels,
    /// <c>(2 / Q) · Σ_q max(q · e_q, (q − 1) · e_q)</c>. The CRPS is <c>2 ∫₀¹ pinball_q dq</c>, so this is a rule for that
    /// integral at the levels given: at the midpoints <c>(k − ½) / Q</c> the midpoint rule, which is exact for an empirical
    /// distribution whose quantiles there are its order statistics; at uneven levels an estimate weighted toward where they
    /// crowd (it understates the CRPS when they leave the tails out). Compare forecasts scored with the same levels.
    /// </summary>
    public static double[] ContinuousRankedProbabilityScorePerStep(ReadOnlySpan<float> quantiles, ReadOnlySpan<float> actual, int horizon, int targets,
        IReadOnlyList<double> levels)
    {
        double[,] pinball = PinballLossPerStep(quantiles, actual, horizon, targets, levels);
        var crps = new double[horizon];
        for (int h = 0; h < horizon; h++)
        {
            for (int q = 0; q < levels.Count; q++) crps[h] += pinball[h, q];
            crps[h] *= 2.0 / levels.Count;
        }
        return crps;
    }

    /// <summary>
    /// The CRPS of each horizon step from sampled paths <c>[windows, horizon, targets, paths]</c>: for the empirical
    /// distribution of the samples <c>x₁ … xₙ</c>, <c>(1/n) Σ |xᵢ − y| − (1/(2n²)) Σᵢ Σⱼ |xᵢ − xⱼ|</c> (exactly the CRPS of
    /// that distribution; one path gives the absolute error).
    /// </summary>
    /// <exception cref="ArgumentException">No paths, or the lengths do not fit the paths, the horizon and the targets.</exception>
    public static double[] ContinuousRankedProbabilityScoreOfSamplesPerStep(ReadOnlySpan<float> samples, ReadOnlySpan<float> actual, int horizon, int targets, int paths)
    {
        if (paths < 1) throw new ArgumentOutOfRangeException(nameof(paths), paths, $"Give at least one sampled path; got {paths}.");
        int windows = CheckLengths(samples, actual, horizon, targets, paths, "paths");
        var crps = new double[horizon];
        var sorted = new double[paths];
        for (int w = 0; w < windows; w++)
            for (int h = 0; h < horizon; h++)
                for (int t = 0; t < targets; t++)
                {
                    int i = (w * horizon + h) * targets + t;
                    double y = actual[i], absolute = 0, spread = 0;
                    for (int p = 0; p < paths; p++)
                    {
                        sorted[p] = samples[i * paths + p];
                        absolute += Math.Abs(sorted[p] - y);
                    }
                    // Σᵢ Σⱼ |xᵢ − xⱼ| over sorted samples: each x₍ⱼ₎ is above j of them and below n − 1 − j.
                    Array.Sort(sorted);
                    for (int j = 0; j < paths; j++) spread += sorted[j] * (2 * j - paths + 1);
                    crps[h] += absolute / paths - spread / ((double)paths * paths);
                }
        for (int h = 0; h < horizon; h++) crps[h] /= (double)windows * targets;
        return crps;
    }

    /// <summary>The pinball loss of level <paramref name="level"/> at the error <c>e = actual − forecast</c>.</summary>
    internal static double Pinball(double level, double error) => Math.Max(level * error, (level - 1) * error);

    /// <summary>Checks quantile levels: at least one, each in (0, 1), and (with <paramref name="increasing"/>) increasing; the exception names <paramref name="parameter"/>.</summary>
    internal static void CheckLevels(IReadOnlyList<double> levels, string parameter = "levels", bool increasing = true)
    {
        ArgumentNullException.ThrowIfNull(levels, parameter);
        if (levels.Count == 0) throw new ArgumentException("Give at least one quantile level.", parameter);
        for (int q = 0; q < levels.Count; q++)
        {
            if (!(levels[q] > 0 && levels[q] < 1))
                throw new ArgumentException($"Quantile level {q} is {Text(levels[q])}; each level must lie in (0, 1).", parameter);
            if (increasing && q > 0 && !(levels[q] > levels[q - 1]))
                throw new ArgumentException($"The levels must increase, but level {q} ({Text(levels[q])}) follows {Text(levels[q - 1])}.", parameter);
        }
    }

    /// <summary>Where <paramref name="level"/> is among <paramref name="levels"/> (to within 1e-9, as written in code), or -1.</summary>
    internal static int LevelIndex(IReadOnlyList<double> levels, double level)
    {
        for (int q = 0; q < levels.Count; q++)
            if (Math.Abs(levels[q] - level) < 1e-9) return q;
        return -1;
    }

    private static int CheckQuantiles(ReadOnlySpan<float> quantiles, ReadOnlySpan<float> actual, int horizon, int targets, IReadOnlyList<double> levels)
    {
        CheckLevels(levels);
        return CheckLengths(quantiles, actual, horizon, targets, levels.Count, "quantile levels");
    }

    private static int CheckLengths(ReadOnlySpan<float> forecasts, ReadOnlySpan<float> actual, int horizon, int targets, int perValue, string what)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be at least one step; got {horizon}.");
        if (targets <= 0) throw new ArgumentOutOfRangeException(nameof(targets), targets, $"There must be at least one target; got {targets}.");
        if (actual.Length == 0 || actual.Length % (horizon * targets) != 0)
            throw new ArgumentException($"Expected a non-empty multiple of horizon × targets = {horizon * targets} actual values; got {actual.Length}.", nameof(actual));
        if (forecasts.Length != (long)actual.Length * perValue)
            throw new ArgumentException(
                $"The forecasts have {forecasts.Length} values; for {actual.Length} actual values and {perValue} {what} expected {(long)actual.Length * perValue}, " +
                "laid out [windows, horizon, targets, " + (what == "paths" ? "paths" : "Q") + "].", nameof(forecasts));
        return actual.Length / (horizon * targets);
    }

    private static int IndexOf(IReadOnlyList<double> levels, double level, string parameter) =>
        LevelIndex(levels, level) is int q and >= 0
            ? q
            : throw new ArgumentException($"The level {Text(level)} is not among the forecast's levels ({string.Join(", ", levels.Select(Text))}).", parameter);

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
