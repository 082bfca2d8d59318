using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace Forecasting;

/// <summary>
/// A picture of the test period (ScottPlot): on top the actual target and, for a few windows spread
/// over the period, each model's forecast from that window; below, the test error per horizon step
/// of each model next to repeating the last value.
/// </summary>
internal static class ForecastPlot
{
    /// <summary>A model's forecasts for every test window (<c>[windows, horizon]</c>, in the target's units) and its error per step.</summary>
    public sealed record Series(string Name, float[] Forecasts, double[] Mse);

    public static void Write(string path, string target, string period, IReadOnlyList<int> targetStarts, float[] actual, int horizon,
        IReadOnlyList<Series> models, double[] naiveMse, int windowsShown = 4)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot top = multiplot.GetPlot(0), bottom = multiplot.GetPlot(1);

        // The actual target over the end of the test period (at most 24 horizons, so a forecast is visible):
        // each window's first target step is a row of the series.
        int windows = targetStarts.Count, first = Math.Max(0, windows - 24 * horizon);
        double[] rows = Enumerable.Range(first, windows - first).Select(w => (double)targetStarts[w]).ToArray();
        double[] truth = Enumerable.Range(first, windows - first).Select(w => (double)actual[w * horizon]).ToArray();
        var line = top.Add.Scatter(rows, truth);
        line.LegendText = "actual";
        line.MarkerSize = 0;
        line.Color = Colors.Black;

        Color[] palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3];
        // Spread over the windows drawn, each forecast ending before the last row (a short test period may show fewer).
        int span = Math.Max(0, windows - first - horizon);
        int[] shown = Enumerable.Range(0, windowsShown).Select(i => Math.Min(windows - 1, first + (int)((long)span * (i + 1) / (windowsShown + 1)))).Distinct().ToArray();
        for (int m = 0; m < models.Count; m++)
        {
            foreach (int w in shown)
            {
                double[] xs = Enumerable.Range(0, horizon).Select(h => (double)(targetStarts[w] + h)).ToArray();
                double[] ys = Enumerable.Range(0, horizon).Select(h => (double)models[m].Forecasts[w * horizon + h]).ToArray();
                var forecast = top.Add.Scatter(xs, ys);
                forecast.Color = palette[m % palette.Length];
                forecast.LineWidth = 2;
                forecast.MarkerSize = 5;
                if (w == shown[0]) forecast.LegendText = $"{models[m].Name} forecast";
            }
        }
        top.Title($"{target}: end of the test period ({period}) and forecasts from {shown.Length} windows");
        top.XLabel("row of the series");
        top.YLabel(target);
        top.ShowLegend(Alignment.UpperLeft);

        // Error per horizon step, as lines over the steps, the naive forecast dashed.
        double[] steps = Enumerable.Range(1, horizon).Select(h => (double)h).ToArray();
        for (int m = 0; m < models.Count; m++)
        {
            var error = bottom.Add.Scatter(steps, models[m].Mse);
            error.Color = palette[m % palette.Length];
            error.LineWidth = 2;
            error.LegendText = models[m].Name;
        }
        var naive = bottom.Add.Scatter(steps, naiveMse);
        naive.Color = Colors.Gray;
        naive.LinePattern = LinePattern.Dashed;
        naive.LegendText = "repeat last value";
        bottom.Title("test MSE per horizon step");
        bottom.XLabel("steps ahead");
        bottom.YLabel("MSE");
        bottom.Axes.SetLimitsY(0, Math.Max(naiveMse.Max(), models.Max(m => m.Mse.Max())) * 1.1);
        bottom.ShowLegend(Alignment.UpperLeft);

        multiplot.SavePng(path, 1000, 800);
    }

    /// <summary>A backtest's error per horizon step: a line per model, the baselines dashed.</summary>
    public static void WriteBacktest(string path, string title, IReadOnlyList<(string Name, double[] Error, bool Baseline)> lines)
    {
        var plot = new Plot();
        Color[] palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3];
        Color[] baselines = [Colors.Gray, Colors.DarkGray, Colors.Black];
        int model = 0, baseline = 0;
        foreach ((string name, double[] error, bool isBaseline) in lines)
        {
            double[] steps = Enumerable.Range(1, error.Length).Select(h => (double)h).ToArray();
            var line = plot.Add.Scatter(steps, error);
            line.LegendText = name;
            line.LineWidth = 2;
            line.Color = isBaseline ? baselines[baseline++ % baselines.Length] : palette[model++ % palette.Length];
            if (isBaseline) line.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel("steps ahead");
        plot.YLabel("MAE");
        plot.Axes.SetLimitsY(0, lines.Max(l => l.Error.Max()) * 1.1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }
}
