using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ModelGen.Onnx;

/// <summary>
/// One window's quantile forecast from <see cref="OnnxForecaster.PredictQuantiles(float[,])"/>: for each horizon step
/// and value, one forecast per level, <c>Values[step, value, level]</c>, the levels increasing as the model declared them.
/// </summary>
public sealed class QuantileForecast
{
    internal QuantileForecast(IReadOnlyList<double> levels, float[,,] values)
    {
        Levels = levels;
        Values = values;
    }

    /// <summary>The quantile levels, each in (0, 1), increasing: <c>Values</c>' last dimension.</summary>
    public IReadOnlyList<double> Levels { get; }

    /// <summary>The forecasts, <c>[horizon, values, Q]</c>.</summary>
    public float[,,] Values { get; }

    /// <summary>The forecast of one level, <c>[horizon, values]</c>: <c>At(0.5)</c> is the median.</summary>
    /// <exception cref="ArgumentException">The level is not one of <see cref="Levels"/>.</exception>
    public float[,] At(double level)
    {
        int q = -1;
        for (int i = 0; i < Levels.Count; i++)
            if (Math.Abs(Levels[i] - level) < 1e-9) q = i;
        if (q < 0)
            throw new ArgumentException(
                $"The level {level.ToString("R", CultureInfo.InvariantCulture)} is not among the model's levels ({string.Join(", ", Levels.Select(l => l.ToString("R", CultureInfo.InvariantCulture)))}).",
                nameof(level));
        var forecast = new float[Values.GetLength(0), Values.GetLength(1)];
        for (int h = 0; h < forecast.GetLength(0); h++)
            for (int v = 0; v < forecast.GetLength(1); v++) forecast[h, v] = Values[h, v, q];
        return forecast;
    }
}
