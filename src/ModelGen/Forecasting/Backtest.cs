using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>How a backtest's training history grows from one origin to the next.</summary>
public enum BacktestWindow
{
    /// <summary>Every row before the origin.</summary>
    Expanding,

    /// <summary>The <see cref="BacktestOptions.SlidingRows"/> rows before the origin.</summary>
    Sliding,
}

/// <summary>How <see cref="Backtest.Run{TModel}"/> evaluates: where the origins are, what each trains on, and against what.</summary>
public sealed record BacktestOptions
{
    /// <summary>
    /// The row (in each series) of the first origin: the first forecast's first target row. Required. Origins are rows,
    /// not times: series that start at different times are aligned by their first rows, so a global model at an origin
    /// may have trained on another series' rows from after this series' origin time. Align such series first.
    /// </summary>
    public required int FirstOrigin { get; init; }

    /// <summary>Rows from one origin to the next; the windows whose targets start between two origins are forecast from the model of the first. Default: the horizon.</summary>
    public int? Stride { get; init; }

    /// <summary>How many origins; null (the default) for as many as the series hold.</summary>
    public int? Folds { get; init; }

    /// <summary>Expanding (the default) or sliding training history.</summary>
    public BacktestWindow Window { get; init; } = BacktestWindow.Expanding;

    /// <summary>For a sliding window: how many rows before each origin it trains on.</summary>
    public int? SlidingRows { get; init; }

    /// <summary>Whether a new model is trained at every origin (true) or once, on the history before the first (false, the default).</summary>
    public bool Refit { get; init; }

    /// <summary>The fraction of each training history (its last rows) that validates for early stopping and the best epoch. Default 0.15.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>The season for MASE's scale, the seasonal naive baseline and Holt-Winters; 1 (the default) for none (MASE against the naive forecast, no Holt-Winters).</summary>
    public int SeasonalPeriod { get; init; } = 1;

    /// <summary>How each model trains.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Whether windows are standardised per window (<see cref="WindowScaling"/>) for the model.</summary>
    public bool PerWindowScaling { get; init; }
}

/// <summary>One forecaster's errors per horizon step in a backtest, over every origin and series.</summary>
/// <param name="Name">The model, or the baseline.</param>
/// <param name="MeanAbsoluteError">MAE per step.</param>
/// <param name="RootMeanSquaredError">RMSE per step.</param>
/// <param name="MeanAbsoluteScaledError">MASE per step, each series scaled by its seasonal naive error on the rows before the first origin.</param>
/// <param name="PerSeriesMeanAbsoluteScaledError">Each series' MASE over all steps and origins (NaN for a series no window tested).</param>
public sealed record BacktestScore(string Name, double[] MeanAbsoluteError, double[] RootMeanSquaredError, double[] MeanAbsoluteScaledError, double[] PerSeriesMeanAbsoluteScaledError);

/// <summary>What a backtest measured.</summary>
/// <param name="Origins">Each origin's row (in each series).</param>
/// <param name="Windows">How many test windows were forecast, over all origins and series.</param>
/// <param name="Scores">
/// The model's, then the baselines': naive (repeat the last value), seasonal naive and, for one series with a season,
/// Holt-Winters (fitted on every row before the first origin and rolled forward, or with <see cref="BacktestOptions.Refit"/>
/// fitted again at every origin on every row before it; a sliding window limits the model's history, not Holt-Winters').
/// </param>
/// <param name="Trainings">How many models were trained (one, or one per origin with <see cref="BacktestOptions.Refit"/>).</param>
public sealed record BacktestResult(IReadOnlyList<int> Origins, long Windows, IReadOnlyList<BacktestScore> Scores, int Trainings);

/// <summary>
/// Rolling-origin evaluation of a model with one input over one or many series: at each origin the model has seen only
/// the rows before it (trained on them, once or at every origin), and forecasts the windows whose targets start at or
/// after the origin, before the next; errors per horizon step and per series, next to the baselines a forecaster trusts.
/// </summary>
public static class Backtest
{
    /// <summary>The point forecast of a model's output: a quantile model's 0.5 level, a distribution model's mean, else the output.</summary>
    private static Tensor PointForecast(nn.Module model, Tensor output) => model switch
    {
        IQuantileModel quantile => output.select(-1, MedianOf(quantile)),
        IDistributionModel distributional => Distributions.Mean(distributional.Distribution, output),
        _ => output,
    };

    private static int MedianOf(IQuantileModel model)
    {
        int median = ProbabilisticMetrics.LevelIndex(model.Quantiles, 0.5);
        return median >= 0 ? median : throw new ArgumentException(
            $"{model.GetType().Name} forecasts levels {string.Join(", ", model.Quantiles.Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture)))}: " +
            "a backtest scores point forecasts, the median, so 0.5 must be among them.", "create");
    }

