using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen;
using ModelGen.Forecasting;
using TorchSharp;
using static Forecasting.SampleText;
using static TorchSharp.torch;

namespace Forecasting;

/// <summary>
/// The sample on a long-format file of many series (<c>--csv FILE --id COLUMN</c>): one global model trained on the
/// windows of every series, each series split by time and standardised with statistics of its own training part, and
/// the test error per horizon step in the target's units (each window mapped back with its own series' statistics),
/// over all series and per series, next to repeating the last value.
/// </summary>
internal static class Panel
{
    public static int Run(Settings settings, int inputSteps, int horizon, Func<string[]?> chooseColumns)
    {
        if (settings.Csv is null || settings.Id is null)
        {
            Console.Error.WriteLine("--id and --time read a long-format --csv file of many series: give --csv FILE --id COLUMN (and --time COLUMN to check each series' time order).");
            return 2;
        }
        string[] heads = [.. settings.Heads.Where(h => h != "covariates")];
        if (heads.Length == 0)
        {
            Console.Error.WriteLine("--head covariates reads the hourly calendar of the synthetic series; a --csv panel has none. Use another --head.");
            return 2;
        }
        string[]? columns = chooseColumns();
        if (columns is null) return 2;
        // One value column: the one-feature models (with --compare, the perceptron beside the GRU).
        if (columns.Length == 1) heads = HeadModel.OneColumn(settings.Compare);

        SeriesPanel panel;
        ChronologicalSplit[] splits;
        try
        {
            panel = settings.Csv.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
                ? SeriesPanel.ReadParquet(settings.Csv, settings.Id, settings.Time, columns)
                : SeriesPanel.ReadCsv(settings.Csv, settings.Id, settings.Time, columns);
            splits = panel.Series.Select((s, i) => Split(panel, i, inputSteps, horizon)).ToArray();
        }
        catch (Exception e) when (e is System.IO.IOException or System.IO.InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        string FileOf(string path, string kind) => heads.Length == 1 ? path : SampleFiles.For(path, kind);

        // Each series scaled with its own training rows' statistics (or, with --load, those it was trained with), then
        // all held once, end to end.
        PerSeriesStandardizer scalers;
        try
        {
            if (settings.Load is { } loading)
            {
                TrainingRecord? record = null;
                foreach (string kind in heads)
                {
                    TrainingRecord read = TrainingRecord.Load(FileOf(loading, kind), HeadModel.ClassOf(kind));
                    if (read.SeriesIds is null || read.SeriesScalers is null)
                        throw new System.IO.InvalidDataException($"{FileOf(loading, kind)} was trained on one series; load it without --id.");
                    if (record is not null && (!read.Columns.SequenceEqual(record.Columns) || !read.SeriesIds.SequenceEqual(record.SeriesIds!) || read.PerWindowScaling != record.PerWindowScaling
                        || read.SeriesScalers.Scalers.Zip(record.SeriesScalers!.Scalers).Any(p => !p.First.Means.SequenceEqual(p.Second.Means) || !p.First.Scales.SequenceEqual(p.Second.Scales))))
                        throw new System.IO.InvalidDataException($"{FileOf(loading, kind)} was trained on other data than {FileOf(loading, heads[0])}; save them from one run.");
                    record ??= read;
                }
                if (!record!.Columns.SequenceEqual(columns))
                {
                    record.ColumnOrder(columns, panel.Source); // the same columns, or an error naming both sets
                    throw new System.IO.InvalidDataException($"--features names {string.Join(", ", columns)}; the model was trained on {string.Join(", ", record.Columns)}: name them in that order.");
                }
                scalers = record.ScalersFor(panel.Ids, panel.Source);
                settings = settings.WithRecordedScaling(record.PerWindowScaling);
                Console.WriteLine($"--load: standardising each series with the statistics it was trained with ({panel.Ids.Count} series).");
            }
            else
            {
                scalers = PerSeriesStandardizer.Fit(panel.Series, (s, _) => splits[s].Train);
            }
        }
        catch (Exception e) when (e is System.IO.InvalidDataException or System.IO.FileNotFoundException)
        {
            Console.Error.WriteLine($"--load: {e.Message}");
            return 2;
        }
        using SeriesTensor series = panel.ToTensor();
        scalers.TransformInPlace(series);
        var layout = new CovariateLayout(inputSteps, horizon, [0]);
        using SeriesWindows train = series.Windows(layout, (s, _) => splits[s].Train);
        using SeriesWindows validation = series.Windows(layout, (s, _) => splits[s].Validation);
        using SeriesWindows test = series.Windows(layout, (s, _) => splits[s].Test);
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
        {
            Console.Error.WriteLine($"{panel.Source}: its series leave {train.Count}/{validation.Count}/{test.Count} train/validation/test windows of {inputSteps} + {horizon} rows; give longer series.");
            return 2;
        }
        Console.WriteLine($"Series ({System.IO.Path.GetFileName(settings.Csv)}): {panel.Ids.Count} series by '{settings.Id}' ({string.Join(", ", panel.Ids.Take(5))}{(panel.Ids.Count > 5 ? ", …" : "")}), " +
                          $"{series.Rows} rows in all × {columns.Length} features ({string.Join(", ", columns)}); forecast {columns[0]} {horizon} rows ahead from {inputSteps}.");
        Console.WriteLine($"Windows: {train.Count} train, {validation.Count} validation, {test.Count} test (each series split by time, 70/15/15); {settings.ScalingNote}.");
        Console.WriteLine();

        using var scope = NewDisposeScope();
        using Tensor all = test.All();
        float[] actual = Values(scalers.InverseTargets(test.Targets(all), test, all));
        float[] naive = Values(scalers.InverseTargets(test.RepeatLastValue(all), test, all));
        var results = new List<(string Name, float[] Forecasts)>();
        foreach (string kind in heads)
        {
            manual_seed(settings.Seed);
            // Scaled per window (--scaling auto or window), each window is standardised again with its own past, on top of its series' scaling.
            HeadModel model = HeadModel.Create(kind, train, validation, test, null, settings.PerWindow);
            using var module = model.Module;
            Console.WriteLine($"== {model.Name}: {model.Summary(1).TotalParameters:N0} parameters, one model for all {panel.Ids.Count} series");
            if (settings.Load is { } checkpoint)
            {
                try
                {
                    module.LoadCheckpoint(FileOf(checkpoint, kind));
                }
                catch (Exception e) when (e is System.IO.InvalidDataException or System.IO.FileNotFoundException)
                {
                    Console.Error.WriteLine($"--load: {e.Message}");
                    return 2;
                }
                Console.WriteLine($"Loaded {FileOf(checkpoint, kind)} (no training).");
            }
            else
            {
                Console.WriteLine("epoch   train MSE   valid MSE   teacher forcing    time");
                TrainingDisplay.Train(progress => model.Fit(settings.Training, progress), model.FeedsBack);
                Console.WriteLine("Kept the epoch with the lowest validation MSE.");
                if (settings.Save is { } destination)
                {
                    string saved = FileOf(destination, kind);
                    module.SaveCheckpoint(saved);
                    // Every series' statistics beside it, by id: --load --id standardises each series as it was trained.
                    new TrainingRecord(module.GetType().Name, columns, [columns[0]], panel.Ids, scalers) { PerWindowScaling = settings.PerWindow }.Save(saved);
                    Console.WriteLine($"Saved it to {saved}, with each series' statistics in {TrainingRecord.PathFor(saved)}.");
                }
            }
            Console.WriteLine();
            results.Add((model.Name, Values(scalers.InverseTargets(model.PredictTest(), test, all))));
        }

        double[] naiveMse = ForecastMetrics.MeanSquaredErrorPerStep(naive, actual, horizon, 1);
        double[][] mse = [.. results.Select(r => ForecastMetrics.MeanSquaredErrorPerStep(r.Forecasts, actual, horizon, 1))];
        Console.WriteLine($"Test MSE per horizon step ({test.Count} windows of {panel.Ids.Count} series, {columns[0]} units²)");
        Console.WriteLine("step   " + string.Concat(results.Select(r => $"{r.Name,16}")) + "     repeat-last");
        for (int h = 0; h < horizon; h++)
            Console.WriteLine($"t+{h + 1,-4}" + string.Concat(mse.Select(m => Cell(m[h]))) + Cell(naiveMse[h]));
        Console.WriteLine("mean   " + string.Concat(mse.Select(m => Cell(m.Average()))) + Cell(naiveMse.Average()));
        Console.WriteLine();

        // The same per series: a global model may serve some series well and others badly.
        Console.WriteLine($"Test MSE per series (mean over the {horizon} steps, {columns[0]} units²)");
        Console.WriteLine("series " + string.Concat(results.Select(r => $"{r.Name,16}")) + "     repeat-last");
        int perWindow = horizon;
        // The test windows of each series, found in one pass.
        var bySeries = Enumerable.Range(0, (int)test.Count).GroupBy(w => test.SeriesOf(w)).ToDictionary(g => g.Key, g => g.ToArray());
        for (int s = 0; s < panel.Ids.Count; s++)
        {
            if (!bySeries.TryGetValue(s, out int[]? windows)) continue;
            float[] Pick(float[] values) => windows.SelectMany(w => values.Skip(w * perWindow).Take(perWindow)).ToArray();
            float[] truth = Pick(actual);
            Console.WriteLine($"{Name(panel.Ids[s]),-7}" + string.Concat(results.Select(r => Cell(ForecastMetrics.MeanSquaredErrorPerStep(Pick(r.Forecasts), truth, horizon, 1).Average())))
                              + Cell(ForecastMetrics.MeanSquaredErrorPerStep(Pick(naive), truth, horizon, 1).Average()));
        }
        if (settings.Backtest > 0)
        {
            Console.WriteLine();
            if (Enumerable.Range(0, series.SeriesCount).Any(s => series.LengthOf(s) != series.LengthOf(0)))
            {
                Console.WriteLine("--backtest with --id needs series of one length, so that an origin is the same time in each; these differ.");
                return 0;
            }
            // Origins over the test rows, the same in every series; MASE, since each series has its own scale.
            int length = (int)series.LengthOf(0), first = splits[0].ValidationEnd;
            int stride = Math.Max(1, (length - first - horizon + 1 + settings.Backtest - 1) / settings.Backtest);
            var options = new BacktestOptions
            {
                FirstOrigin = first, Stride = stride, Folds = settings.Backtest, Refit = settings.Refit, PerWindowScaling = settings.PerWindow,
                SeasonalPeriod = settings.SeasonalPeriod("row"), Training = settings.Training,
            };
            var scores = new List<BacktestScore>();
            BacktestResult? last = null;
            try
            {
                foreach (string kind in heads)
                {
                    manual_seed(settings.Seed);
                    last = Backtest.Run(() => HeadModel.NewModel(kind), series, layout, options);
                    scores.Add(last.Scores[0] with { Name = HeadModel.NameOf(kind) });
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"--backtest: {e.Message}");
                return 2;
            }
            scores.AddRange(last!.Scores.Skip(1));
            Console.WriteLine($"Backtest: {last.Origins.Count} origins from row {first} every {stride} rows of each of the {series.SeriesCount} series, {last.Windows} windows, " +
                              $"{(settings.Refit ? "a model trained anew before each origin" : "each model trained once, on the rows before the first")}; " +
                              $"MASE per step (each series' error over its {(settings.SeasonalPeriod("row") > 1 ? $"seasonal naive ({settings.SeasonalPeriod("row")} rows)" : "naive")} error before the first origin)");
            Console.WriteLine("ahead  " + string.Concat(scores.Select(sc => $"{(sc.Name.Length > 15 ? sc.Name[..15] : sc.Name),16}")));
            for (int h = 0; h < horizon; h++)
                Console.WriteLine($"t+{h + 1,-4}" + string.Concat(scores.Select(sc => Cell(sc.MeanAbsoluteScaledError[h]))));
            Console.WriteLine("mean   " + string.Concat(scores.Select(sc => Cell(sc.MeanAbsoluteScaledError.Average()))));
            int better = Enumerable.Range(0, series.SeriesCount).Count(s => scores[0].PerSeriesMeanAbsoluteScaledError[s] < scores[^1].PerSeriesMeanAbsoluteScaledError[s]);
            Console.WriteLine($"{scores[0].Name} beats {scores[^1].Name} on {better} of {series.SeriesCount} series (mean MASE over their test windows).");
        }
        return 0;
    }

    /// <summary>Series <paramref name="s"/>'s split by time, 70/15/15, or an error naming it when it is too short for that.</summary>
    private static ChronologicalSplit Split(SeriesPanel panel, int s, int inputSteps, int horizon)
    {
        int rows = panel.Series[s].GetLength(0);
        try
        {
            return ChronologicalSplit.ByFraction(rows, 0.7, 0.15);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new System.IO.InvalidDataException(
                $"{panel.Source}: series '{panel.Ids[s]}' has {rows} rows, too few to split 70/15/15 by time; each part needs rows of its own (a window is {inputSteps} + {horizon} rows).");
        }
    }

    private static string Name(string id) => id.Length <= 7 ? id : id[..6] + "…";

}
