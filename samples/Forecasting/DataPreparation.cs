using System;
using ModelGen.Forecasting;

namespace Forecasting;

/// <summary>
/// The sample's data flow, from a raw series to model-ready windows: split by time (70% train, 15%
/// validation, 15% test), standardise with statistics of the training part only, then cut each part
/// into windows whose targets lie inside it. Tested (ModelGen.Tests), since a leak here would make
/// every reported error look better than it is.
/// </summary>
public static class DataPreparation
{
    /// <summary>The prepared data and the scaler that maps forecasts back to the series' units.</summary>
    public sealed record Prepared(ChronologicalSplit Split, Standardizer Scaler, WindowSet Train, WindowSet Validation, WindowSet Test);

    /// <exception cref="System.IO.InvalidDataException">
    /// The series is too short for a window of <paramref name="inputSteps"/> + <paramref name="horizon"/> rows in every part;
    /// the message says how many rows it has and about how many it needs.
    /// </exception>
    public static Prepared Prepare(float[,] raw, int inputSteps, int horizon, int target)
    {
        ArgumentNullException.ThrowIfNull(raw);
        int rows = raw.GetLength(0);
        // Training (70%) must hold a whole window; validation and test (15% each) one window's targets, as
        // their inputs may reach back into the part before.
        int needed = (int)Math.Ceiling(Math.Max((inputSteps + horizon) / 0.7, horizon / 0.15));
        string tooShort = $"The series has {rows} rows; split 70/15/15 by time, each part needs room for at least one window of " +
                          $"{inputSteps} input + {horizon} target rows, which takes about {needed} rows or more.";
        ChronologicalSplit split;
        try
        {
            split = ChronologicalSplit.ByFraction(rows, 0.7, 0.15);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new System.IO.InvalidDataException(tooShort);
        }
        var scaler = Standardizer.Fit(raw, split.Train);
        (WindowSet train, WindowSet validation, WindowSet test) = split.Windows(scaler.Transform(raw), inputSteps, horizon, [target]);
        if (train.Count == 0 || validation.Count == 0 || test.Count == 0)
            throw new System.IO.InvalidDataException($"{tooShort} It leaves {train.Count}/{validation.Count}/{test.Count} train/validation/test windows.");
        return new Prepared(split, scaler, train, validation, test);
    }
}
