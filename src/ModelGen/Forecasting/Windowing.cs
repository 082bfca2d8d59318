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
}
