using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen;
using ModelGen.Forecasting;
using ModelGen.Onnx;
using TorchSharp;
using static Forecasting.SampleText;
using static TorchSharp.torch;

namespace Forecasting;

/// <summary>
/// <c>--quantiles</c>: the quantile model (<see cref="QuantileModel"/>, or <see cref="UnivariateQuantileModel"/> for a
/// series of one column) trained on the series with the library's trainer, which takes the pinball loss from its
/// declaration; then, per horizon step over the test period, its pinball loss per level, the coverage of its central
/// intervals and its CRPS, each next to the naive baseline (the seasonal naive forecast plus its training errors'
/// quantiles); its export served by ONNX Runtime in the target's units; and a fan chart.
/// </summary>
internal static class QuantileRun
{
    /// <summary>What --quantiles does not do (yet), or null.</summary>
    public static string? Problem(Settings settings) =>
        !settings.Quantiles ? null
        : settings.Id is not null || settings.Time is not null ? "--quantiles trains on one series; a panel (--id) is not supported with it yet."
        : settings.Compare || settings.Heads is not ["mimo"] ? "--quantiles trains its multi-output quantile model; it does not take --head or --compare (decoding heads with quantiles are not supported yet)."
        : settings.Load is not null || settings.Save is not null ? "--quantiles does not save or load checkpoints yet; leave out --save and --load."
        : settings.Backtest > 0 ? "--quantiles does not backtest yet; leave out --backtest."
        : null;

