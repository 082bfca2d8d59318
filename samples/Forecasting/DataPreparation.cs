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

    public static Prepared Prepare(float[,] raw, int inputSteps, int horizon, int target)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var split = ChronologicalSplit.ByFraction(raw.GetLength(0), 0.7, 0.15);
        var scaler = Standardizer.Fit(raw, split.Train);
        (WindowSet train, WindowSet validation, WindowSet test) = split.Windows(scaler.Transform(raw), inputSteps, horizon, [target]);
        return new Prepared(split, scaler, train, validation, test);
    }
}
