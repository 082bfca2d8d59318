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
/// <c>--quantiles</c> and <c>--distribution</c>: a probabilistic model trained on the series with the library's trainer,
/// which takes the loss from its declaration (the pinball loss of <see cref="QuantileModel"/>'s levels, or the negative
/// log-likelihood of <see cref="DeepArModel"/>'s distribution). Then, per horizon step over the test period, its
/// pinball loss per level, the coverage of its central intervals and its CRPS, each next to the naive baseline (the
/// seasonal naive forecast plus its training errors' quantiles); its export served by ONNX Runtime in the target's
/// units; and a fan chart. A distribution model's quantiles are those of paths it samples, DeepAR's way.
/// </summary>
internal static class ProbabilisticRun
{
    /// <summary>Sampled paths per test window for a distribution model's quantiles.</summary>
    private const int Paths = 400;

    /// <summary>What --quantiles and --distribution do not do (yet), or null.</summary>
    public static string? Problem(Settings settings)
    {
        string? option = settings.Quantiles ? "--quantiles" : settings.Distribution is not null ? "--distribution" : null;
        return option is null ? null
            : settings.Quantiles && settings.Distribution is not null ? "--quantiles and --distribution each train a model of their own; give one of them."
            : settings.Id is not null || settings.Time is not null ? $"{option} trains on one series; a panel (--id) is not supported with it yet."
            : settings.Compare || settings.Heads is not ["mimo"] ? $"{option} trains its own model; it does not take --head or --compare."
            : settings.Load is not null || settings.Save is not null ? $"{option} does not save or load checkpoints yet; leave out --save and --load."
            : settings.Backtest > 0 ? $"{option} does not backtest yet; leave out --backtest."
            : null;
    }

    /// <summary>A probabilistic model of the sample, with what the run needs of its class.</summary>
    private sealed record Model(nn.Module<Tensor, Tensor> Module, string Text, Action<string, TrainingRecord> ExportRaw, Func<Tensor, int, Generator, Tensor>? Sample);

    private static Model Create(Settings settings, bool oneColumn)
    {
        manual_seed(settings.Seed);
        switch (settings.Distribution, oneColumn)
        {
            case (null, false): { var m = new QuantileModel(); return new(m, QuantileModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, null); }
            case (null, true): { var m = new UnivariateQuantileModel(); return new(m, UnivariateQuantileModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, null); }
            case ("normal", false): { var m = new DeepArModel(); return new(m, DeepArModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, (x, n, g) => m.Sample(x, n, g)); }
            case ("normal", true): { var m = new UnivariateDeepArModel(); return new(m, UnivariateDeepArModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, (x, n, g) => m.Sample(x, n, g)); }
            case (_, false): { var m = new DeepArStudentModel(); return new(m, DeepArStudentModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, (x, n, g) => m.Sample(x, n, g)); }
            default: { var m = new UnivariateDeepArStudentModel(); return new(m, UnivariateDeepArStudentModel.Summary(settings.BatchSize).ToString(), m.ExportOnnx, (x, n, g) => m.Sample(x, n, g)); }
        }
    }

