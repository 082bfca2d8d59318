using System;

namespace ModelGen.Forecasting;

/// <summary>Error measures for multi-step forecasts laid out <c>[windows, horizon, targets]</c>.</summary>
public static class ForecastMetrics
{
    /// <summary>Mean squared error of each horizon step, averaged over windows and targets.</summary>
    public static double[] MeanSquaredErrorPerStep(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual, int horizon, int targets)
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
                    double d = predicted[i] - actual[i];
                    errors[h] += d * d;
                }
        for (int h = 0; h < horizon; h++) errors[h] /= windows * targets;
        return errors;
    }
}
