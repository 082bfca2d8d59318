using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ModelGen.Forecasting;

/// <summary>
/// Holt-Winters' additive method, the baseline a forecaster trusts for a series with a trend and a season: a level, a
/// trend and <see cref="Period"/> seasonal terms, updated at every step with smoothing parameters α, β and γ fitted on
/// the history by minimising the squared one-step-ahead errors (Nelder-Mead, from MathNet.Numerics).
/// </summary>
/// <remarks>
/// With <c>m</c> the period, at each step t of the history:
/// <c>ℓ_t = α (y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + b_{t−1})</c>,
/// <c>b_t = β (ℓ_t − ℓ_{t−1}) + (1 − β) b_{t−1}</c>,
/// <c>s_t = γ (y_t − ℓ_{t−1} − b_{t−1}) + (1 − γ) s_{t−m}</c>;
/// and the forecast h steps after the last, <c>ŷ = ℓ + h·b + s</c> of the same season in the last period seen.
/// The state starts from the first two periods: the level is the first period's mean, the trend the difference of the
/// two periods' means over m, each seasonal term the first period's value less its mean. α, β and γ lie in (0, 1).
/// </remarks>
public sealed class HoltWinters
{
    private readonly double[] _season;
    private readonly double _level, _trend;
    private readonly int _seen;

    private HoltWinters(int period, double alpha, double beta, double gamma, double level, double trend, double[] season, int seen, double sse)
    {
        Period = period;
        Alpha = alpha;
        Beta = beta;
        Gamma = gamma;
        _level = level;
        _trend = trend;
        _season = season;
        _seen = seen;
        SumOfSquaredErrors = sse;
    }

    /// <summary>The season's length in steps.</summary>
    public int Period { get; }

    /// <summary>The level's smoothing parameter.</summary>
    public double Alpha { get; }

    /// <summary>The trend's smoothing parameter.</summary>
    public double Beta { get; }

    /// <summary>The season's smoothing parameter.</summary>
    public double Gamma { get; }

    /// <summary>The sum of the squared one-step-ahead errors over the history after its first period, at the fitted parameters.</summary>
    public double SumOfSquaredErrors { get; }

    /// <summary>Fits α, β and γ on <paramref name="history"/> and runs the method through it.</summary>
    /// <exception cref="ArgumentException">The history is shorter than two periods, or holds a value that is not a finite number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The period is below 2.</exception>
    public static HoltWinters Fit(ReadOnlySpan<float> history, int period)
    {
        Check(history, period);
        double[] y = new double[history.Length];
        for (int t = 0; t < y.Length; t++) y[t] = history[t];
        // Fitted in logits, so every point the simplex tries is a valid (α, β, γ). The best point tried is kept, so a search
        // stopped by its iteration limit (a flat objective, an optimum at a bound) still gives the best fit it found.
        double[] best = [Logit(0.3), Logit(0.1), Logit(0.1)];
        double bestSse = double.PositiveInfinity;
        double Objective(Vector<double> p)
        {
            double sse = Run(y, period, Logistic(p[0]), Logistic(p[1]), Logistic(p[2])).Sse;
            if (sse < bestSse) (bestSse, best) = (sse, [p[0], p[1], p[2]]);
            return sse;
        }
        try
        {
            new NelderMeadSimplex(1e-8, 5000).FindMinimum(ObjectiveFunction.Value(Objective), Vector<double>.Build.DenseOfArray([.. best]));
        }
        catch (MaximumIterationsException)
        {
            // The best point tried so far stands.
        }
        return With(y, period, Logistic(best[0]), Logistic(best[1]), Logistic(best[2]));
    }

