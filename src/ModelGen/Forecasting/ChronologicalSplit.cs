using System;
using System.Collections.Generic;

namespace ModelGen.Forecasting;

/// <summary>
/// Splits a series by time into training, validation and test rows, in that order, so that a model
/// is never evaluated on a period before one it was trained on.
/// </summary>
public sealed record ChronologicalSplit
{
    private ChronologicalSplit(int length, int trainEnd, int validationEnd)
    {
        Length = length;
        TrainEnd = trainEnd;
        ValidationEnd = validationEnd;
    }

    /// <summary>Rows in the series.</summary>
    public int Length { get; }

    /// <summary>First row after the training rows.</summary>
    public int TrainEnd { get; }

    /// <summary>First row after the validation rows (the first test row).</summary>
    public int ValidationEnd { get; }

    /// <summary>Training rows.</summary>
    public Range Train => 0..TrainEnd;

    /// <summary>Validation rows.</summary>
    public Range Validation => TrainEnd..ValidationEnd;

    /// <summary>Test rows.</summary>
    public Range Test => ValidationEnd..Length;

    /// <summary>Splits <paramref name="length"/> rows by fractions; the test set takes the rest.</summary>
    public static ChronologicalSplit ByFraction(int length, double trainFraction, double validationFraction)
    {
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, $"The series needs at least one row; got {length}.");
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, $"The training fraction must be in (0, 1); got {trainFraction}.");
        if (!(validationFraction >= 0 && trainFraction + validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction,
                $"The validation fraction must be at least 0 and leave rows for testing (training + validation < 1); got {validationFraction} with training {trainFraction}.");
        int trainEnd = (int)Math.Round(length * trainFraction);
        int validationEnd = (int)Math.Round(length * (trainFraction + validationFraction));
        if (trainEnd == 0 || validationEnd >= length || (validationFraction > 0 && validationEnd == trainEnd))
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{length} rows split {trainFraction}/{validationFraction}/rest gives {trainEnd} training, {validationEnd - trainEnd} validation " +
                $"and {length - validationEnd} test rows; every part asked for needs at least one row.");
        return new ChronologicalSplit(length, trainEnd, validationEnd);
    }

    /// <summary>
    /// Windows for each part. Targets fall inside their part; inputs may reach back into the parts
    /// before it, which is what is known at forecast time. No target row is shared between parts.
    /// </summary>
    public (WindowSet Train, WindowSet Validation, WindowSet Test) Windows(float[,] series, int inputSteps, int horizon, IReadOnlyList<int> targetColumns)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.GetLength(0) != Length)
            throw new ArgumentException($"This split is for {Length} rows, but the series has {series.GetLength(0)}.", nameof(series));
        return (
            Windowing.Create(series, inputSteps, horizon, targetColumns, Train),
            Windowing.Create(series, inputSteps, horizon, targetColumns, Validation),
            Windowing.Create(series, inputSteps, horizon, targetColumns, Test));
    }

    /// <summary>
    /// Windows with covariates for each part (<see cref="Windowing.Create(float[,], CovariateLayout, Range?, int, SeriesStatics?)"/>):
    /// targets, and the known-future values over them, fall inside their part; past windows may reach back into the
    /// parts before it. The windows are the same as <see cref="Windows(float[,], int, int, IReadOnlyList{int})"/> makes
    /// for the layout's steps, horizon and targets.
    /// </summary>
    /// <exception cref="ArgumentException">The series has another number of rows than this split.</exception>
    public (CovariateWindowSet Train, CovariateWindowSet Validation, CovariateWindowSet Test) Windows(float[,] series, CovariateLayout layout, SeriesStatics? statics = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.GetLength(0) != Length)
            throw new ArgumentException($"This split is for {Length} rows, but the series has {series.GetLength(0)}.", nameof(series));
        return (
            Windowing.Create(series, layout, Train, statics: statics),
            Windowing.Create(series, layout, Validation, statics: statics),
            Windowing.Create(series, layout, Test, statics: statics));
    }
}
