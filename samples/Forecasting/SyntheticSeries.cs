using System;

namespace Forecasting;

/// <summary>
/// An hourly multivariate series with structure a model can learn and a naive forecast misses:
/// trend, daily and weekly seasonality, autocorrelated noise, and a target driven by lagged
/// exogenous features.
/// </summary>
internal static class SyntheticSeries
{
    /// <summary>Column 0 is the target; columns 1 and 2 are exogenous drivers.</summary>
    public static readonly string[] Columns = ["demand", "temperature", "activity"];

    /// <summary>Column 0 is the target; columns 1 and 2 carry no information about it.</summary>
    public static readonly string[] RecursiveColumns = ["state", "clock", "noise"];

    /// <summary>
    /// A series where each step is a simple function of the one before, but five steps ahead is a
    /// complicated one: a noisy logistic map, x ← 3.8·x·(1 − x). A model that predicts one step and
    /// feeds it back only has to learn the simple map; a multi-output head has to learn each
    /// composition of it separately. The other two columns are a daily clock and noise.
    /// </summary>
    public static float[,] GenerateRecursive(int length, int seed)
    {
        var random = new Random(seed);
        var series = new float[length, RecursiveColumns.Length];
        double x = 0.3 + 0.4 * random.NextDouble();
        for (int t = 0; t < length; t++)
        {
            x = 3.8 * x * (1 - x) + 0.002 * Gaussian(random);
            x = Math.Clamp(x, 1e-4, 1 - 1e-4);
            series[t, 0] = (float)x;
            series[t, 1] = (float)Math.Sin(2 * Math.PI * t / 24.0);
            series[t, 2] = (float)Gaussian(random);
        }
        return series;
    }

    public static float[,] Generate(int length, int seed)
    {
        var random = new Random(seed);
        var series = new float[length, Columns.Length];
        double temperatureNoise = 0, activity = 0;
        for (int t = 0; t < length; t++)
        {
            double day = 2 * Math.PI * t / 24.0, week = 2 * Math.PI * t / 168.0;

            // Temperature: a daily cycle that lags the sun by a few hours, plus slow AR(1) weather.
            temperatureNoise = 0.95 * temperatureNoise + 0.3 * Gaussian(random);
            double temperature = 2.0 * Math.Sin(day - 1.0) + 0.5 * Math.Sin(week) + temperatureNoise;

            // Activity: a mean-reverting process with weekday/weekend rhythm.
            activity = 0.9 * activity + 0.2 * Math.Cos(week) + 0.25 * Gaussian(random);

            series[t, 1] = (float)temperature;
            series[t, 2] = (float)activity;
        }
        for (int t = 0; t < length; t++)
        {
            double day = 2 * Math.PI * t / 24.0;
            double laggedTemperature = t >= 3 ? series[t - 3, 1] : series[0, 1];
            double laggedActivity = t >= 1 ? series[t - 1, 2] : series[0, 2];
            // Demand: slow trend, its own daily shape, a response to temperature three hours earlier
            // (cross-feature dependence) and to the previous hour's activity, plus noise.
            series[t, 0] = (float)(0.00005 * t + 1.2 * Math.Sin(day) + 0.4 * Math.Sin(2 * day)
                + 0.6 * laggedTemperature + 0.8 * laggedActivity + 0.3 * Gaussian(random));
        }
        return series;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller: two uniforms to one standard normal.
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