    /// <summary>
    /// Backtests the model <paramref name="create"/> makes (called once, or at every origin) on <paramref name="series"/>
    /// (standardised as the model expects; errors are in its values) with windows of <paramref name="layout"/>. A
    /// probabilistic model is scored on its point forecast: a quantile model's median (0.5 must be among its levels), a
    /// distribution model's mean.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The options leave no origin, no training or validation window before the first origin, or the sliding window
    /// without its length; or a quantile model has no 0.5 level to score.
    /// </exception>
    public static BacktestResult Run<TModel>(Func<TModel> create, SeriesTensor series, CovariateLayout layout, BacktestOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        where TModel : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(options);
        int horizon = layout.Horizon, stride = options.Stride ?? horizon;
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(options), stride, $"The stride must be at least one row; got {stride}.");
        if (options.Window == BacktestWindow.Sliding && options.SlidingRows is not > 0)
            throw new ArgumentException("A sliding window needs SlidingRows, the rows before each origin it trains on.", nameof(options));
        if (options.SeasonalPeriod < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.SeasonalPeriod, $"SeasonalPeriod is 1 (no season) or more rows; got {options.SeasonalPeriod}.");
        if (options.Folds is int folds0 && folds0 < 1)
            throw new ArgumentOutOfRangeException(nameof(options), folds0, $"Folds is at least 1 origin, or null for as many as fit; got {folds0}.");
        if (!(options.ValidationFraction > 0 && options.ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.ValidationFraction, $"ValidationFraction is between 0 and 1; got {options.ValidationFraction}.");
        long longest = Enumerable.Range(0, series.SeriesCount).Max(s => series.LengthOf(s));
        var origins = new List<int>();
        for (long o = options.FirstOrigin; o + horizon <= longest && (options.Folds is not int folds || origins.Count < folds); o += stride) origins.Add((int)o);
        if (options.FirstOrigin < layout.InputSteps + horizon || origins.Count == 0)
            throw new ArgumentException($"The first origin, row {options.FirstOrigin}, leaves no room for a training window before it and a forecast after it in series of up to {longest} rows.", nameof(options));

        var forecasts = new List<float>();
        var actuals = new List<float>();
        var naive = new List<float>();
        var seasonal = new List<float>();
        var owners = new List<int>();
        int period = options.SeasonalPeriod, trainings = 0;
        TModel? model = null;
        try
        {
            for (int f = 0; f < origins.Count; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int origin = origins[f];
                if (model is null || options.Refit)
                {
                    model?.Dispose();
                    model = create();
                    if (model is IQuantileModel quantile) MedianOf(quantile); // before training: a backtest scores the median
                    Train(model, series, layout, options, origin, progress, cancellationToken);
                    trainings++;
                }
                // The windows whose targets start in [origin, next origin), each read only through rows before its start.
                int next = origin + stride;
                using SeriesWindows test = series.Windows(layout, (_, rows) => origin < rows ? origin..(int)Math.Min(rows, (long)next + horizon - 1) : 0..0, stride: 1);
                if (test.Count == 0) continue;
                ForecastData<Tensor> data = options.PerWindowScaling ? WindowScaling.Of(test) : ForecastData.Of(test);
                using var scope = NewDisposeScope();
                Tensor all = test.All();
                using (Tensor predicted = ForecastTrainer.Predict(model, data, cancellationToken: cancellationToken))
                {
                    // A point forecast from a probabilistic one (the median or the mean maps back as the values do).
                    Tensor points = PointForecast(model, predicted);
                    Tensor values = options.PerWindowScaling ? WindowScaling.Inverse(points, test, all) : points;
                    forecasts.AddRange(values.data<float>().ToArray());
                }
                actuals.AddRange(test.Targets(all).data<float>().ToArray());
                naive.AddRange(test.RepeatLastValue(all).data<float>().ToArray());
                if (period > 1) seasonal.AddRange(test.SeasonalNaive(all, period).data<float>().ToArray());
                for (long w = 0; w < test.Count; w++) owners.Add(test.SeriesOf(w));
            }
        }
        finally
        {
            model?.Dispose();
        }

        int targets = layout.TargetColumns.Count;
        double[] scales = Scales(series, layout, options.FirstOrigin, period);
        var scores = new List<BacktestScore>
        {
            Score("model", forecasts, actuals, owners, horizon, targets, scales, series.SeriesCount),
            Score("repeat-last", naive, actuals, owners, horizon, targets, scales, series.SeriesCount),
        };
        if (period > 1)
        {
            scores.Add(Score($"seasonal naive ({period})", seasonal, actuals, owners, horizon, targets, scales, series.SeriesCount));
            if (series.SeriesCount == 1 && targets == 1 && options.FirstOrigin >= 2 * period)
            {
                float[] target = series.ColumnsOf(layout.TargetColumns).data<float>().ToArray();
                // Fitted on the rows before the first origin and rolled forward; with Refit, fitted again at every origin
                // on the rows before it, as the model is.
                var hw = new List<double>();
                // Each fit's origin and the rows whose windows it forecasts: once for all folds, or fold by fold.
                (int From, int Until)[] fits = options.Refit
                    ? [.. origins.Select(o => (o, o + stride))]
                    : [(origins[0], origins[^1] + stride)];
                foreach ((int from, int until) in fits)
                {
                    using SeriesWindows part = series.Windows(layout, (_, rows) => from..(int)Math.Min(rows, (long)until + horizon - 1));
                    if (part.Count > 0) hw.AddRange(HoltWinters.RollingForecasts(target, from, period, part.TargetStarts, horizon));
                }
                // The same windows as the folds', in the same order (one series, each fold's windows after the last).
                if (hw.Count == actuals.Count)
                    scores.Add(Score("holt-winters", [.. hw.Select(v => (float)v)], actuals, owners, horizon, targets, scales, series.SeriesCount));
            }
        }
        return new BacktestResult(origins, owners.Count, scores, trainings);
    }