    public static int Run(Settings settings, DataPreparation.Prepared prepared, float[,] raw, string[] columns, int target, string unit, string description)
    {
        (ChronologicalSplit split, Standardizer scaler, _, SeriesWindows trainWindows, SeriesWindows validationWindows, SeriesWindows testWindows) = prepared;
        bool oneColumn = columns.Length == 1;
        manual_seed(settings.Seed);
        nn.Module<Tensor, Tensor> module = oneColumn ? new UnivariateQuantileModel() : new QuantileModel();
        using var owned = module;
        IReadOnlyList<double> levels = oneColumn ? UnivariateQuantileModel.Quantiles : QuantileModel.Quantiles;
        Console.WriteLine(oneColumn ? UnivariateQuantileModel.Summary(settings.BatchSize) : QuantileModel.Summary(settings.BatchSize));
        Console.WriteLine();

        // Training: the trainer sees a quantile model (IQuantileModel) and trains and validates it on the pinball loss.
        Func<SeriesWindows, ForecastData<Tensor>> of = settings.PerWindow ? WindowScaling.Of : ForecastData.Of;
        ForecastData<Tensor> train = of(trainWindows), validation = of(validationWindows), test = of(testWindows);
        Console.WriteLine("epoch  tr pinball  va pinball  teacher forcing    time");
        TrainingDisplay.Train(progress => ForecastTrainer.Fit(module, train, validation, settings.Training, progress), feedsBack: false);
        Console.WriteLine("Kept the epoch with the lowest validation pinball loss.");
        Console.WriteLine();

        // The test period's quantiles in the target's units, [windows, horizon, 1, Q]; crossed ones sorted.
        int horizon = (int)testWindows.Layout.Horizon, count = levels.Count;
        using var scope = NewDisposeScope();
        Tensor all = testWindows.All();
        Tensor scaled = ForecastTrainer.Predict(module, test);
        if (settings.PerWindow) scaled = WindowScaling.Inverse(scaled, testWindows, all);
        Tensor forecast = scaled * scaler.Scales[target] + scaler.Means[target];
        long crossed = forecast.diff(dim: -1).lt(0).any(-1).sum().item<long>();
        float[] unsorted = forecast.data<float>().ToArray();
        float[] quantiles = Values(QuantileForecasts.Sorted(forecast));
        float[] actual = [.. Values(testWindows.Targets(all)).Select(v => scaler.Inverse(v, target))];
        Console.WriteLine($"Test period: {testWindows.Count} windows × {horizon} {unit}s at {count} levels ({string.Join(", ", levels.Select(Level))}); " +
                          $"{crossed} of {testWindows.Count * horizon} forecasts had crossed quantiles{(crossed > 0 ? ", sorted (QuantileForecasts.Sorted, which never raises the pinball loss)" : "")}.");

        int period = settings.SeasonalPeriod(unit);
        float[] naive = NaiveQuantiles.Fit(raw, split.Train, target, horizon, levels, period).Forecast(raw, target, testWindows.TargetStarts);
        string baseline = period == 1 ? "repeat-last" : "seasonal naive";
        Console.WriteLine($"Baseline: {baseline} {(period == 1 ? "" : $"(period {period}) ")}plus the empirical quantiles of its errors at each step over the training {unit}s.");
        Console.WriteLine();

        double[,] pinball = ProbabilisticMetrics.PinballLossPerStep(quantiles, actual, horizon, 1, levels);
        double[,] naivePinball = ProbabilisticMetrics.PinballLossPerStep(naive, actual, horizon, 1, levels);
        Console.WriteLine($"Test pinball loss per horizon step and level ({columns[target]} units; lower is better)");
        Console.WriteLine("ahead  " + string.Concat(levels.Select(q => $"{"q" + Level(q),10}")) + $"{"mean",10}{baseline,16}");
        for (int h = 0; h < horizon; h++)
            Console.WriteLine($"t+{h + 1,-4}" + string.Concat(Enumerable.Range(0, count).Select(q => Short(pinball[h, q])))
                              + Short(Row(pinball, h).Average()) + Cell(Row(naivePinball, h).Average()));
        Console.WriteLine();

        var intervals = ProbabilisticMetrics.CentralIntervals(levels);
        var drawn = new List<QuantilePlot.Interval>();
        Console.WriteLine("Test coverage per horizon step: the fraction of truths inside each central interval (calibrated: its nominal coverage)");
        Console.WriteLine("ahead  " + string.Concat(intervals.Select(i => $"{Percent(i.Nominal) + " model",16}{baseline,16}")));
        double[][] coverage = [.. intervals.SelectMany(i => new[]
        {
            ProbabilisticMetrics.CoveragePerStep(quantiles, actual, horizon, 1, levels, i.Lower, i.Upper),
            ProbabilisticMetrics.CoveragePerStep(naive, actual, horizon, 1, levels, i.Lower, i.Upper),
        })];
        for (int h = 0; h < horizon; h++) Console.WriteLine($"t+{h + 1,-4}" + string.Concat(coverage.Select(c => Cell(c[h]))));
        Console.WriteLine("mean   " + string.Concat(coverage.Select(c => Cell(c.Average()))));
        for (int i = 0; i < intervals.Count; i++)
            drawn.Add(new QuantilePlot.Interval(IndexOf(levels, intervals[i].Lower), IndexOf(levels, intervals[i].Upper), intervals[i].Nominal, coverage[2 * i]));
        Console.WriteLine();

        double[] crps = ProbabilisticMetrics.ContinuousRankedProbabilityScorePerStep(quantiles, actual, horizon, 1, levels);
        double[] naiveCrps = ProbabilisticMetrics.ContinuousRankedProbabilityScorePerStep(naive, actual, horizon, 1, levels);
        Console.WriteLine($"Test CRPS per horizon step, from the {count} quantiles ({columns[target]} units; lower is better)");
        Console.WriteLine($"ahead  {"model",16}{baseline,16}");
        for (int h = 0; h < horizon; h++) Console.WriteLine($"t+{h + 1,-4}" + Cell(crps[h]) + Cell(naiveCrps[h]));
        Console.WriteLine("mean   " + Cell(crps.Average()) + Cell(naiveCrps.Average()));
        Console.WriteLine();

        // Served: exported with what it was trained on, so ONNX Runtime takes the raw rows and forecasts each level in the target's units.
        var record = new TrainingRecord(module.GetType().Name, columns, [columns[target]], scaler) { PerWindowScaling = settings.PerWindow };
        if (oneColumn) ((UnivariateQuantileModel)module).ExportOnnx(settings.Onnx, record);
        else ((QuantileModel)module).ExportOnnx(settings.Onnx, record);
        using (OnnxForecaster forecaster = OnnxForecaster.Load(settings.Onnx))
        {
            float[][,] windows = [.. Enumerable.Range(0, (int)testWindows.Count).Select(w => RawWindow(raw, testWindows.TargetStarts[w] - testWindows.Layout.InputSteps, (int)testWindows.Layout.InputSteps))];
            QuantileForecast[] served = forecaster.PredictQuantiles(windows);
            double largest = served.SelectMany(s => s.Values.Cast<float>()).Zip(unsorted, (a, b) => (double)Math.Abs(a - b)).Max();
            Console.WriteLine($"Exported to {settings.Onnx} (raw rows in, {columns[target]} at levels {string.Join(", ", forecaster.Quantiles!.Select(Level))} out); " +
                              $"through ONNX Runtime the largest difference from TorchSharp over the test period is {largest.ToString("0.0e+0", CultureInfo.InvariantCulture)} {columns[target]} units.");
            QuantileForecast last = served[^1];
            float[,] low = last.At(intervals[0].Lower), mid = last.At(0.5), high = last.At(intervals[0].Upper);
            Console.WriteLine($"Its forecast from the last test window, {Percent(intervals[0].Nominal)} interval: " +
                              string.Join("  ", Enumerable.Range(0, horizon).Select(h => FormattableString.Invariant($"t+{h + 1} {mid[h, 0]:F2} [{low[h, 0]:F2}, {high[h, 0]:F2}]"))));
        }
        Console.WriteLine();

        QuantilePlot.Write(settings.Plot, columns[target], description, testWindows.TargetStarts, actual, horizon, quantiles, levels, IndexOf(levels, 0.5), drawn);
        Console.WriteLine($"Drew the fan chart of the test period and the coverage per step in {settings.Plot}.");
        return 0;
    }

    private static float[,] RawWindow(float[,] raw, long start, int steps)
    {
        var window = new float[steps, raw.GetLength(1)];
        for (int s = 0; s < steps; s++)
            for (int c = 0; c < raw.GetLength(1); c++) window[s, c] = raw[start + s, c];
        return window;
    }

    private static IEnumerable<double> Row(double[,] table, int row) => Enumerable.Range(0, table.GetLength(1)).Select(c => table[row, c]);

    private static int IndexOf(IReadOnlyList<double> levels, double level) => levels.ToList().FindIndex(q => Math.Abs(q - level) < 1e-9);

    private static string Level(double q) => q.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(double nominal) => (nominal * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Short(double value) => value.ToString(value >= 0.01 ? "F4" : "0.00e+0", CultureInfo.InvariantCulture).PadLeft(10);
}