    public static int Run(Settings settings, DataPreparation.Prepared prepared, float[,] raw, string[] columns, int target, string unit, string description)
    {
        (ChronologicalSplit split, Standardizer scaler, _, SeriesWindows trainWindows, SeriesWindows validationWindows, SeriesWindows testWindows) = prepared;
        Model model = Create(settings, columns.Length == 1);
        nn.Module<Tensor, Tensor> module = model.Module;
        using var owned = module;
        OutputDistribution? distribution = (module as IDistributionModel)?.Distribution;
        // A distribution model is scored at the quantile model's levels, from its sampled paths.
        IReadOnlyList<double> levels = QuantileModel.Quantiles;
        string loss = distribution is null ? "pinball" : "NLL";
        Console.WriteLine(model.Text);
        Console.WriteLine();

        // Training: the trainer sees a quantile model (IQuantileModel) or a distribution model (IDistributionModel) and
        // trains and validates it on its loss; a decoding head also gets teacher forcing.
        Func<SeriesWindows, ForecastData<Tensor>> of = settings.PerWindow ? WindowScaling.Of : ForecastData.Of;
        ForecastData<Tensor> train = of(trainWindows), validation = of(validationWindows), test = of(testWindows);
        Console.WriteLine($"epoch  {"tr " + loss,10}  {"va " + loss,10}  teacher forcing    time");
        TrainingDisplay.Train(progress => ForecastTrainer.Fit(module, train, validation, settings.Training, progress), feedsBack: module is ITeacherForcedModel);
        Console.WriteLine($"Kept the epoch with the lowest validation {(distribution is null ? "pinball loss" : "negative log-likelihood")}.");
        Console.WriteLine();

        // The test period's quantiles in the target's units, [windows, horizon, 1, Q].
        int horizon = (int)testWindows.Layout.Horizon, count = levels.Count;
        using var scope = NewDisposeScope();
        Tensor all = testWindows.All();
        Tensor Unscaled(Tensor scaledValues, Tensor index) =>
            (settings.PerWindow ? WindowScaling.Inverse(scaledValues, testWindows, index) : scaledValues) * scaler.Scales[target] + scaler.Means[target];
        float[] quantiles, unsorted;
        float[]? samples = null;
        string crossing;
        if (model.Sample is { } sample)
        {
            // DeepAR's way: each window's paths, each step fed its own draw; their quantiles at the levels, in batches.
            module.eval();
            using var generator = new Generator((ulong)settings.Seed);
            var drawn = new List<float>();
            var batches = new List<float>();
            for (long start = 0; start < testWindows.Count; start += 256)
            {
                using var batch = NewDisposeScope();
                Tensor index = arange(start, Math.Min(start + 256, testWindows.Count), dtype: ScalarType.Int64);
                Tensor paths = Unscaled(sample(test.Input(testWindows, index), Paths, generator), index);
                drawn.AddRange(paths.data<float>().ToArray());
                batches.AddRange(Distributions.QuantilesOf(paths, levels).data<float>().ToArray());
            }
            samples = [.. drawn];
            quantiles = unsorted = [.. batches];
            crossing = $"quantiles of {Paths} sampled paths per window, each step fed its own draw";
        }
        else
        {
            Tensor forecast = Unscaled(ForecastTrainer.Predict(module, test), all);
            long crossed = forecast.diff(dim: -1).lt(0).any(-1).sum().item<long>();
            unsorted = forecast.data<float>().ToArray();
            quantiles = Values(QuantileForecasts.Sorted(forecast));
            crossing = $"{crossed} of {testWindows.Count * horizon} forecasts had crossed quantiles" +
                       (crossed > 0 ? ", sorted (QuantileForecasts.Sorted, which never raises the pinball loss)" : "");
        }
        float[] actual = [.. Values(testWindows.Targets(all)).Select(v => scaler.Inverse(v, target))];
        Console.WriteLine($"Test period: {testWindows.Count} windows × {horizon} {unit}s at {count} levels ({string.Join(", ", levels.Select(Level))}); {crossing}.");

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
        Console.WriteLine("Test coverage per horizon step: the fraction of truths inside each central interval (calibrated: its nominal coverage)");
        Console.WriteLine("ahead  " + string.Concat(intervals.Select(i => $"{Percent(i.Nominal) + " model",16}{baseline,16}")));
        double[][] coverage = [.. intervals.SelectMany(i => new[]
        {
            ProbabilisticMetrics.CoveragePerStep(quantiles, actual, horizon, 1, levels, i.Lower, i.Upper),
            ProbabilisticMetrics.CoveragePerStep(naive, actual, horizon, 1, levels, i.Lower, i.Upper),
        })];
        for (int h = 0; h < horizon; h++) Console.WriteLine($"t+{h + 1,-4}" + string.Concat(coverage.Select(c => Cell(c[h]))));
        Console.WriteLine("mean   " + string.Concat(coverage.Select(c => Cell(c.Average()))));
        var drawnIntervals = intervals.Select((interval, i) =>
            new QuantilePlot.Interval(IndexOf(levels, interval.Lower), IndexOf(levels, interval.Upper), interval.Nominal, coverage[2 * i])).ToList();
        Console.WriteLine();

        double[] crps = ProbabilisticMetrics.ContinuousRankedProbabilityScorePerStep(quantiles, actual, horizon, 1, levels);
        double[] naiveCrps = ProbabilisticMetrics.ContinuousRankedProbabilityScorePerStep(naive, actual, horizon, 1, levels);
        double[]? sampleCrps = samples is null ? null : ProbabilisticMetrics.ContinuousRankedProbabilityScoreOfSamplesPerStep(samples, actual, horizon, 1, Paths);
        Console.WriteLine($"Test CRPS per horizon step, from the {count} quantiles{(samples is null ? "" : $", as the baseline's (and, last, the exact CRPS of the {Paths} paths themselves, which the levels' estimate understates)")} ({columns[target]} units; lower is better)");
        Console.WriteLine($"ahead  {"model",16}{baseline,16}" + (samples is null ? "" : $"{"model paths",16}"));
        for (int h = 0; h < horizon; h++) Console.WriteLine($"t+{h + 1,-4}" + Cell(crps[h]) + Cell(naiveCrps[h]) + (sampleCrps is null ? "" : Cell(sampleCrps[h])));
        Console.WriteLine("mean   " + Cell(crps.Average()) + Cell(naiveCrps.Average()) + (sampleCrps is null ? "" : Cell(sampleCrps.Average())));
        Console.WriteLine();

