using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>
/// A <see cref="Standardizer"/> per series, each fitted on its own series' training rows only, for one global model over
/// series of different levels and spreads (stores of different sizes): every series is standardised with its own
/// statistics, and forecasts are mapped back with the statistics of the series each window belongs to.
/// </summary>
public sealed class PerSeriesStandardizer
{
    private readonly Standardizer[] _scalers;

    private PerSeriesStandardizer(Standardizer[] scalers) => _scalers = scalers;

    /// <summary>Scalers already fitted, one per series in order, such as a <see cref="TrainingRecord"/>'s.</summary>
    /// <exception cref="ArgumentException">None, or scalers of different column counts.</exception>
    public static PerSeriesStandardizer FromScalers(IReadOnlyList<Standardizer> scalers)
    {
        ArgumentNullException.ThrowIfNull(scalers);
        if (scalers.Count == 0) throw new ArgumentException("Give at least one scaler.", nameof(scalers));
        if (scalers.Any(x => x is null || x.Means.Count != scalers[0].Means.Count))
            throw new ArgumentException("Every series' scaler is fitted on the same columns.", nameof(scalers));
        return new PerSeriesStandardizer([.. scalers]);
    }

    /// <summary>Each series' scaler, in series order.</summary>
    public IReadOnlyList<Standardizer> Scalers => _scalers;

    /// <summary>
    /// Fits each series' scaler on its <paramref name="trainRows"/> (given the series' index and length, say
    /// <c>(s, rows) =&gt; ChronologicalSplit.ByFraction(rows, 0.7, 0.15).Train</c>), so no statistic of a later row leaks.
    /// </summary>
    /// <exception cref="ArgumentException">No series, or a series whose training rows are empty; the message names it.</exception>
    public static PerSeriesStandardizer Fit(IReadOnlyList<float[,]> series, Func<int, int, Range> trainRows)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(trainRows);
        if (series.Count == 0) throw new ArgumentException("Give at least one series.", nameof(series));
        var scalers = new Standardizer[series.Count];
        for (int s = 0; s < series.Count; s++)
        {
            float[,] one = series[s] ?? throw new ArgumentNullException(nameof(series), $"Series {s} is null.");
            try
            {
                scalers[s] = Standardizer.Fit(one, trainRows(s, one.GetLength(0)));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Series {s} ({one.GetLength(0)} rows): {Messages.Of(e)}", nameof(trainRows), e);
            }
        }
        return new PerSeriesStandardizer(scalers);
    }

    /// <summary>Standardises each series of <paramref name="series"/> where it is, with its own scaler. Do it before cutting windows.</summary>
    /// <exception cref="ArgumentException">The tensor holds another number of series, or of columns, than were fitted.</exception>
    public void TransformInPlace(SeriesTensor series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.SeriesCount != _scalers.Length)
            throw new ArgumentException($"Fitted on {_scalers.Length} series, but the tensor holds {series.SeriesCount}.", nameof(series));
        for (int s = 0; s < _scalers.Length; s++)
        {
            using Tensor rows = series.Values.narrow(0, series.OffsetOf(s), series.LengthOf(s));
            _scalers[s].TransformInPlace(rows);
        }
        series.ValuesChanged();
    }

    /// <summary>
    /// Maps standardised forecasts of <paramref name="windows"/>' target columns (<c>[batch, horizon, targets]</c>, for
    /// the windows <paramref name="index"/> names) back to each window's series' units.
    /// </summary>
    public Tensor InverseTargets(Tensor forecasts, SeriesWindows windows, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(forecasts);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(index);
        IReadOnlyList<int> targets = windows.Layout.TargetColumns;
        using var scope = NewDisposeScope();
        float[] means = _scalers.SelectMany(s => targets.Select(c => s.Means[c])).ToArray();
        float[] scales = _scalers.SelectMany(s => targets.Select(c => s.Scales[c])).ToArray();
        Tensor owners = tensor(SeriesWindows.Cpu(index).Select(w => (long)windows.SeriesOf(w)).ToArray(), dtype: ScalarType.Int64, device: forecasts.device);
        Tensor mean = tensor(means, [_scalers.Length, targets.Count], device: forecasts.device).index_select(0, owners).unsqueeze(1);
        Tensor scale = tensor(scales, [_scalers.Length, targets.Count], device: forecasts.device).index_select(0, owners).unsqueeze(1);
        return (forecasts * scale + mean).MoveToOuterDisposeScope();
    }
}
