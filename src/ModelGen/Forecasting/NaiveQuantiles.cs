using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Forecasting;

/// <summary>
/// The baseline for a quantile forecast: the seasonal naive forecast (the value <c>period</c> rows before; with period 1,
/// the last value) plus, for each horizon step, the empirical quantiles of that forecast's errors over the training rows.
/// A model's intervals should be narrower than these at the same coverage, and its pinball loss and CRPS lower.
/// </summary>
/// <remarks>
/// Step <c>h</c> (1 to the horizon) repeats the row <c>lag = period · ⌈h / period⌉</c> before it, so its errors are
/// <c>y[r] − y[r − lag]</c> for each training row <c>r</c> with <c>r − lag</c> a training row too; the quantiles of those
/// errors interpolate linearly between order statistics (the default of numpy and R's type 7).
/// </remarks>
public sealed class NaiveQuantiles
{
    private readonly double[,] _offsets;

    private NaiveQuantiles(double[] levels, int period, double[,] offsets)
    {
        Levels = levels;
        Period = period;
        _offsets = offsets;
    }

    /// <summary>The quantile levels, increasing.</summary>
    public IReadOnlyList<double> Levels { get; }

    /// <summary>The horizon in steps.</summary>
    public int Horizon => _offsets.GetLength(0);

    /// <summary>The seasonal period in rows (1: repeat the last value).</summary>
    public int Period { get; }

    /// <summary>The training errors' quantile of a level at a step (0-based), added to the naive forecast.</summary>
    public double Offset(int step, int level) => _offsets[step, level];

    /// <summary>Fits the error quantiles of each step on the training rows of one column.</summary>
    /// <exception cref="ArgumentException">The levels are not increasing in (0, 1), or the rows hold no pair a step's lag apart.</exception>
    public static NaiveQuantiles Fit(float[,] series, Range rows, int column, int horizon, IReadOnlyList<double> levels, int period = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        ProbabilisticMetrics.CheckLevels(levels);
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be at least one step; got {horizon}.");
        if (period < 1) throw new ArgumentOutOfRangeException(nameof(period), period, $"The seasonal period must be at least 1 row; got {period}.");
        if (column < 0 || column >= series.GetLength(1))
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The series has {series.GetLength(1)} columns (0 to {series.GetLength(1) - 1}).");
        (int start, int length) = rows.GetOffsetAndLength(series.GetLength(0));
        var offsets = new double[horizon, levels.Count];
        for (int h = 1; h <= horizon; h++)
        {
            int lag = Lag(h, period);
            if (length <= lag)
                throw new ArgumentException($"Step {h} repeats the row {lag} before it, and the {length} training rows hold no two rows {lag} apart.", nameof(rows));
            var errors = new double[length - lag];
            for (int r = start + lag; r < start + length; r++) errors[r - start - lag] = (double)series[r, column] - series[r - lag, column];
            Array.Sort(errors);
            for (int q = 0; q < levels.Count; q++) offsets[h - 1, q] = Quantile(errors, levels[q]);
        }
        return new NaiveQuantiles([.. levels], period, offsets);
    }

    /// <summary>
    /// The quantile forecasts of the windows whose first target rows are <paramref name="targetStarts"/>,
    /// <c>[windows, horizon, 1, Q]</c>: each from the rows before its window's targets.
    /// </summary>
    /// <exception cref="ArgumentException">A window starts too early to have the row its forecast repeats.</exception>
    public float[] Forecast(float[,] series, int column, IReadOnlyList<long> targetStarts)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(targetStarts);
        int count = Levels.Count;
        var forecasts = new float[targetStarts.Count * Horizon * count];
        for (int w = 0; w < targetStarts.Count; w++)
            for (int h = 1; h <= Horizon; h++)
            {
                long row = targetStarts[w] + h - 1 - Lag(h, Period);
                if (row < 0 || row >= series.GetLength(0))
                    throw new ArgumentException($"Window {w} forecasts from row {targetStarts[w]}, and step {h} repeats row {row}, which the series of {series.GetLength(0)} rows does not have.", nameof(targetStarts));
                for (int q = 0; q < count; q++)
                    forecasts[((w * Horizon) + h - 1) * count + q] = (float)(series[row, column] + _offsets[h - 1, q]);
            }
        return forecasts;
    }

    private static int Lag(int step, int period) => period * ((step + period - 1) / period);

    private static double Quantile(double[] sorted, double level)
    {
        double position = (sorted.Length - 1) * level;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