        // Served: exported with what it was trained on, so ONNX Runtime takes the raw rows and forecasts in the target's units.
        var record = new TrainingRecord(module.GetType().Name, columns, [columns[target]], scaler) { PerWindowScaling = settings.PerWindow };
        model.ExportRaw(settings.Onnx, record);
        using (OnnxForecaster forecaster = OnnxForecaster.Load(settings.Onnx))
        {
            float[][,] windows = [.. Enumerable.Range(0, (int)testWindows.Count).Select(w => RawWindow(raw, testWindows.TargetStarts[w] - testWindows.Layout.InputSteps, (int)testWindows.Layout.InputSteps))];
            if (distribution is { } kind)
            {
                // The export is the deterministic path (each step fed the mean): its parameters, in the target's units.
                Tensor parameters = ForecastTrainer.Predict(module, test);
                if (settings.PerWindow) parameters = WindowScaling.Inverse(parameters, testWindows, all, kind);
                parameters = Distributions.Rescale(kind, parameters, tensor(scaler.Means[target]), tensor(scaler.Scales[target]));
                double largest = forecaster.Predict(windows).SelectMany(f => f.Cast<float>()).Zip(parameters.data<float>().ToArray(), (a, b) => (double)Math.Abs(a - b)).Max();
                Console.WriteLine($"Exported to {settings.Onnx} (raw rows in, {columns[target]}'s {kind} {string.Join(" and ", forecaster.DistributionParameters!)} per step out, " +
                                  $"the deterministic path: each step fed the {forecaster.Feedback}); through ONNX Runtime the largest difference from TorchSharp's parameters over the test period " +
                                  $"is {largest.ToString("0.0e+0", CultureInfo.InvariantCulture)} {columns[target]} units. Paths are sampled in TorchSharp (Sample).");
                float[,] last = forecaster.Predict(windows[^1]);
                int count0 = forecaster.DistributionParameters!.Count;
                Console.WriteLine($"Its forecast from the last test window, ({string.Join(", ", forecaster.DistributionParameters!)}) per step: " +
                                  string.Join("  ", Enumerable.Range(0, horizon).Select(h =>
                                      $"t+{h + 1} ({string.Join(", ", Enumerable.Range(0, count0).Select(k => last[h, k].ToString("F2", CultureInfo.InvariantCulture)))})")));
            }
            else
            {
                QuantileForecast[] served = forecaster.PredictQuantiles(windows);
                double largest = served.SelectMany(s => s.Values.Cast<float>()).Zip(unsorted, (a, b) => (double)Math.Abs(a - b)).Max();
                Console.WriteLine($"Exported to {settings.Onnx} (raw rows in, {columns[target]} at levels {string.Join(", ", forecaster.Quantiles!.Select(Level))} out); " +
                                  $"through ONNX Runtime the largest difference from TorchSharp over the test period is {largest.ToString("0.0e+0", CultureInfo.InvariantCulture)} {columns[target]} units.");
                QuantileForecast last = served[^1];
                float[,] low = last.At(intervals[0].Lower), mid = last.At(0.5), high = last.At(intervals[0].Upper);
                Console.WriteLine($"Its forecast from the last test window, {Percent(intervals[0].Nominal)} interval: " +
                                  string.Join("  ", Enumerable.Range(0, horizon).Select(h => FormattableString.Invariant($"t+{h + 1} {mid[h, 0]:F2} [{low[h, 0]:F2}, {high[h, 0]:F2}]"))));
            }
        }
        Console.WriteLine();

        QuantilePlot.Write(settings.Plot, columns[target], description, testWindows.TargetStarts, actual, horizon, quantiles, levels, IndexOf(levels, 0.5), drawnIntervals);
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

}
