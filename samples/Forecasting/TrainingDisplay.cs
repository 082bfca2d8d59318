using System;
using System.Globalization;
using ModelGen.Forecasting;
using Spectre.Console;

namespace Forecasting;

/// <summary>
/// How the sample shows training: a line per epoch always (scripts read them), and in an interactive terminal a live
/// progress bar of the batches under them, which is gone once training ends. Output that goes to a file or a pipe gets
/// the lines alone.
/// </summary>
internal static class TrainingDisplay
{
    public static TrainingResult Train(Func<IProgress<TrainingProgress>, TrainingResult> fit, bool feedsBack)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return fit(new EpochLines(feedsBack, Console.WriteLine));

        TrainingResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? bar = null;
                var lines = new EpochLines(feedsBack, line => AnsiConsole.WriteLine(line));
                result = fit(new Progress(report =>
                {
                    bar ??= context.AddTask("training", maxValue: report.Epochs * (double)report.Batches);
                    bar.Value = (report.Epoch - 1) * (double)report.Batches + report.Batch;
                    bar.Description = $"epoch {report.Epoch}/{report.Epochs}, train MSE {report.TrainLoss.ToString("F4", CultureInfo.InvariantCulture)}";
                    lines.Report(report);
                }));
                if (bar is not null) bar.Value = bar.MaxValue;
            });
        return result!;
    }

    /// <summary>Reports on the training thread, as they come (<see cref="System.Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}

/// <summary>A line per finished epoch, as the sample always printed them; the reports after each batch are not printed.</summary>
internal sealed class EpochLines(bool feedsBack, Action<string> write) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Finished is not { } e) return;
        string teacherForcing = feedsBack ? e.TeacherForcing.ToString("F2", CultureInfo.InvariantCulture) : "-";
        write($"{e.Epoch,5}  {e.TrainLoss,10:F4}  {e.ValidationLoss,10:F4}  {teacherForcing,15}  {e.Elapsed.TotalSeconds,5:F1}s");
    }
}
