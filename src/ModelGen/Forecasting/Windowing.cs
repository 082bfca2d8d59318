using System;
using System.Collections.Generic;

namespace ModelGen.Forecasting;

/// <summary>Cuts a multivariate series (<c>series[time, feature]</c>) into forecasting windows.</summary>
public static class Windowing
{
    /// <summary>
    /// Makes every window whose <paramref name="horizon"/> target steps lie in rows
    /// <paramref name="targetRows"/> of the series. A window's input steps are the
    /// <paramref name="inputSteps"/> rows before its first target step; they may lie before
    /// <paramref name="targetRows"/> (the past is known when forecasting) but never after it.
    /// </summary>
    /// <param name="series">Values, one row per time step, one column per feature.</param>
    /// <param name="inputSteps">Past steps each window sees.</param>
    /// <param name="horizon">Future steps each window forecasts.</param>
    /// <param name="targetColumns">The columns to forecast.</param>
    /// <param name="targetRows">Rows the targets must fall in; the whole series when null.</param>
    /// <param name="stride">Rows between consecutive windows' first target steps.</param>
    public static WindowSet Create(float[,] series, int inputSteps, int horizon, IReadOnlyList<int> targetColumns, Range? targetRows = null, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(targetColumns);
        int rows = series.GetLength(0), features = series.GetLength(1);
        if (inputSteps <= 0) throw new ArgumentOutOfRangeException(nameof(inputSteps), inputSteps, $"Each window needs at least one input step; got {inputSteps}.");
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be at least one step; got {horizon}.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least one row; got {stride}.");
        if (targetColumns.Count == 0) throw new ArgumentException("At least one target column is needed.", nameof(targetColumns));
        foreach (int column in targetColumns)
        {
            if (column < 0 || column >= features)
                throw new ArgumentOutOfRangeException(nameof(targetColumns), column, $"Target column {column} is outside the series' {features} columns (0..{features - 1}).");
        }

        (int start, int length) = (targetRows ?? Range.All).GetOffsetAndLength(rows);
        int end = start + length;
        int firstTarget = Math.Max(start, inputSteps);
        var starts = new List<int>();
        for (int t = firstTarget; t + horizon <= end; t += stride) starts.Add(t);

        int[] columns = [.. targetColumns];
        var inputs = new float[starts.Count * inputSteps * features];
        var targets = new float[starts.Count * horizon * columns.Length];
        for (int w = 0; w < starts.Count; w++)
        {
            int t0 = starts[w];
            for (int s = 0; s < inputSteps; s++)
                for (int f = 0; f < features; f++)
                    inputs[(w * inputSteps + s) * features + f] = series[t0 - inputSteps + s, f];
            for (int h = 0; h < horizon; h++)
                for (int c = 0; c < columns.Length; c++)
                    targets[(w * horizon + h) * columns.Length + c] = series[t0 + h, columns[c]];
        }
        return new WindowSet(inputSteps, features, horizon, columns, inputs, targets, [.. starts]);
    }

    /// <summary>
    /// Makes every window with covariates whose <see cref="CovariateLayout.Horizon"/> target rows lie in
    /// <paramref name="targetRows"/>, the same windows (<see cref="CovariateWindowSet.TargetStarts"/>) as
    /// <see cref="Create(float[,], int, int, IReadOnlyList{int}, Range?, int)"/> makes for the same steps, horizon and rows.
    /// A window's past is the <see cref="CovariateLayout.InputSteps"/> rows before its first target row, of the
    /// layout's past columns; its known-future values are the layout's known-future columns in exactly its target
    /// rows; its static values and category ids are <paramref name="statics"/>', the same for every window of the
    /// series. No other value of a target row or a later row reaches a window's inputs.
    /// </summary>
    /// <param name="series">Values, one row per time step, one column per feature.</param>
    /// <param name="layout">Which columns are past, known ahead and targets, and how many steps each window has.</param>
    /// <param name="targetRows">Rows the targets must fall in; the whole series when null.</param>
    /// <param name="stride">Rows between consecutive windows' first target steps.</param>
    /// <param name="statics">The series' static values and category ids; none when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The layout names a column the series does not have, or <paramref name="stride"/> is below one.</exception>
    public static CovariateWindowSet Create(float[,] series, CovariateLayout layout, Range? targetRows = null, int stride = 1, SeriesStatics? statics = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(layout);
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least one row; got {stride}.");
        int rows = series.GetLength(0), features = series.GetLength(1);
        layout.CheckColumns(features, nameof(layout));
        statics ??= new SeriesStatics();

        int inputSteps = layout.InputSteps, horizon = layout.Horizon;
        int[] past = [.. layout.PastColumnsOf(features)], future = [.. layout.KnownFutureColumns], targetColumns = [.. layout.TargetColumns];
        float[] staticValues = [.. statics.Values];
        long[] categories = [.. statics.Categories];

        (int start, int length) = (targetRows ?? Range.All).GetOffsetAndLength(rows);
        int end = start + length;
        var starts = new List<int>();
        for (int t = Math.Max(start, inputSteps); t + horizon <= end; t += stride) starts.Add(t);

        int n = starts.Count;
        var pastValues = new float[n * inputSteps * past.Length];
        var futureValues = new float[n * horizon * future.Length];
        var targets = new float[n * horizon * targetColumns.Length];
        var lastTargets = new float[n * targetColumns.Length];
        var windowStatics = new float[n * staticValues.Length];
        var windowCategories = new long[n * categories.Length];
        for (int w = 0; w < n; w++)
        {
            int t0 = starts[w];
            // Past: rows t0 - inputSteps .. t0 - 1, all before the first target row.
            for (int s = 0; s < inputSteps; s++)
                for (int f = 0; f < past.Length; f++)
                    pastValues[(w * inputSteps + s) * past.Length + f] = series[t0 - inputSteps + s, past[f]];
            // Known future and targets: rows t0 .. t0 + horizon - 1, the same rows for both.
            for (int h = 0; h < horizon; h++)
            {
                for (int f = 0; f < future.Length; f++)
                    futureValues[(w * horizon + h) * future.Length + f] = series[t0 + h, future[f]];
                for (int c = 0; c < targetColumns.Length; c++)
                    targets[(w * horizon + h) * targetColumns.Length + c] = series[t0 + h, targetColumns[c]];
            }
            for (int c = 0; c < targetColumns.Length; c++)
                lastTargets[w * targetColumns.Length + c] = series[t0 - 1, targetColumns[c]];
            staticValues.CopyTo(windowStatics, w * staticValues.Length);
            categories.CopyTo(windowCategories, w * categories.Length);
        }
        return new CovariateWindowSet(inputSteps, horizon, past, future, targetColumns, staticValues.Length, categories.Length,
            pastValues, futureValues, windowStatics, windowCategories, targets, lastTargets, [.. starts]);
    }
}