    /// <summary>Trains on the history before <paramref name="origin"/>: its last rows validate, the rest train.</summary>
    private static void Train<TModel>(TModel model, SeriesTensor series, CovariateLayout layout, BacktestOptions options, int origin,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        where TModel : nn.Module<Tensor, Tensor>
    {
        Range History(long rows)
        {
            int end = (int)Math.Min(origin, rows);
            int start = options.Window == BacktestWindow.Sliding ? Math.Max(0, end - options.SlidingRows!.Value) : 0;
            return start..end;
        }
        Range Part(long rows, bool validation)
        {
            (int start, int length) = History(rows).GetOffsetAndLength((int)rows);
            int split = start + (int)Math.Round(length * (1 - options.ValidationFraction));
            return validation ? split..(start + length) : start..split;
        }
        using SeriesWindows train = series.Windows(layout, (_, rows) => Part(rows, validation: false));
        using SeriesWindows validation = series.Windows(layout, (_, rows) => Part(rows, validation: true));
        if (train.Count == 0 || validation.Count == 0)
            throw new ArgumentException($"The history before row {origin} leaves {train.Count} training and {validation.Count} validation windows; start later or validate on more rows.", nameof(options));
        Func<SeriesWindows, ForecastData<Tensor>> of = options.PerWindowScaling ? WindowScaling.Of : ForecastData.Of;
        ForecastTrainer.Fit(model, of(train), of(validation), options.Training, progress, cancellationToken);
    }

    /// <summary>Each series' MASE scale: the mean absolute error of its seasonal naive forecast over its rows before the first origin (1 where there is none).</summary>
    private static double[] Scales(SeriesTensor series, CovariateLayout layout, int firstOrigin, int period)
    {
        int targets = layout.TargetColumns.Count;
        float[] all = series.ColumnsOf(layout.TargetColumns).data<float>().ToArray();
        var scales = new double[series.SeriesCount];
        for (int s = 0; s < series.SeriesCount; s++)
        {
            long first = series.OffsetOf(s), end = first + Math.Min(firstOrigin, series.LengthOf(s));
            double sum = 0;
            long count = 0;
            for (long r = first + period; r < end; r++)
                for (int t = 0; t < targets; t++, count++) sum += Math.Abs(all[r * targets + t] - all[(r - period) * targets + t]);
            scales[s] = count > 0 && sum > 0 ? sum / count : 1;
        }
        return scales;
    }

    private static BacktestScore Score(string name, List<float> predicted, List<float> actual, List<int> owners, int horizon, int targets, double[] scales, int seriesCount)
    {
        float[] p = [.. predicted], a = [.. actual];
        var scaled = new float[p.Length];
        var perSeries = new double[seriesCount];
        var perSeriesCount = new long[seriesCount];
        int perWindow = horizon * targets;
        for (int i = 0; i < p.Length; i++)
        {
            int owner = owners[i / perWindow];
            double error = Math.Abs((double)p[i] - a[i]) / scales[owner];
            scaled[i] = (float)error;
            perSeries[owner] += error;
            perSeriesCount[owner]++;
        }
        double[] mase = ForecastMetrics.MeanAbsoluteErrorPerStep(scaled, new float[scaled.Length], horizon, targets);
        return new BacktestScore(name,
            ForecastMetrics.MeanAbsoluteErrorPerStep(p, a, horizon, targets),
            ForecastMetrics.RootMeanSquaredErrorPerStep(p, a, horizon, targets),
            mase,
            [.. perSeries.Select((sum, s) => perSeriesCount[s] > 0 ? sum / perSeriesCount[s] : double.NaN)]);
    }
}
