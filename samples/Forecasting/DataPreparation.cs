using System;
using ModelGen.Forecasting;

namespace Forecasting;

/// <summary>
/// The sample's data flow, from a raw series to model-ready windows: split by time (70% train, 15%
/// validation, 15% test), standardise with statistics of the training part only, then hold the standardised
/// series once (<see cref="SeriesTensor"/>) with the windows of each part (<see cref="SeriesWindows"/>: the
/// rows their targets start at, inside the part), read through indices batch by batch. Tested (ModelGen.Tests),
/// since a leak here would make every reported error look better than it is.
/// </summary>
public static class DataPreparation
{
    /// <summary>The prepared data and the scaler that maps forecasts back to the series' units; disposing it frees the series' tensor.</summary>
    public sealed record Prepared(ChronologicalSplit Split, Standardizer Scaler, SeriesTensor Series, SeriesWindows Train, SeriesWindows Validation, SeriesWindows Test)
        : IDisposable
    {
        public void Dispose()
        {
            Train.Dispose();
            Validation.Dispose();
            Test.Dispose();
            Series.Dispose();
        }
    }

    /// <summary>
    /// The prepared data with covariates. <see cref="Scaler"/> and the series' columns are those of the series with
    /// the known-ahead columns appended (the windows' <see cref="SeriesWindows.Layout"/> says which is which).
    /// </summary>
    public sealed record PreparedWithCovariates(ChronologicalSplit Split, Standardizer Scaler, SeriesTensor Series,
        SeriesWindows Train, SeriesWindows Validation, SeriesWindows Test) : IDisposable
    {
        public void Dispose()
        {
            Train.Dispose();
            Validation.Dispose();
            Test.Dispose();
            Series.Dispose();
        }
    }

    /// <exception cref="System.IO.InvalidDataException">
    /// The series is too short for a window of <paramref name="inputSteps"/> + <paramref name="horizon"/> rows in every part;
    /// the message says how many rows it has and about how many it needs.
    /// </exception>
    /// <param name="raw">The series, one row per time step.</param>
    /// <param name="inputSteps">Past steps each window sees.</param>
    /// <param name="horizon">Steps each window forecasts.</param>
    /// <param name="target">The column to forecast.</param>
    /// <param name="trained">The scaler a loaded model was trained with; null to fit one on the training part.</param>
    public static Prepared Prepare(float[,] raw, int inputSteps, int horizon, int target, Standardizer? trained = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        (ChronologicalSplit split, string tooShort) = Split(raw.GetLength(0), inputSteps, horizon);
        Standardizer scaler = trained ?? Standardizer.Fit(raw, split.Train);
        (SeriesTensor series, SeriesWindows train, SeriesWindows validation, SeriesWindows test) =
            Cut(raw, scaler, new CovariateLayout(inputSteps, horizon, [target]), split, tooShort);
        return new Prepared(split, scaler, series, train, validation, test);
    }

    /// <summary>
    /// As <see cref="Prepare"/>, with columns known ahead (a calendar) appended to the series: the past window holds
    /// every column of both, the known-future values are the known-ahead columns over each window's target rows.
    /// Split, scaling of the series' own columns and windows (their target rows) are the same as
    /// <see cref="Prepare"/>'s, so the errors of models with and without covariates compare.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="knownAhead"/> has another number of rows than <paramref name="raw"/>.</exception>
    /// <exception cref="System.IO.InvalidDataException">As for <see cref="Prepare"/>.</exception>
    public static PreparedWithCovariates PrepareWithKnownFuture(float[,] raw, float[,] knownAhead, int inputSteps, int horizon, int target, Standardizer? trained = null)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(knownAhead);
        int rows = raw.GetLength(0), own = raw.GetLength(1), known = knownAhead.GetLength(1);
        if (knownAhead.GetLength(0) != rows)
            throw new ArgumentException($"The known-ahead columns have {knownAhead.GetLength(0)} rows, but the series has {rows}; give one row per row of the series.", nameof(knownAhead));
        var joined = new float[rows, own + known];
        for (int t = 0; t < rows; t++)
        {
            for (int c = 0; c < own; c++) joined[t, c] = raw[t, c];
            for (int c = 0; c < known; c++) joined[t, own + c] = knownAhead[t, c];
        }
        (ChronologicalSplit split, string tooShort) = Split(rows, inputSteps, horizon);
        // Per-column statistics of the training rows: the series' own columns scale exactly as in Prepare.
        Standardizer scaler = trained ?? Standardizer.Fit(joined, split.Train);
        int[] future = new int[known];
        for (int c = 0; c < known; c++) future[c] = own + c;
        var layout = new CovariateLayout(inputSteps, horizon, [target]) { KnownFutureColumns = future };
        (SeriesTensor series, SeriesWindows train, SeriesWindows validation, SeriesWindows test) = Cut(joined, scaler, layout, split, tooShort);
        return new PreparedWithCovariates(split, scaler, series, train, validation, test);
    }

    /// <summary>The series as one tensor, standardised where it is, and the windows whose targets lie in each part.</summary>
    private static (SeriesTensor, SeriesWindows, SeriesWindows, SeriesWindows) Cut(float[,] raw, Standardizer scaler, CovariateLayout layout, ChronologicalSplit split, string tooShort)
    {
        SeriesTensor series = SeriesTensor.From(raw);
        try
        {
            scaler.TransformInPlace(series);
        }
        catch (ArgumentException e)
        {
            // A loaded model's scaler of other columns: the data's problem, reported as one.
            series.Dispose();
            throw new System.IO.InvalidDataException($"The series' columns do not fit the scaler: {e.Message}", e);
        }
        SeriesWindows train = series.Windows(layout, (_, _) => split.Train);
        SeriesWindows validation = series.Windows(layout, (_, _) => split.Validation);
        SeriesWindows test = series.Windows(layout, (_, _) => split.Test);
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
        {
            string counts = $"{train.Count}/{validation.Count}/{test.Count}";
            train.Dispose();
            validation.Dispose();
            test.Dispose();
            series.Dispose();
            throw new System.IO.InvalidDataException($"{tooShort} It leaves {counts} train/validation/test windows.");
        }
        return (series, train, validation, test);
    }

    private static (ChronologicalSplit Split, string TooShort) Split(int rows, int inputSteps, int horizon)
    {
        // Training (70%) must hold a whole window; validation and test (15% each) one window's targets, as
        // their inputs may reach back into the part before.
        int needed = (int)Math.Ceiling(Math.Max((inputSteps + horizon) / 0.7, horizon / 0.15));
        string tooShort = $"The series has {rows} rows; split 70/15/15 by time, each part needs room for at least one window of " +
                          $"{inputSteps} input + {horizon} target rows, which takes about {needed} rows or more.";
        try
        {
            return (ChronologicalSplit.ByFraction(rows, 0.7, 0.15), tooShort);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new System.IO.InvalidDataException(tooShort);
        }
    }
}
