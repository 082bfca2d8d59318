using System;
using System.Diagnostics;
using System.IO;
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
        Assert.Equal(["ahead", "multi-output", "autoregressive", "DirRec", "covariates", "repeat-last"], mase.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(File.Exists(Path.Combine(_folder, "forecaster-covariates.onnx")));
        Assert.True(File.Exists(Path.Combine(_folder, "forecast.png")));
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