    /// <summary>Runs the method through <paramref name="history"/> with the given smoothing parameters, without fitting them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not in [0, 1], or the period is below 2.</exception>
    public static HoltWinters Run(ReadOnlySpan<float> history, int period, double alpha, double beta, double gamma)
    {
        Check(history, period);
        foreach ((double value, string name) in new[] { (alpha, nameof(alpha)), (beta, nameof(beta)), (gamma, nameof(gamma)) })
        {
            if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} is a smoothing parameter, from 0 to 1; got {value}.");
        }
        double[] y = new double[history.Length];
        for (int t = 0; t < y.Length; t++) y[t] = history[t];
        return With(y, period, alpha, beta, gamma);
    }

    /// <summary>The forecast of the <paramref name="horizon"/> steps after the history.</summary>
    public double[] Forecast(int horizon)
    {
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Forecast at least one step; got {horizon}.");
        var forecast = new double[horizon];
        for (int h = 1; h <= horizon; h++)
        {
            // The seasonal term of step seen + h − 1 (from 0) is the last one of its season, in the last period seen.
            int season = (int)(((long)_seen + h - 1) % Period);
            forecast[h - 1] = _level + h * _trend + _season[season];
        }
        return forecast;
    }

    /// <summary>
    /// Forecasts of <paramref name="horizon"/> steps from each of <paramref name="origins"/> (the index of each forecast's
    /// first step, each at or after <paramref name="fitEnd"/>, in increasing order): the smoothing parameters fitted once on
    /// <c>series[..fitEnd]</c>, the state then updated with each value as it becomes known, so a forecast from an origin
    /// reads only the values before it. Returned end to end: origin by origin, <paramref name="horizon"/> values each.
    /// </summary>
    /// <exception cref="ArgumentException">The origins are not in increasing order, lie before <paramref name="fitEnd"/> or past the series.</exception>
    public static double[] RollingForecasts(ReadOnlySpan<float> series, int fitEnd, int period, System.Collections.Generic.IReadOnlyList<long> origins, int horizon)
    {
        ArgumentNullException.ThrowIfNull(origins);
        if (fitEnd < 0 || fitEnd > series.Length) throw new ArgumentOutOfRangeException(nameof(fitEnd), fitEnd, $"The fit ends within the series' {series.Length} values.");
        if (horizon < 1) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Forecast at least one step; got {horizon}.");
        HoltWinters fitted = Fit(series[..fitEnd], period);
        double[] y = new double[series.Length];
        for (int t = 0; t < y.Length; t++)
        {
            if (!float.IsFinite(series[t])) throw new ArgumentException($"Value {t} of the series is {series[t]}; every value must be a finite number.", nameof(series));
            y[t] = series[t];
        }
        (double level, double trend, double[] season) = (fitted._level, fitted._trend, (double[])fitted._season.Clone());
        var forecasts = new double[checked(origins.Count * horizon)];
        long t0 = fitEnd, previous = fitEnd - 1;
        for (int o = 0; o < origins.Count; o++)
        {
            long origin = origins[o];
            if (origin < fitEnd || origin <= previous && o > 0 || origin > series.Length)
                throw new ArgumentException($"Origin {o} is {origin}; origins must increase, from {fitEnd} (the end of the fit) to {series.Length}.", nameof(origins));
            previous = origin;
            // Update the state with every value before the origin.
            for (; t0 < origin; t0++) Update(y[t0], (int)(t0 % period), fitted.Alpha, fitted.Beta, fitted.Gamma, ref level, ref trend, season);
            for (int h = 1; h <= horizon; h++)
                forecasts[o * horizon + h - 1] = level + h * trend + season[(int)((origin + h - 1) % period)];
        }
        return forecasts;
    }

    private static HoltWinters With(double[] y, int period, double alpha, double beta, double gamma)
    {
        (double sse, double level, double trend, double[] season) = Run(y, period, alpha, beta, gamma);
        return new HoltWinters(period, alpha, beta, gamma, level, trend, season, y.Length, sse);
    }

    /// <summary>The recursions over the history: the squared one-step errors after the first period, and the final state.</summary>
    private static (double Sse, double Level, double Trend, double[] Season) Run(double[] y, int m, double alpha, double beta, double gamma)
    {
        double first = 0, second = 0;
        for (int i = 0; i < m; i++) (first, second) = (first + y[i], second + y[m + i]);
        first /= m;
        second /= m;
        double level = first, trend = (second - first) / m;
        // The seasonal term of each position in the season, as of the last step seen of it.
        var season = new double[m];
        for (int i = 0; i < m; i++) season[i] = y[i] - first;
        // The state above describes the end of the first period; the recursions run from the second on.
        double sse = 0;
        for (int t = m; t < y.Length; t++)
        {
            int s = t % m;
            double forecast = level + trend + season[s];
            double error = y[t] - forecast;
            sse += error * error;
            Update(y[t], s, alpha, beta, gamma, ref level, ref trend, season);
        }
        return (sse, level, trend, season);
    }

    /// <summary>One step of the recursions (the class's remarks): the state after value <paramref name="y"/>, of season position <paramref name="s"/>.</summary>
    private static void Update(double y, int s, double alpha, double beta, double gamma, ref double level, ref double trend, double[] season)
    {
        (double previousLevel, double previousTrend) = (level, trend);
        level = alpha * (y - season[s]) + (1 - alpha) * (previousLevel + previousTrend);
        trend = beta * (level - previousLevel) + (1 - beta) * previousTrend;
        season[s] = gamma * (y - previousLevel - previousTrend) + (1 - gamma) * season[s];
    }

    private static void Check(ReadOnlySpan<float> history, int period)
    {
        if (period < 2) throw new ArgumentOutOfRangeException(nameof(period), period, $"A season is at least 2 steps; got {period}.");
        if (history.Length < 2 * period)
            throw new ArgumentException($"Holt-Winters starts from two whole periods: {2 * period} values for a period of {period}; got {history.Length}.", nameof(history));
        for (int t = 0; t < history.Length; t++)
        {
            if (!float.IsFinite(history[t])) throw new ArgumentException($"Value {t} of the history is {history[t]}; every value must be a finite number.", nameof(history));
        }
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
