using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>A quantile model without the median, which a backtest cannot score as a point forecast.</summary>
[Model(Input = [10, 3], Output = [5, 1], Quantiles = [0.1, 0.9], MultiOutput = true)]
public partial class NoMedian
{
    [Flatten] private readonly TorchSharp.Modules.Flatten flatten;
    [Linear(30, 10)] private readonly TorchSharp.Modules.Linear head;
}

public class BacktestTests
{
    /// <summary>A series whose value is its row, so what a model reads tells the rows it read.</summary>
    private static SeriesTensor Rows(int rows, int series = 1)
    {
        float[][,] all = Enumerable.Range(0, series).Select(_ =>
        {
            var values = new float[rows, 1];
            for (int r = 0; r < rows; r++) values[r, 0] = r;
            return values;
        }).ToArray();
        return SeriesTensor.From(all);
    }

    /// <summary>A linear read-out of the window that remembers the latest row it was trained on.</summary>
    private sealed class Spy : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _linear = nn.Linear(6, 3);

        public Spy() : base(nameof(Spy)) => RegisterComponents();

        public float LatestTrainingRow { get; private set; } = float.NegativeInfinity;

        public override Tensor forward(Tensor input)
        {
            if (training) LatestTrainingRow = Math.Max(LatestTrainingRow, input.max().item<float>());
            return _linear.call(input.flatten(1)).unsqueeze(-1);
        }
    }

    private static readonly CovariateLayout Layout = new(6, 3, [0]);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_model_trains_only_on_rows_before_its_origin(bool refit)
    {
        using SeriesTensor series = Rows(200);
        var models = new List<Spy>();

        BacktestResult result = Backtest.Run(() => { var m = new Spy(); models.Add(m); return m; }, series, Layout,
            new BacktestOptions { FirstOrigin = 120, Stride = 20, Refit = refit, Training = new TrainingOptions { Epochs = 1 } });

        Assert.Equal([120, 140, 160, 180], result.Origins);
        Assert.Equal(refit ? 4 : 1, result.Trainings);
        Assert.Equal(refit ? 4 : 1, models.Count);
        // It trains on the first 85 % of the rows before its origin (the rest validate): its last training window's targets
        // end at the split, its inputs three rows (the horizon) before them.
        for (int m = 0; m < models.Count; m++)
        {
            int split = (int)Math.Round(result.Origins[m] * 0.85);
            Assert.True(models[m].LatestTrainingRow <= split - 3 - 1, $"model {m} read row {models[m].LatestTrainingRow}, after {split - 4}");
        }
        // Windows start at every row from 120 to 197 (the last whose 3 targets fit in 200 rows).
        Assert.Equal(78, result.Windows);
    }

    [Fact]
    public void The_naive_baseline_errs_by_the_steps_ahead_on_a_straight_line_and_its_MASE_is_that_over_the_naive_scale()
    {
        // Two lines of different slopes (1 and 3 a row): each series' errors and scale are its own.
        var one = new float[100, 1];
        var three = new float[100, 1];
        for (int r = 0; r < 100; r++) (one[r, 0], three[r, 0]) = (r, 3 * r);
        using SeriesTensor series = SeriesTensor.From([one, three]);

        BacktestResult result = Backtest.Run(() => new Spy(), series, Layout, new BacktestOptions { FirstOrigin = 60, Training = new TrainingOptions { Epochs = 1 } });

        BacktestScore naive = Assert.Single(result.Scores, s => s.Name == "repeat-last");
        // Repeating row t − 1 for rows t, t + 1, t + 2 misses by 1, 2, 3 slopes; a line's naive scale is its slope.
        Assert.Equal([2.0, 4.0, 6.0], naive.MeanAbsoluteError);
        Assert.Equal([Math.Sqrt(5), Math.Sqrt(20), Math.Sqrt(45)], naive.RootMeanSquaredError.Select(v => Math.Round(v, 12)), new RoundedComparer());
        Assert.Equal([1.0, 2.0, 3.0], naive.MeanAbsoluteScaledError);
        Assert.Equal([2.0, 2.0], naive.PerSeriesMeanAbsoluteScaledError);
        Assert.Equal("model", result.Scores[0].Name);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }

    [Fact]
    public void With_a_season_the_seasonal_naive_forecast_and_Holt_Winters_join_the_baselines()
    {
        var values = new float[240, 1];
        for (int r = 0; r < 240; r++) values[r, 0] = (float)(10 + Math.Sin(2 * Math.PI * r / 12));
        using SeriesTensor series = SeriesTensor.From(values);

        BacktestResult result = Backtest.Run(() => new Spy(), series, Layout,
            new BacktestOptions { FirstOrigin = 180, SeasonalPeriod = 12, Window = BacktestWindow.Sliding, SlidingRows = 100, Training = new TrainingOptions { Epochs = 1 } });

        Assert.Equal(["model", "repeat-last", "seasonal naive (12)", "holt-winters"], result.Scores.Select(s => s.Name));
        // A pure season: the seasonal naive forecast is exact, and Holt-Winters nearly so.
        Assert.All(result.Scores[2].MeanAbsoluteError, e => Assert.True(e < 1e-5, $"seasonal naive erred by {e}"));
        Assert.All(result.Scores[3].MeanAbsoluteError, e => Assert.True(e < 0.05, $"Holt-Winters erred by {e}"));
        // Refitted at every origin, on the rows before it: as good on a pure season.
        BacktestResult refitted = Backtest.Run(() => new Spy(), series, Layout,
            new BacktestOptions { FirstOrigin = 180, Stride = 20, SeasonalPeriod = 12, Refit = true, Training = new TrainingOptions { Epochs = 1 } });
        Assert.Equal(3, refitted.Trainings);
        Assert.All(Assert.Single(refitted.Scores, s => s.Name == "holt-winters").MeanAbsoluteError, e => Assert.True(e < 0.05, $"refitted Holt-Winters erred by {e}"));
        Assert.Contains("SlidingRows", Assert.Throws<ArgumentException>(() =>
            Backtest.Run(() => new Spy(), series, Layout, new BacktestOptions { FirstOrigin = 180, Window = BacktestWindow.Sliding })).Message);
        Assert.Throws<ArgumentException>(() => Backtest.Run(() => new Spy(), series, Layout, new BacktestOptions { FirstOrigin = 5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backtest.Run(() => new Spy(), series, Layout, new BacktestOptions { FirstOrigin = 180, SeasonalPeriod = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Backtest.Run(() => new Spy(), series, Layout, new BacktestOptions { FirstOrigin = 180, Folds = 0 }));
    }

    /// <summary>
    /// A forecast of zeros for every step: as points, as the median of levels 0.1, 0.5, 0.9 (which are −100, 0 and 100),
    /// or as a Normal's location (its scale 5). Its one weight reaches the output times zero, so training changes nothing.
    /// </summary>
    private class ZeroForecast : nn.Module<Tensor, Tensor>
    {
        private readonly Linear unused = nn.Linear(1, 1);
        private readonly float[]? _last;

        /// <summary>Points, <c>[batch, 3, 1]</c>; or with <paramref name="last"/>, those values in a last dimension.</summary>
        protected ZeroForecast(float[]? last) : base(nameof(ZeroForecast))
        {
            _last = last;
            RegisterComponents();
        }

        public ZeroForecast() : this(null) { }

        public override Tensor forward(Tensor input)
        {
            Tensor zero = unused.weight!.sum() * 0 + zeros(input.shape[0], 3, 1);
            return _last is null ? zero : zero.unsqueeze(-1) + tensor(_last);
        }
    }

    private sealed class ZeroQuantiles() : ZeroForecast([-100, 0, 100]), IQuantileModel
    {
        public IReadOnlyList<double> Quantiles { get; } = [0.1, 0.5, 0.9];
    }

    private sealed class ZeroNormal() : ZeroForecast([0, 5]), IDistributionModel
    {
        public OutputDistribution Distribution => OutputDistribution.Normal;
    }

    [Fact]
    public void Probabilistic_models_are_backtested_on_their_median_or_mean_and_one_without_a_median_is_refused_before_training()
    {
        using SeriesTensor series = Rows(120);
        var options = new BacktestOptions { FirstOrigin = 60, Folds = 3, Training = new TrainingOptions { Epochs = 1 } };

        // Zeros as points, as a median and as a mean: the same errors, which the other levels or the scale would change.
        double[] points = Backtest.Run(() => new ZeroForecast(), series, Layout, options).Scores[0].MeanAbsoluteError;
        double[] median = Backtest.Run(() => new ZeroQuantiles(), series, Layout, options).Scores[0].MeanAbsoluteError;
        double[] mean = Backtest.Run(() => new ZeroNormal(), series, Layout, options).Scores[0].MeanAbsoluteError;
        int trained = 0;
        var refused = Assert.Throws<ArgumentException>(() => Backtest.Run(() => { trained++; return new NoMedian(); }, series, Layout, options));

        Assert.Equal(3, points.Length);
        Assert.All(points, e => Assert.True(e > 50, $"a zero forecast of rows 60 and later errs by more than 50; got {e}"));
        Assert.Equal(points, median);
        Assert.Equal(points, mean);
        Assert.Contains("forecasts levels 0.1, 0.9: a backtest scores point forecasts, the median, so 0.5 must be among them", refused.Message);
        Assert.Equal(1, trained);
    }
}
