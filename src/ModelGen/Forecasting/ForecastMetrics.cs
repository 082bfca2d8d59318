using System;

namespace ModelGen.Forecasting;

/// <summary>
/// Error measures for multi-step forecasts laid out <c>[windows, horizon, targets]</c>, each reported per horizon step
/// (averaged over windows and targets), since a forecast's error grows with how far ahead it looks.
/// </summary>
/// <remarks>
/// With <c>e = actual − predicted</c> at one window, step and target:
/// MSE is the mean of <c>e²</c>; RMSE its square root; MAE the mean of <c>|e|</c>;
/// MAPE the mean of <c>100 · |e| / |actual|</c> (undefined where an actual is 0);
/// sMAPE the mean of <c>200 · |e| / (|actual| + |predicted|)</c>, 0 where both are 0, so from 0 to 200;
/// MASE the MAE divided by the target's in-sample MAE of the seasonal naive forecast (<see cref="SeasonalNaiveScale"/>):
/// below 1, the forecast beats repeating the value one season before over the training rows.
/// </remarks>
public static class ForecastMetrics
{
    /// <summary>Mean squared error of each horizon step, averaged over windows and targets.</summary>
    public static double[] MeanSquaredErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets) =>
        PerStep(predicted, actual, horizon, targets, static (p, a, _) => (double)(p - a) * (p - a));

    /// <summary>Root mean squared error of each horizon step: the square root of <see cref="MeanSquaredErrorPerStep"/>.</summary>
    public static double[] RootMeanSquaredErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets) =>
        Array.ConvertAll(MeanSquaredErrorPerStep(predicted, actual, horizon, targets), Math.Sqrt);

    /// <summary>Mean absolute error of each horizon step, averaged over windows and targets.</summary>
    public static double[] MeanAbsoluteErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets) =>
        PerStep(predicted, actual, horizon, targets, static (p, a, _) => Math.Abs((double)(p - a)));

    /// <summary>Mean absolute percentage error of each horizon step, in percent.</summary>
    /// <exception cref="ArgumentException">An actual value is 0, where the percentage is undefined; the message names its window, step and target.</exception>
    public static double[] MeanAbsolutePercentageErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets) =>
        PerStep(predicted, actual, horizon, targets, static (p, a, at) => a != 0
            ? 100 * Math.Abs((double)p - a) / Math.Abs((double)a)
            : throw new ArgumentException(
                $"MAPE is undefined where the actual value is 0, as it is at window {at.Window}, step {at.Step + 1}, target {at.Target}; use sMAPE or MASE for a series with zeros.", "actual"));

    /// <summary>Symmetric mean absolute percentage error of each horizon step, from 0 to 200 (0 where actual and prediction are both 0).</summary>
    public static double[] SymmetricMeanAbsolutePercentageErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets) =>
        PerStep(predicted, actual, horizon, targets, static (p, a, _) => p == 0 && a == 0 ? 0 : 200 * Math.Abs((double)p - a) / (Math.Abs((double)a) + Math.Abs((double)p)));

    /// <summary>
    /// Mean absolute scaled error of each horizon step: each target's absolute errors divided by its
    /// <paramref name="scales"/> entry (<see cref="SeasonalNaiveScale"/> of its training rows), averaged over windows and targets.
    /// </summary>
    /// <exception cref="ArgumentException">There is not one scale per target, or a scale is not a positive number.</exception>
    public static double[] MeanAbsoluteScaledErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets, ReadOnlySpan<double> scales)
    {
        if (scales.Length != targets)
            throw new ArgumentException($"MASE needs one scale per target: {targets} targets, but {scales.Length} scales.", nameof(scales));
        for (int t = 0; t < scales.Length; t++)
        {
            if (!(scales[t] > 0) || double.IsInfinity(scales[t]))
                throw new ArgumentException($"The scale of target {t} is {scales[t]}; it must be a positive number (a constant training series has no seasonal naive error to scale by).", nameof(scales));
        }
        double[] copy = scales.ToArray();
        return PerStep(predicted, actual, horizon, targets, (p, a, at) => Math.Abs((double)(p - a)) / copy[at.Target]);
    }

    /// <summary>
    /// MASE's scale for one column: the mean absolute error over <paramref name="rows"/> of the seasonal naive forecast,
    /// which predicts each row by the row <paramref name="period"/> before it (1: the previous row). Fit it on the
    /// training rows only.
    /// </summary>
    /// <exception cref="ArgumentException">The rows hold no pair <paramref name="period"/> apart, or the column is constant over them.</exception>
    public static double SeasonalNaiveScale(float[,] series, Range rows, int column, int period = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (period < 1) throw new ArgumentOutOfRangeException(nameof(period), period, $"The seasonal period must be at least 1 row; got {period}.");
        if (column < 0 || column >= series.GetLength(1))
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The series has {series.GetLength(1)} columns (0 to {series.GetLength(1) - 1}).");
        (int start, int length) = rows.GetOffsetAndLength(series.GetLength(0));
        if (length <= period)
            throw new ArgumentException($"The {length} rows hold no two rows {period} apart; MASE's scale needs more than {period} rows.", nameof(rows));
        double sum = 0;
        for (int r = start + period; r < start + length; r++) sum += Math.Abs(series[r, column] - series[r - period, column]);
        double scale = sum / (length - period);
        return scale > 0
            ? scale
            : throw new ArgumentException($"Column {column} repeats itself every {period} rows over the rows given, so the seasonal naive forecast is exact there and MASE has nothing to scale by.", nameof(rows));
    }

    private readonly record struct Position(int Window, int Step, int Target);

    private static double[] PerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets, Func<float, float, Position, double> error)
    {
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be at least one step; got {horizon}.");
        if (targets <= 0) throw new ArgumentOutOfRangeException(nameof(targets), targets, $"There must be at least one target; got {targets}.");
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"Predictions have {predicted.Length} values but actuals have {actual.Length}.", nameof(predicted));
        if (actual.Length == 0 || actual.Length % (horizon * targets) != 0)
            throw new ArgumentException($"Expected a non-empty multiple of horizon × targets = {horizon * targets} values; got {actual.Length}.", nameof(actual));

        int windows = actual.Length / (horizon * targets);
        var errors = new double[horizon];
        for (int w = 0; w < windows; w++)
            for (int h = 0; h < horizon; h++)
                for (int t = 0; t < targets; t++)
                {
                    int i = (w * horizon + h) * targets + t;
                    errors[h] += error(predicted[i], actual[i], new Position(w, h, t));
                }
        for (int h = 0; h < horizon; h++) errors[h] /= (double)windows * targets;
        return errors;
    }
}
