using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>
/// Per-window standardisation, as neuralforecast's temporal scalers and RevIN do: each window's past is standardised
/// with its own mean and standard deviation per column over its input steps, its targets with those of their column,
/// and forecasts are mapped back with them. A model so trained forecasts a series' shape relative to its recent level,
/// which holds on a trending series whose later values lie outside the training range, where one scaler fitted on the
/// training years does not.
/// </summary>
/// <remarks>
/// With <c>x</c> a window's past rows of one column, <c>μ = mean(x)</c> and <c>σ = sqrt(mean((x − μ)²))</c> (1 where
/// below 1e-5 of the column's level, a constant window): inputs become <c>(x − μ) / σ</c>, targets <c>(y − μ) / σ</c>,
/// and a forecast <c>ŷ</c> maps back to <c>ŷ · σ + μ</c>. A window reads only its past for them, so nothing leaks.
/// Each target column must be among the windows' past columns.
/// </remarks>
public static class WindowScaling
{
    /// <summary>
    /// A window whose standard deviation is at most this fraction of its level (its mean's size, 1 at least) is
    /// constant, and not scaled (its scale is 1). The ONNX export folds the same rule into its graph.
    /// </summary>
    internal const float ConstantTolerance = 1e-5f;

    /// <summary>The windows as a model with one input tensor takes them, standardised per window.</summary>
    /// <exception cref="ArgumentException">A target column is not among the windows' past columns, whose statistics scale it.</exception>
    public static ForecastData<Tensor> Of(SeriesWindows windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        Tensor Input(SeriesWindows w, Tensor index)
        {
            using var scope = NewDisposeScope();
            Tensor past = w.Inputs(index);
            (Tensor mean, Tensor scale) = Statistics(past);
            return ((past - mean) / scale).MoveToOuterDisposeScope();
        }
        Tensor Targets(SeriesWindows w, Tensor index)
        {
            using var scope = NewDisposeScope();
            (Tensor mean, Tensor scale) = TargetStatistics(w, index);
            return ((w.Targets(index) - mean) / scale).MoveToOuterDisposeScope();
        }
        TargetPositions(windows); // checks the layout now, not at the first batch
        return new ForecastData<Tensor>(windows, Input, Targets);
    }

    /// <summary>
    /// Maps a distribution forecast (<c>[batch, horizon, targets, P]</c>) of the windows <paramref name="index"/> names
    /// back to the series' values: <see cref="Distributions.Rescale"/> with each window's statistics.
    /// </summary>
    /// <exception cref="NotSupportedException">The negative binomial, whose counts are not standardised.</exception>
    public static Tensor Inverse(Tensor parameters, SeriesWindows windows, Tensor index, OutputDistribution distribution)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        (Tensor mean, Tensor scale) = TargetStatistics(windows, index);
        return Distributions.Rescale(distribution, parameters, mean, scale).MoveToOuterDisposeScope();
    }

    /// <remarks>
    /// A last dimension is read as quantile levels or sampled paths, each a value of its target. A distribution's
    /// parameters are not values (a scale must not be shifted by the mean): map them with the overload that takes the
    /// distribution.
    /// </remarks>
    /// <summary>Maps standardised forecasts (<c>[batch, horizon, targets]</c>, or quantile forecasts or paths <c>[batch, horizon, targets, Q]</c>) of the windows <paramref name="index"/> names back to the series' values.</summary>
    public static Tensor Inverse(Tensor forecasts, SeriesWindows windows, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        using var scope = NewDisposeScope();
        (Tensor mean, Tensor scale) = TargetStatistics(windows, index);
        if (forecasts.dim() == 4)
        {
            // A quantile forecast, [batch, steps, targets, Q]: each level maps back with its target's statistics.
            mean = mean.unsqueeze(-1);
            scale = scale.unsqueeze(-1);
        }
        else if (forecasts.dim() != 3)
            throw new ArgumentException(
                $"Expected forecasts [batch, steps, targets] or, of quantiles, [batch, steps, targets, Q]; got [{string.Join(", ", forecasts.shape)}].", nameof(forecasts));
        return (forecasts * scale + mean).MoveToOuterDisposeScope();
    }

    /// <summary>Each window's mean and scale per column over its steps: <c>[batch, 1, columns]</c> each.</summary>
    private static (Tensor Mean, Tensor Scale) Statistics(Tensor past)
    {
        Tensor mean = past.mean([1], keepdim: true);
        Tensor std = (past - mean).square().mean([1], keepdim: true).sqrt();
        // A constant window (to within 1e-5 of its level) is not scaled: dividing by almost nothing would blow it up.
        Tensor floor = mean.abs().clamp_min(1) * ConstantTolerance;
        return (mean, where(std > floor, std, ones_like(std)));
    }

    private static (Tensor Mean, Tensor Scale) TargetStatistics(SeriesWindows windows, Tensor index)
    {
        (Tensor mean, Tensor scale) = Statistics(windows.Inputs(index));
        using Tensor positions = tensor(TargetPositions(windows), dtype: ScalarType.Int64, device: mean.device);
        return (mean.index_select(2, positions), scale.index_select(2, positions));
    }

    /// <summary>Where each target column is among the past columns.</summary>
    private static long[] TargetPositions(SeriesWindows windows)
    {
        IReadOnlyList<int> past = windows.Layout.PastColumnsOf(windows.Series.Columns);
        return windows.Layout.TargetColumns.Select(t =>
        {
            int at = past.ToList().IndexOf(t);
            return at >= 0 ? (long)at : throw new ArgumentException(
                $"Target column {t} is not among the windows' past columns ({string.Join(", ", past)}); per-window scaling scales a target with its own past.", nameof(windows));
        }).ToArray();
    }
}
