using System;
using System.Collections.Generic;

namespace ModelGen.Forecasting;

/// <summary>
/// Per-column standardisation (subtract the mean, divide by the standard deviation) fitted on some
/// rows only, normally the training rows, so no statistics leak from validation or test data.
/// </summary>
public sealed class Standardizer
{
    private readonly float[] _means;
    private readonly float[] _scales;

    private Standardizer(float[] means, float[] scales)
    {
        _means = means;
        _scales = scales;
    }

    /// <summary>Column means of the fitted rows.</summary>
    public IReadOnlyList<float> Means => _means;

    /// <summary>Column standard deviations of the fitted rows (1 for a constant column).</summary>
    public IReadOnlyList<float> Scales => _scales;

    /// <summary>A scaler of known statistics, such as a <see cref="TrainingRecord"/>'s: the same one that standardised the training series.</summary>
    /// <exception cref="ArgumentException">No columns, lists of different lengths, a mean that is not a finite number, or a scale that is not a positive one.</exception>
    public static Standardizer FromStatistics(IReadOnlyList<float> means, IReadOnlyList<float> scales)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        if (means.Count == 0 || means.Count != scales.Count)
            throw new ArgumentException($"Give one mean and one scale per column, at least one; got {means.Count} means and {scales.Count} scales.", nameof(scales));
        for (int c = 0; c < means.Count; c++)
        {
            if (!float.IsFinite(means[c])) throw new ArgumentException($"The mean of column {c} is {means[c]}; it must be a finite number.", nameof(means));
            if (!(scales[c] > 0) || !float.IsFinite(scales[c])) throw new ArgumentException($"The scale of column {c} is {scales[c]}; it must be a positive number.", nameof(scales));
        }
        return new Standardizer([.. means], [.. scales]);
    }

    /// <summary>Fits the mean and standard deviation of each column over <paramref name="rows"/>.</summary>
    public static Standardizer Fit(float[,] series, Range rows)
    {
        ArgumentNullException.ThrowIfNull(series);
        (int start, int length) = rows.GetOffsetAndLength(series.GetLength(0));
        if (length == 0) throw new ArgumentException("Cannot fit on zero rows.", nameof(rows));
        int columns = series.GetLength(1);
        var means = new float[columns];
        var scales = new float[columns];
        for (int c = 0; c < columns; c++)
        {
            double sum = 0, sumSquares = 0;
            for (int r = start; r < start + length; r++) sum += series[r, c];
            double mean = sum / length;
            for (int r = start; r < start + length; r++) sumSquares += (series[r, c] - mean) * (series[r, c] - mean);
            double std = Math.Sqrt(sumSquares / length);
            means[c] = (float)mean;
            scales[c] = std > 1e-12 ? (float)std : 1f;
        }
        return new Standardizer(means, scales);
    }

    /// <summary>Returns a standardised copy of <paramref name="series"/>.</summary>
    public float[,] Transform(float[,] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.GetLength(1) != _means.Length)
            throw new ArgumentException($"Fitted on {_means.Length} columns, but the series has {series.GetLength(1)}.", nameof(series));
        var result = new float[series.GetLength(0), series.GetLength(1)];
        for (int r = 0; r < series.GetLength(0); r++)
            for (int c = 0; c < _means.Length; c++)
                result[r, c] = (series[r, c] - _means[c]) / _scales[c];
        return result;
    }

    /// <summary>
    /// Standardises <paramref name="values"/> (<c>[rows, columns]</c>, float32, such as <see cref="SeriesTensor.Values"/>)
    /// where they are, with the same arithmetic as <see cref="Transform"/>: a long series is not copied to be scaled. For a
    /// <see cref="SeriesTensor"/>, use <see cref="TransformInPlace(SeriesTensor)"/>, which also refreshes what its windows read.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not float32 <c>[rows, columns]</c> of the fitted columns.</exception>
    public void TransformInPlace(TorchSharp.torch.Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.dim() != 2 || values.shape[1] != _means.Length || values.dtype != TorchSharp.torch.ScalarType.Float32)
            throw new ArgumentException($"Fitted on {_means.Length} columns: expected float32 [rows, {_means.Length}], but got {values.dtype} [{string.Join(", ", values.shape)}].", nameof(values));
        using var scope = TorchSharp.torch.NewDisposeScope();
        values.sub_(TorchSharp.torch.tensor(_means, device: values.device)).div_(TorchSharp.torch.tensor(_scales, device: values.device));
    }

    /// <summary>
    /// Standardises every series of <paramref name="series"/> where it is (<see cref="TransformInPlace(TorchSharp.torch.Tensor)"/>
    /// on its <see cref="SeriesTensor.Values"/>), so that batches read from it afterwards read the standardised values.
    /// </summary>
    /// <exception cref="ArgumentException">The series have another number of columns than were fitted.</exception>
    public void TransformInPlace(SeriesTensor series)
    {
        ArgumentNullException.ThrowIfNull(series);
        TransformInPlace(series.Values);
        series.ValuesChanged();
    }

    /// <summary>Maps a standardised value of <paramref name="column"/> back to the original scale.</summary>
    public float Inverse(float value, int column) => value * _scales[column] + _means[column];
}
