using System;
using System.Diagnostics;
using System.IO;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Tests;

/// <summary>
/// The sample run as users run it: its built program in a new process, with flags, in a folder of its own. Short runs
/// (one epoch, a short series): what is checked is that every path runs to its end and prints what scripts read.
/// </summary>
public sealed class SampleCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int ExitCode, string Output, string Errors) Run(params string[] arguments)
    {
        string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(dotnet) { UseShellExecute = false, WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "Forecasting.dll") }.Concat(arguments)) start.ArgumentList.Add(argument);
        return Probes.RunToEnd(start, TimeSpan.FromMinutes(5), "the sample");
    }

    [Fact]
    public void Compare_trains_every_head_and_prints_the_per_step_table_scripts_read()
    {
        (int exitCode, string output, string errors) = Run("--compare", "--epochs", "1", "--length", "3000");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        string[] lines = output.Split('\n');
        string header = Assert.Single(lines, l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.Equal(["step", "multi-output", "autoregressive", "DirRec", "covariates", "repeat-last"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        int at = Array.IndexOf(lines, header);
        Assert.Equal(["t+1", "t+2", "t+3", "t+4", "t+5", "mean"], lines.Skip(at + 1).Take(6).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.All(lines.Skip(at + 1).Take(6), l => Assert.Equal(6, l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        // After it, the scaled error per step, headed so that the MSE table keeps the one line starting with "step".
        string mase = Assert.Single(lines, l => l.StartsWith("ahead ", StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, mase) > at + 6);
        Assert.Equal(["ahead", "multi-output", "autoregressive", "DirRec", "covariates", "repeat-last", "holt-winters"], mase.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(Path.Combine(_folder, "forecaster-covariates.onnx")));
        Assert.True(File.Exists(Path.Combine(_folder, "forecast.png")));
    }

    /// <summary>The per-step MSE table: the line starting with "step" and the six after it.</summary>
    private static string[] Table(string output)
    {
        string[] lines = output.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.True(at >= 0, $"no table in:\n{output}");
        return lines[at..(at + 7)];
    }

    private void WriteCsv(string name, string header, Func<int, string> row, int rows = 400)
    {
        File.WriteAllLines(Path.Combine(_folder, name), [header, .. Enumerable.Range(0, rows).Select(row)]);
    }

    private static string Row(int t) => FormattableString.Invariant($"{Math.Sin(t / 5.0):F4},{Math.Cos(t / 7.0):F4},{t % 11}");

    [Fact]
    public void A_saved_model_loads_with_its_training_record_and_forecasts_as_it_did()
    {
        (int saved, string trained, string errors) = Run("--epochs", "1", "--length", "3000", "--save", "model.pt");
        Assert.True(saved == 0, $"exit code {saved}:\n{trained}\n{errors}");
        string record = File.ReadAllText(Path.Combine(_folder, "model.pt.training.json"));
        Assert.Contains("\"model\": \"MyModel\"", record);
        Assert.Contains("\"columns\": [", record);

        (int loaded, string output, string loadErrors) = Run("--load", "model.pt", "--length", "3000");

        Assert.True(loaded == 0, $"exit code {loaded}:\n{output}\n{loadErrors}");
        Assert.Contains("Loaded model.pt (no training).", output);
        Assert.DoesNotContain("has no training record", output);
        Assert.Equal(Table(trained), Table(output));
    }

    [Fact]
    public void A_table_of_the_same_columns_in_another_order_is_read_in_training_order_and_another_set_is_refused()
    {
        WriteCsv("train.csv", "a,b,c", Row);
        WriteCsv("reordered.csv", "c,a,b", t => string.Join(",", Row(t).Split(',') is var v ? new[] { v[2], v[0], v[1] } : []));
        WriteCsv("other.csv", "a,b,d", Row);
        (int saved, string trained, string errors) = Run("--csv", "train.csv", "--target", "a", "--features", "a,b,c", "--epochs", "1", "--save", "model.pt");
        Assert.True(saved == 0, $"exit code {saved}:\n{trained}\n{errors}");

        (int reordered, string output, string reorderedErrors) = Run("--csv", "reordered.csv", "--target", "a", "--features", "a,c,b", "--load", "model.pt");
        (int other, string _, string otherErrors) = Run("--csv", "other.csv", "--target", "a", "--features", "a,b,d", "--load", "model.pt");

        Assert.True(reordered == 0, $"exit code {reordered}:\n{output}\n{reorderedErrors}");
        Assert.Contains("reading the columns in the order the model was trained on: a, b, c", output);
        Assert.Equal(Table(trained), Table(output));
        Assert.Equal(2, other);
        // A later stretch of the series, whose own statistics differ: standardised with the recorded ones all the same.
        WriteCsv("later.csv", "a,b,c", t => Row(t + 250));
        (int later, string laterOutput, string laterErrors) = Run("--csv", "later.csv", "--target", "a", "--features", "a,b,c", "--load", "model.pt");
        Assert.True(later == 0, $"exit code {later}:\n{laterOutput}\n{laterErrors}");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "model.pt.training.json")));
        string Recorded(string name) => string.Join(" ", json.RootElement.GetProperty(name).EnumerateArray().Select(v => v.GetSingle().ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains($"means {Recorded("means")}, scales {Recorded("scales")}.", laterOutput);
        Assert.Contains("--load: other.csv lacks 'c': MyModel was trained on a, b, c, and other.csv has a, b, d.", otherErrors);
        Assert.DoesNotContain("   at ", otherErrors);
    }

    [Fact]
    public void A_damaged_training_record_is_refused_before_anything_is_loaded()
    {
        (int saved, string trained, string errors) = Run("--epochs", "1", "--length", "3000", "--save", "model.pt");
        Assert.True(saved == 0, $"exit code {saved}:\n{trained}\n{errors}");
        File.WriteAllText(Path.Combine(_folder, "model.pt.training.json"), "{ \"format\": \"modelgen-training/1\", \"model\": ");

        (int exitCode, string output, string loadErrors) = Run("--load", "model.pt", "--length", "3000");

        Assert.Equal(2, exitCode);
        Assert.Contains("--load: 'model.pt.training.json' is not a training record", loadErrors);
        Assert.DoesNotContain("Loaded", output);
    }

    /// <summary>Three stores of very different sizes, a row per store and day, interleaved by day.</summary>
    private void WritePanel(string name, int days, Func<int, int, string>? dayOf = null)
    {
        var lines = new List<string> { "day,store,sales,price,promo" };
        string[] stores = ["north", "south", "harbour"];
        for (int d = 0; d < days; d++)
            for (int s = 0; s < stores.Length; s++)
                lines.Add(FormattableString.Invariant(
                    $"{dayOf?.Invoke(d, s) ?? d.ToString()},{stores[s]},{(s + 1) * 100 + 10 * Math.Sin(d / 3.0 + s):F3},{2 + s + 0.1 * Math.Cos(d / 5.0):F3},{((d + s) % 7 == 0 ? 1 : 0)}"));
        File.WriteAllLines(Path.Combine(_folder, name), lines);
    }

    [Fact]
    public void A_panel_trains_one_global_model_and_reports_error_per_step_and_per_series()
    {
        WritePanel("stores.csv", 200);

        (int exitCode, string output, string errors) = Run("--csv", "stores.csv", "--id", "store", "--time", "day", "--target", "sales", "--features", "sales,price,promo", "--epochs", "1");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("3 series by 'store' (north, south, harbour), 600 rows in all", output);
        string[] table = Table(output);
        Assert.Equal(["step", "multi-output", "repeat-last"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        string[] lines = output.Split('\n');
        int perSeries = Array.FindIndex(lines, l => l.StartsWith("series ", StringComparison.Ordinal));
        Assert.Equal(["north", "south", "harbour"], lines.Skip(perSeries + 1).Take(3).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
    }

    [Fact]
    public void A_panel_model_saved_with_each_series_statistics_loads_and_forecasts_as_it_did_and_refuses_a_new_series()
    {
        WritePanel("stores.csv", 200);
        string[] panel = ["--id", "store", "--time", "day", "--target", "sales", "--features", "sales,price,promo"];
        (int saved, string trained, string errors) = Run(["--csv", "stores.csv", .. panel, "--epochs", "1", "--save", "model.pt"]);
        Assert.True(saved == 0, $"exit code {saved}:\n{trained}\n{errors}");
        Assert.Contains("\"series\": [", File.ReadAllText(Path.Combine(_folder, "model.pt.training.json")));

        (int loaded, string output, string loadErrors) = Run(["--csv", "stores.csv", .. panel, "--load", "model.pt"]);
        File.WriteAllText(Path.Combine(_folder, "more.csv"), File.ReadAllText(Path.Combine(_folder, "stores.csv")).Replace(",harbour,", ",airport,"));
        (int other, string _, string otherErrors) = Run(["--csv", "more.csv", .. panel, "--load", "model.pt"]);

        Assert.True(loaded == 0, $"exit code {loaded}:\n{output}\n{loadErrors}");
        Assert.Contains("standardising each series with the statistics it was trained with (3 series)", output);
        Assert.Equal(Table(trained), Table(output));
        Assert.Equal(2, other);
        Assert.Contains("has series the model was not trained on ('airport')", otherErrors);
    }

    [Fact]
    public void A_panel_with_a_series_out_of_time_order_or_too_short_exits_with_code_2_naming_it()
    {
        WritePanel("unordered.csv", 100, (d, s) => s == 1 && d == 40 ? "38" : d.ToString());
        File.WriteAllText(Path.Combine(_folder, "short.csv"), "day,store,sales,price,promo\n" + string.Concat(Enumerable.Range(0, 100).Select(d => $"{d},big,{d},1,0\n")) + "0,tiny,1,1,0\n1,tiny,2,1,0\n");

        (int unordered, string _, string unorderedErrors) = Run("--csv", "unordered.csv", "--id", "store", "--time", "day", "--target", "sales", "--features", "sales,price,promo");
        (int tooShort, string _, string shortErrors) = Run("--csv", "short.csv", "--id", "store", "--target", "sales", "--features", "sales,price,promo");

        Assert.Equal(2, unordered);
        Assert.Contains("line 123, series 'south': time 38 does not come after 39 (line 120)", unorderedErrors);
        Assert.Equal(2, tooShort);
        Assert.Contains("series 'tiny' has 2 rows, too few to split 70/15/15 by time", shortErrors);
        Assert.DoesNotContain("   at ", unorderedErrors + shortErrors);
    }

    /// <summary>
    /// US real GDP rises through the whole of macrodata, so its test years lie above every training value: scaled with
    /// the training years' statistics, the model forecasts below them all; scaled per window, as a --csv series is by
    /// default, it forecasts the shape of the recent past, and beats repeating the last value at every step (seeded; by
    /// 24 to 34 % on this machine).
    /// </summary>
    [Fact]
    public void On_a_trending_real_series_the_default_per_window_scaling_beats_repeating_the_last_value_at_every_step()
    {
        string macrodata = Path.Combine(AppContext.BaseDirectory, "Fixtures", "macrodata.csv");

        (int exitCode, string output, string errors) = Run("--csv", macrodata, "--target", "realgdp", "--features", "realgdp,realcons,realinv");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("each window standardised with its own past, its forecast mapped back (--scaling auto on a --csv series", output);
        string[] table = Table(output);
        Assert.Equal(["step", "multi-output", "repeat-last"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (string row in table.Skip(1)) Assert.True(Cells(row)[0] < Cells(row)[1], $"the model does not beat repeating the last value: {row}");
    }

    private static double[] Cells(string row) =>
        [.. row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// Weekly CO2 at Mauna Loa, 1958-2001: a rising trend and a yearly season. A one-column --csv series trains the
    /// one-feature model, scaled per window by default; with the season given (--period 52) its MASE table has a
    /// Holt-Winters column, and the model beats both it and repeating the last value at every step (seeded; on this
    /// machine by 13 to 23 % against Holt-Winters).
    /// </summary>
    [Fact]
    public void On_weekly_co2_the_default_model_beats_repeating_the_last_value_and_holt_winters_at_every_step()
    {
        string co2 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "co2.csv");

        (int exitCode, string output, string errors) = Run("--csv", co2, "--target", "co2", "--features", "co2", "--period", "52");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("1 features (co2)", output);
        // Its ONNX export carries the scaling: raw weeks in, ppm out, as TorchSharp's forecasts between the scalers.
        Assert.Matches(@"through ONNX Runtime the test MSE per step is [0-9. ]+ \(raw rows in, co2 out; largest difference from TorchSharp's forecast: [0-9.]+e-0?[5-9] co2 units\)", output);
        string[] table = Table(output);
        Assert.Equal(["step", "multi-output", "repeat-last"], table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        foreach (string row in table.Skip(1)) Assert.True(Cells(row)[0] < Cells(row)[1], $"the model does not beat repeating the last value: {row}");
        string[] lines = output.Split('\n');
        int mase = Array.FindIndex(lines, l => l.StartsWith("ahead ", StringComparison.Ordinal));
        Assert.Equal(["ahead", "multi-output", "repeat-last", "holt-winters"], lines[mase].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("that of repeating the value 52 rows before", lines[mase - 1]);
        foreach (string row in lines.Skip(mase + 1).Take(6)) Assert.True(Cells(row)[0] < Cells(row)[2], $"the model does not beat Holt-Winters: {row}");
    }

    /// <summary>The rows of the table whose header line is the one after <paramref name="title"/>: the header, then a row per step and the mean if it has one.</summary>
    private static string[] TableAfter(string output, string title, int rows)
    {
        string[] lines = output.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith(title, StringComparison.Ordinal));
        Assert.True(at >= 0, $"no '{title}' in:\n{output}");
        return lines[(at + 1)..(at + 2 + rows)];
    }

    [Fact]
    public void Quantiles_trains_the_quantile_model_and_prints_pinball_coverage_and_crps_per_step_and_a_fan_chart()
    {
        (int exitCode, string output, string errors) = Run("--quantiles", "--epochs", "1", "--length", "3000");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("QuantileModel", output);
        string[] pinball = TableAfter(output, "Test pinball loss per horizon step and level", 5);
        Assert.Equal(["ahead", "q0.05", "q0.1", "q0.25", "q0.5", "q0.75", "q0.9", "q0.95", "mean", "seasonal", "naive"], pinball[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(pinball.Skip(1), row => Assert.Equal(9, Cells(row).Length));
        // Each step's mean is the mean of its levels' losses: each printed to four decimals, so within 5e-5 + 5e-5.
        Assert.All(pinball.Skip(1), row => Assert.True(Math.Abs(Cells(row)[..7].Average() - Cells(row)[7]) <= 1e-4 + 1e-12, row));
        string[] coverage = TableAfter(output, "Test coverage per horizon step", 6);
        Assert.Equal(["ahead", "90%", "model", "seasonal", "naive", "80%", "model", "seasonal", "naive", "50%", "model", "seasonal", "naive"],
            coverage[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(coverage.Skip(1), row => Assert.All(Cells(row), c => Assert.InRange(c, 0, 1)));
        // A wider interval holds every truth a narrower one does.
        Assert.All(coverage.Skip(1), row => Assert.True(Cells(row)[0] >= Cells(row)[2] && Cells(row)[2] >= Cells(row)[4], row));
        string[] crps = TableAfter(output, "Test CRPS per horizon step", 6);
        Assert.Equal(["ahead", "model", "seasonal", "naive"], crps[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"through ONNX Runtime the largest difference from TorchSharp over the test period is [0-9.]+e-0?[5-9] demand units", output);
        Assert.Matches(@"90% interval: t\+1 -?[0-9.]+ \[-?[0-9.]+, -?[0-9.]+\]", output);
        Assert.True(File.Exists(Path.Combine(_folder, "forecaster.onnx")));
        Assert.True(File.Exists(Path.Combine(_folder, "forecast.png")));
    }

    [Fact]
    public void Distribution_trains_a_DeepAR_model_and_scores_its_sampled_paths_like_quantiles()
    {
        (int exitCode, string output, string errors) = Run("--distribution", "normal", "--epochs", "1", "--length", "3000");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("DeepArModel", output);
        Assert.Contains("Kept the epoch with the lowest validation negative log-likelihood.", output);
        Assert.Contains("quantiles of 400 sampled paths per window, each step fed its own draw", output);
        // The training table shows the teacher forcing the decoding head trains with.
        string epoch = output.Split('\n').First(l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        Assert.Equal("1.00", epoch.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3]);
        string[] coverage = TableAfter(output, "Test coverage per horizon step", 6);
        Assert.All(coverage.Skip(1), row => Assert.True(Cells(row)[0] >= Cells(row)[2] && Cells(row)[2] >= Cells(row)[4], row));
        string[] crps = TableAfter(output, "Test CRPS per horizon step", 6);
        Assert.Equal(["ahead", "model", "seasonal", "naive", "model", "paths"], crps[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"Normal loc and scale per step out, the deterministic path: each step fed the mean\); through ONNX Runtime the largest difference from TorchSharp's parameters over the test period is [0-9.]+e-0?[5-9] demand units", output);
        Assert.True(File.Exists(Path.Combine(_folder, "forecast.png")));
    }

    [Theory]
    [InlineData("--distribution", "normal", "--quantiles and --distribution each train a model of their own")]
    [InlineData("--head", "dirrec", "--quantiles trains its own model; it does not take --head or --compare")]
    [InlineData("--save", "model.pt", "--quantiles does not save or load checkpoints yet")]
    [InlineData("--backtest", "2", "--quantiles does not backtest yet")]
    public void Quantiles_refuses_what_it_does_not_do_yet_with_exit_code_2(string option, string value, string expected)
    {
        (int exitCode, string output, string errors) = Run("--quantiles", option, value, "--epochs", "1", "--length", "3000");

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains(expected, errors);
    }

    /// <summary>
    /// Calibration on a real series: on weekly co2, the quantile model's 90% and 50% intervals cover their share of the
    /// test weeks. Each coverage over the 339 test windows is a fraction whose binomial standard error is
    /// √(p(1 − p)/339), 0.016 at 90% and 0.027 at 50%; the bounds are three of those from nominal (the windows overlap,
    /// so this is a guide, not an exact test). Its mean CRPS beats the seasonal naive baseline's.
    /// </summary>
    [Fact]
    public void On_weekly_co2_the_quantile_models_intervals_cover_their_nominal_share_and_its_crps_beats_the_baseline()
    {
        string co2 = Path.Combine(AppContext.BaseDirectory, "Fixtures", "co2.csv");

        (int exitCode, string output, string errors) = Run("--quantiles", "--csv", co2, "--target", "co2", "--features", "co2", "--period", "52");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("UnivariateQuantileModel", output);
        Assert.Contains("339 windows", output);
        double[] coverage = Cells(TableAfter(output, "Test coverage per horizon step", 6)[^1]);
        double Bound(double p) => 3 * Math.Sqrt(p * (1 - p) / 339);
        Assert.InRange(coverage[0], 0.9 - Bound(0.9), 0.9 + Bound(0.9));
        Assert.InRange(coverage[4], 0.5 - Bound(0.5), 0.5 + Bound(0.5));
        double[] crps = Cells(TableAfter(output, "Test CRPS per horizon step", 6)[^1]);
        Assert.True(crps[0] < crps[1], $"mean CRPS {crps[0]} does not beat the baseline's {crps[1]}");
    }

    [Fact]
    public void A_model_loads_with_the_scaling_it_was_trained_with_whatever_scaling_says()
    {
        WriteCsv("train.csv", "a,b,c", t => FormattableString.Invariant($"{t * 0.05 + Math.Sin(t / 5.0):F4},{Math.Cos(t / 7.0):F4},{t % 11}"));
        (int saved, string trained, string errors) = Run("--csv", "train.csv", "--target", "a", "--features", "a,b,c", "--epochs", "1", "--save", "model.pt");
        Assert.True(saved == 0, $"exit code {saved}:\n{trained}\n{errors}");
        Assert.Contains("\"perWindowScaling\": true", File.ReadAllText(Path.Combine(_folder, "model.pt.training.json")));

        (int loaded, string output, string loadErrors) = Run("--csv", "train.csv", "--target", "a", "--features", "a,b,c", "--load", "model.pt", "--scaling", "series");

        Assert.True(loaded == 0, $"exit code {loaded}:\n{output}\n{loadErrors}");
        Assert.Contains("--load: the model was trained with each window standardised with its own past, so it forecasts so, whatever --scaling series says.", output);
        Assert.Equal(Table(trained), Table(output));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_backtest_prints_MAE_per_step_for_the_model_and_the_baselines_after_the_other_tables(bool refit)
    {
        (int exitCode, string output, string errors) = refit
            ? Run("--epochs", "1", "--length", "3000", "--backtest", "3", "--refit")
            : Run("--epochs", "1", "--length", "3000", "--backtest", "3");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        string[] lines = output.Split('\n');
        int at = Array.FindIndex(lines, l => l.StartsWith("Backtest: 3 origins", StringComparison.Ordinal));
        Assert.True(at > Array.FindIndex(lines, l => l.StartsWith("step ", StringComparison.Ordinal)), output);
        Assert.Contains(refit ? "a model trained anew before each origin" : "each model trained once", lines[at]);
        Assert.Equal(["ahead", "multi-output", "repeat-last", "seasonal", "naive", "holt-winters"], lines[at + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["t+1", "t+2", "t+3", "t+4", "t+5", "mean"], lines.Skip(at + 2).Take(6).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.Single(lines, l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.True(new FileInfo(Path.Combine(_folder, "forecast-backtest.png")).Length > 1000, "no backtest picture");
    }

    [Fact]
    public void The_shipped_fertility_panel_trains_both_one_feature_models_and_backtests_them()
    {
        string fertility = Path.Combine(AppContext.BaseDirectory, "Fixtures", "fertility.csv");

        (int exitCode, string output, string errors) = Run("--csv", fertility, "--id", "country", "--time", "year", "--target", "fertility",
            "--features", "fertility", "--epochs", "2", "--backtest", "2", "--compare");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{errors}");
        Assert.Contains("192 series by 'country'", output);
        Assert.Contains("each window standardised with its own past, its forecast mapped back (--scaling auto on a --csv series", output);
        Assert.Contains("== multi-output: ", output);
        // --compare with one value column: the second declared one-feature model beside the GRU.
        Assert.Contains("== MLP: ", output);
        Assert.Equal(["step", "multi-output", "MLP", "repeat-last"], Table(output)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Backtest: 2 origins from row 44", output);
        Assert.Matches(@"multi-output beats repeat-last on \d+ of 192 series", output);
    }

    [Fact]
    public void A_csv_with_an_empty_cell_exits_with_code_2_and_the_message_without_a_stack_trace()
    {
        File.WriteAllText(Path.Combine(_folder, "series.csv"), "a,b,c\n1,2,3\n4,,6\n");

        (int exitCode, string output, string errors) = Run("--csv", "series.csv", "--target", "a", "--features", "a,b,c");

        Assert.Equal(2, exitCode);
        Assert.Contains("'series.csv', line 3: column 'b' is empty", errors);
        Assert.DoesNotContain("Unhandled exception", errors + output);
        Assert.DoesNotContain("   at ", errors + output);
    }
}
