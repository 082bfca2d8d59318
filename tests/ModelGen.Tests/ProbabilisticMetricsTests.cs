using System;
using System.Linq;
using ModelGen.Forecasting;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public sealed class ProbabilisticMetricsTests
{
    // Two windows, two steps, one target, levels 0.1 and 0.9: [windows, horizon, targets, Q].
    private static readonly double[] Levels = [0.1, 0.9];
    private static readonly float[] Quantiles = [0, 2, /* step 2 */ 1, 5, /* window 2 */ -1, 1, /* step 2 */ 4, 6];
    private static readonly float[] Actual = [3, 5, 0, 4];

    [Fact]
    public void Pinball_loss_per_step_and_level_is_the_formula_by_hand_and_averages_to_the_training_loss()
    {
        double[,] loss = ProbabilisticMetrics.PinballLossPerStep(Quantiles, Actual, horizon: 2, targets: 1, Levels);

        // Step 1: window 1 truth 3 above both (0.1 · 3, 0.9 · 1); window 2 truth 0 inside (0.1 · 1, 0.1 · 1).
        Assert.Equal((0.1 * 3 + 0.1 * 1) / 2, loss[0, 0], 12);
        Assert.Equal((0.9 * 1 + 0.1 * 1) / 2, loss[0, 1], 12);
        // Step 2: window 1 truth 5 at the upper end (0.1 · 4, 0); window 2 truth 4 at the lower end (0, 0.1 · 2).
        Assert.Equal((0.1 * 4 + 0) / 2, loss[1, 0], 12);
        Assert.Equal((0 + 0.1 * 2) / 2, loss[1, 1], 12);

        using var prediction = tensor(Quantiles, [2, 2, 1, 2]);
        using var target = tensor(Actual, [2, 2, 1]);
        using var pinball = Losses.Pinball(prediction, target, Levels);
        Assert.Equal(loss.Cast<double>().Average(), pinball.item<float>(), 6);
    }

    [Fact]
    public void Coverage_counts_the_truths_inside_the_interval_ends_included()
    {
        double[] coverage = ProbabilisticMetrics.CoveragePerStep(Quantiles, Actual, 2, 1, Levels, 0.1, 0.9);

        Assert.Equal([0.5, 1.0], coverage); // step 1: 3 is outside [0, 2], 0 inside [-1, 1]; step 2: 5 at the upper end of [1, 5], 4 at the lower end of [4, 6]
    }

    [Fact]
    public void Central_intervals_pair_each_level_below_the_median_with_its_mirror_widest_first()
    {
        var intervals = ProbabilisticMetrics.CentralIntervals([0.05, 0.1, 0.25, 0.5, 0.9, 0.95]);

        Assert.Equal([(0.05, 0.95, 0.9), (0.1, 0.9, 0.8)], intervals); // 0.25 has no 0.75
        Assert.Empty(ProbabilisticMetrics.CentralIntervals([0.1, 0.5]));
    }

    [Fact]
    public void Sample_crps_of_one_path_is_the_absolute_error_and_of_two_is_the_integral_by_hand()
    {
        Assert.Equal([3.0, 2.0], ProbabilisticMetrics.ContinuousRankedProbabilityScoreOfSamplesPerStep([1f, 5f], [4f, 3f], 2, 1, paths: 1));

        // Samples 0 and 2, truth 1: F is 0.5 on [0, 2), so ∫ (F − 1{x ≥ 1})² = 0.25 · 1 + 0.25 · 1.
        Assert.Equal(0.5, ProbabilisticMetrics.ContinuousRankedProbabilityScoreOfSamplesPerStep([2f, 0f], [1f], 1, 1, paths: 2)[0], 12);
    }

    [Fact]
    public void Quantile_crps_at_the_midpoint_levels_of_sorted_samples_equals_their_sample_crps()
    {
        // For samples x₍₁₎ ≤ … ≤ x₍ₙ₎, the CRPS of their empirical distribution is (2/n) Σ pinball at levels (k − ½)/n:
        // the two estimators agree exactly, which checks each against the other (up to float rounding).
        var random = new Random(3);
        const int paths = 50;
        float[] samples = Enumerable.Range(0, 3 * paths).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray();
        float[] actual = [0.5f, -2f, 7f];
        double[] levels = Enumerable.Range(1, paths).Select(k => (k - 0.5) / paths).ToArray();
        float[] sorted = samples.Chunk(paths).SelectMany(s => s.Order()).ToArray();

        double[] fromSamples = ProbabilisticMetrics.ContinuousRankedProbabilityScoreOfSamplesPerStep(samples, actual, 3, 1, paths);
        double[] fromQuantiles = ProbabilisticMetrics.ContinuousRankedProbabilityScorePerStep(sorted, actual, 3, 1, levels);

        for (int h = 0; h < 3; h++) Assert.Equal(fromSamples[h], fromQuantiles[h], 9);
        Assert.True(fromSamples[2] > fromSamples[0], "A truth outside the samples scores worse than one among them.");
    }

    [Fact]
    public void Naive_quantiles_add_the_training_errors_quantiles_to_the_value_each_step_repeats()
    {
        float[,] series = { { 0 }, { 1 }, { 3 }, { 6 }, { 10 }, { 100 } };

        // Training rows 0 to 4: one-step errors 1, 2, 3, 4; two-step errors 3, 5, 7.
        var naive = NaiveQuantiles.Fit(series, 0..5, column: 0, horizon: 2, levels: [0.25, 0.5]);
        Assert.Equal(1.75, naive.Offset(0, 0), 12); // position 0.75 between 1 and 2
        Assert.Equal(2.5, naive.Offset(0, 1), 12);
        Assert.Equal(5, naive.Offset(1, 1), 12);

        // A window whose targets start at row 5 repeats row 4 (10) at both steps.
        Assert.Equal([11.75f, 12.5f, 14f, 15f], naive.Forecast(series, 0, [5]));

        // Period 2: each step repeats the row 2 before it (lag 2): step 1 (row 5) row 3, step 2 (row 6) row 4.
        var seasonal = NaiveQuantiles.Fit(series, 0..5, 0, horizon: 2, levels: [0.5], period: 2);
        Assert.Equal([6f + 5, 10f + 5], seasonal.Forecast(series, 0, [5]));
    }

    [Fact]
    public void Bad_input_is_an_argument_exception_naming_it()
    {
        Assert.Contains("expected 8",
            Assert.Throws<ArgumentException>(() => ProbabilisticMetrics.PinballLossPerStep(new float[6], Actual, 2, 1, Levels)).Message);
        Assert.Contains("level 1 (0.1) follows 0.9",
            Assert.Throws<ArgumentException>(() => ProbabilisticMetrics.PinballLossPerStep(Quantiles, Actual, 2, 1, [0.9, 0.1])).Message);
        Assert.Contains("0.2 is not among the forecast's levels (0.1, 0.9)",
            Assert.Throws<ArgumentException>(() => ProbabilisticMetrics.CoveragePerStep(Quantiles, Actual, 2, 1, Levels, 0.2, 0.9)).Message);
        Assert.Contains("must be below its upper level",
            Assert.Throws<ArgumentException>(() => ProbabilisticMetrics.CoveragePerStep(Quantiles, Actual, 2, 1, Levels, 0.9, 0.1)).Message);
        Assert.Contains("at least one sampled path",
            Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilisticMetrics.ContinuousRankedProbabilityScoreOfSamplesPerStep([], Actual, 2, 1, 0)).Message);
        Assert.Contains("hold no two rows 2 apart",
            Assert.Throws<ArgumentException>(() => NaiveQuantiles.Fit(new float[,] { { 1 }, { 2 } }, .., 0, 2, [0.5])).Message);
        var naive = NaiveQuantiles.Fit(new float[,] { { 1 }, { 2 }, { 4 } }, .., 0, 1, [0.5]);
        Assert.Contains("repeats row -1", Assert.Throws<ArgumentException>(() => naive.Forecast(new float[,] { { 1 } }, 0, [0])).Message);
    }
}
