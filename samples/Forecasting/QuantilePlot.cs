using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;
using static Forecasting.SampleText;

namespace Forecasting;

/// <summary>
/// The fan chart of <c>--quantiles</c> (ScottPlot): on top the end of the test period, the actual target and, from a few
/// windows, the forecast's median and central intervals widening over the horizon; below, each interval's coverage per
/// horizon step beside its nominal coverage.
/// </summary>
internal static class QuantilePlot
{
    /// <summary>A central interval's levels (indices among the levels), nominal coverage and coverage per step.</summary>
    public sealed record Interval(int Lower, int Upper, double Nominal, double[] Coverage);

    /// <param name="forecasts">Every test window's quantiles, <c>[windows, horizon, levels]</c>, in the target's units, sorted.</param>
    public static void Write(string path, string target, string period, IReadOnlyList<long> targetStarts, float[] actual, int horizon,
        float[] forecasts, IReadOnlyList<double> levels, int median, IReadOnlyList<Interval> intervals, int windowsShown = 4)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Plot top = multiplot.GetPlot(0), bottom = multiplot.GetPlot(1);
        int count = levels.Count;
        double At(int window, int step, int level) => forecasts[(window * horizon + step) * count + level];

        // The truth over the end of the test period (at most 24 horizons, so each fan is visible).
        int windows = targetStarts.Count, first = Math.Max(0, windows - 24 * horizon);
        var line = top.Add.Scatter(
            Enumerable.Range(first, windows - first).Select(w => (double)targetStarts[w]).ToArray(),
            Enumerable.Range(first, windows - first).Select(w => (double)actual[w * horizon]).ToArray());
        line.LegendText = "actual";
        line.MarkerSize = 0;
        line.Color = Colors.Black;

        int span = Math.Max(0, windows - first - horizon);
        int[] shown = Enumerable.Range(0, windowsShown).Select(i => Math.Min(windows - 1, first + (int)((long)span * (i + 1) / (windowsShown + 1)))).Distinct().ToArray();
        foreach (int w in shown)
        {
            double[] xs = Enumerable.Range(0, horizon).Select(h => (double)(targetStarts[w] + h)).ToArray();
            // Widest interval first, each narrower one drawn darker over it.
            for (int i = 0; i < intervals.Count; i++)
            {
                var band = top.Add.FillY(xs,
                    Enumerable.Range(0, horizon).Select(h => At(w, h, intervals[i].Lower)).ToArray(),
                    Enumerable.Range(0, horizon).Select(h => At(w, h, intervals[i].Upper)).ToArray());
                band.FillColor = Colors.C0.WithAlpha(0.2 + 0.2 * i);
                band.LineWidth = 0;
                if (w == shown[0]) band.LegendText = Percent(intervals[i].Nominal) + " interval";
            }
            var mid = top.Add.Scatter(xs, Enumerable.Range(0, horizon).Select(h => At(w, h, median)).ToArray());
            mid.Color = Colors.C0;
            mid.LineWidth = 2;
            mid.MarkerSize = 4;
            if (w == shown[0]) mid.LegendText = "median forecast";
        }
        top.Title($"{target}: end of the test period ({period}) and quantile forecasts from {shown.Length} windows");
        top.XLabel("row of the series");
        top.YLabel(target);
        top.ShowLegend(Alignment.UpperLeft);

        // Calibration: how often the truth fell inside each interval, per step, against what it should be.
        double[] steps = Enumerable.Range(1, horizon).Select(h => (double)h).ToArray();
        Color[] palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3];
        for (int i = 0; i < intervals.Count; i++)
        {
            Color color = palette[i % palette.Length];
            var coverage = bottom.Add.Scatter(steps, intervals[i].Coverage);
            coverage.Color = color;
            coverage.LineWidth = 2;
            coverage.LegendText = Percent(intervals[i].Nominal) + " interval";
            var nominal = bottom.Add.HorizontalLine(intervals[i].Nominal);
            nominal.Color = color;
            nominal.LinePattern = LinePattern.Dashed;
        }
        bottom.Title("test coverage per horizon step (dashed: nominal)");
        bottom.XLabel("steps ahead");
        bottom.YLabel("fraction of truths inside");
        bottom.Axes.SetLimitsY(0, 1.05);
        bottom.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1); // whole steps
        bottom.ShowLegend(Alignment.LowerLeft);

        multiplot.SavePng(path, 1000, 800);
    }
}
