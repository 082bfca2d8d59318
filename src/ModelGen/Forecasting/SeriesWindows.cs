using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>
/// Forecasting windows of a <see cref="SeriesTensor"/>, kept as the row each window's targets start at: the values of
/// a batch of windows are read from the series through indices (one <c>index_select</c> of the rows they span) when a batch
/// is asked for, so no window is ever copied out ahead of time. Made by <see cref="SeriesTensor.Windows"/>.
/// </summary>
/// <remarks>
/// Each method takes <c>index</c>, an int64 tensor of window numbers (0 to <see cref="Count"/> − 1), and returns a new
/// tensor for those windows, batch first, which the caller disposes (or a dispose scope does).
/// </remarks>
public sealed class SeriesWindows : IDisposable
{
    private readonly SeriesTensor _series;
    private readonly long[] _firstWindows;
    private readonly Tensor _startRows;
    private Tensor? _seriesOf;
    private readonly IReadOnlyList<int> _past;
    private readonly Dictionary<long, Tensor> _offsets = [];
    private long[]? _startList;
    private Tensor? _firstRows;

    /// <param name="series">The series the windows read.</param>
    /// <param name="layout">What each window reads.</param>
    /// <param name="starts">Each window's first target row, over all series together.</param>
    /// <param name="firstWindows">For each series, the number of its first window, then the window count: series s owns windows <c>firstWindows[s]</c> up to <c>firstWindows[s + 1]</c>.</param>
    internal SeriesWindows(SeriesTensor series, CovariateLayout layout, long[] starts, long[] firstWindows)
    {
        _series = series;
        Layout = layout;
        _firstWindows = firstWindows;
        _startRows = tensor(starts, dtype: ScalarType.Int64, device: series.Values.device).DetachFromDisposeScope();
        _past = layout.PastColumnsOf(series.Columns);
    }

    /// <summary>Number of windows.</summary>
    public long Count => _startRows.shape[0];

    /// <summary>What each window reads: its steps, horizon and columns.</summary>
    public CovariateLayout Layout { get; }

    /// <summary>The series the windows are cut from.</summary>
    public SeriesTensor Series => _series;

    /// <summary>For each window, the row its targets start at, counted over all series together.</summary>
    /// <remarks>Copied out of the windows' tensor the first time it is asked for: the windows keep one copy otherwise.</remarks>
    public IReadOnlyList<long> TargetStarts => _startList ??= Cpu(_startRows);

    /// <summary>The series window <paramref name="window"/> belongs to.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such window.</exception>
    public int SeriesOf(long window)
    {
        if (window < 0 || window >= Count) throw new ArgumentOutOfRangeException(nameof(window), window, $"There are {Count} windows (0 to {Count - 1}).");
        // The last series whose first window is at or before it (series without windows share their number with the next).
        int found = Array.BinarySearch(_firstWindows, window);
        if (found < 0) return ~found - 1;
        while (found + 1 < _firstWindows.Length - 1 && _firstWindows[found + 1] == window) found++;
        return found;
    }

    /// <summary>For each window, its series: <c>[Count]</c>, int64, made the first time statics or category ids are read.</summary>
    private Tensor SeriesOfAll()
    {
        if (_seriesOf is null)
        {
            var owners = new long[Count];
            for (int s = 0; s + 1 < _firstWindows.Length; s++)
                for (long w = _firstWindows[s]; w < _firstWindows[s + 1]; w++) owners[w] = s;
            _seriesOf = tensor(owners, dtype: ScalarType.Int64, device: _startRows.device).DetachFromDisposeScope();
        }
        return _seriesOf;
    }

    /// <summary>Every window's number, in order: <c>[Count]</c>, int64.</summary>
    public Tensor All() => arange(Count, dtype: ScalarType.Int64, device: _startRows.device);

    /// <summary>The device the windows' rows are on, where their batches are read.</summary>
    public Device Device => _startRows.device;

    /// <summary>
    /// The past rows of the windows, <c>[batch, InputSteps, past columns]</c>: every column of the series unless the
    /// layout lists its <see cref="CovariateLayout.PastColumns"/>. What a model with one input takes.
    /// </summary>
    public Tensor Inputs(Tensor index) => Rows(_series.ColumnsOf(_past), index, -Layout.InputSteps, Layout.InputSteps);

    /// <summary>The known-ahead columns over the windows' target rows, <c>[batch, Horizon, known-future columns]</c>.</summary>
    public Tensor KnownFuture(Tensor index) => Rows(_series.ColumnsOf(Layout.KnownFutureColumns), index, 0, Layout.Horizon);

    /// <summary>The targets, <c>[batch, Horizon, target columns]</c>.</summary>
    public Tensor Targets(Tensor index) => Rows(_series.ColumnsOf(Layout.TargetColumns), index, 0, Layout.Horizon);

    /// <summary>The target columns' values at the windows' last input row, <c>[batch, target columns]</c>.</summary>
    public Tensor LastTargets(Tensor index)
    {
        using var scope = NewDisposeScope();
        Tensor rows = _startRows.index_select(0, Checked(index)) - 1;
        return _series.ColumnsOf(Layout.TargetColumns).index_select(0, rows).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The naive forecast that repeats the last value: every horizon step predicts the target columns' values at the
    /// window's last input row, <c>[batch, Horizon, target columns]</c>, the layout of <see cref="Targets"/>.
    /// </summary>
    public Tensor RepeatLastValue(Tensor index)
    {
        using var scope = NewDisposeScope();
        return LastTargets(index).unsqueeze(1).expand(-1, Layout.Horizon, -1).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The seasonal naive forecast: each horizon step predicts the target columns' value <paramref name="period"/> rows
    /// before it, reaching back one more season while that row is not yet known (at or after the window's first target
    /// row), so it reads only rows before the window's targets: <c>[batch, Horizon, target columns]</c>. The rows may lie
    /// before the window's input steps (the series' past is known); where a season reaches back past the start of the
    /// window's series, the step repeats the last value instead. A period of 1 is <see cref="RepeatLastValue"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The period is below 1.</exception>
    public Tensor SeasonalNaive(Tensor index, int period)
    {
        if (period < 1) throw new ArgumentOutOfRangeException(nameof(period), period, $"The seasonal period is at least one row; got {period}.");
        using var scope = NewDisposeScope();
        // Step h (from 0) reads row start + h − period·k, with k the fewest seasons back that land before the start.
        long[] back = new long[Layout.Horizon];
        for (int h = 0; h < Layout.Horizon; h++) back[h] = h - period * ((h / period) + 1);
        Tensor offsets = tensor(back, dtype: ScalarType.Int64, device: _startRows.device);
        Tensor starts = _startRows.index_select(0, Checked(index)).unsqueeze(1);
        Tensor rows = starts + offsets;
        Tensor firstRows = SeriesFirstRows().index_select(0, SeriesOfAll().index_select(0, Checked(index))).unsqueeze(1);
        rows = where(rows >= firstRows, rows, (starts - 1).expand_as(rows)).flatten();
        Tensor values = _series.ColumnsOf(Layout.TargetColumns);
        return values.index_select(0, rows).view(index.shape[0], Layout.Horizon, values.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary>Each series' first row over all series together: <c>[series]</c>, int64, made once.</summary>
    private Tensor SeriesFirstRows() => _firstRows ??= tensor(
        Enumerable.Range(0, _series.SeriesCount).Select(s => _series.OffsetOf(s)).ToArray(), dtype: ScalarType.Int64, device: _startRows.device).DetachFromDisposeScope();

    /// <summary>The static values of each window's series, <c>[batch, static values]</c>.</summary>
    public Tensor Statics(Tensor index)
    {
        using var scope = NewDisposeScope();
        return _series.StaticValues.index_select(0, SeriesOfAll().index_select(0, Checked(index))).MoveToOuterDisposeScope();
    }

    /// <summary>Category id <paramref name="which"/> of each window's series, <c>[batch]</c>, int64: a categorical input of a model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The series have no such category id.</exception>
    public Tensor Categories(Tensor index, int which = 0)
    {
        int count = _series.StaticsOf(0).Categories.Count;
        if (which < 0 || which >= count)
            throw new ArgumentOutOfRangeException(nameof(which), which, count == 0
                ? "The series have no category ids; give each a SeriesStatics with Categories."
                : $"The series have {count} category ids (0 to {count - 1}).");
        using var scope = NewDisposeScope();
        return _series.Categories.select(1, which).index_select(0, SeriesOfAll().index_select(0, Checked(index))).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rows <c>start + from</c> to <c>start + from + steps − 1</c> of <paramref name="values"/> for each window,
    /// <c>[batch, steps, columns]</c>: one <c>index_select</c> of whole rows by their 64-bit numbers, so only the batch's
    /// rows are copied, contiguous and batch first.
    /// </summary>
    private Tensor Rows(Tensor values, Tensor index, long from, long steps)
    {
        using var scope = NewDisposeScope();
        Tensor offsets = from == 0 ? StepOffsets(steps) : StepOffsets(steps) + from;
        Tensor rows = (_startRows.index_select(0, Checked(index)).unsqueeze(1) + offsets).flatten();
        return values.index_select(0, rows).view(index.shape[0], steps, values.shape[1]).MoveToOuterDisposeScope();
    }

    /// <summary><c>0, 1, …, steps − 1</c>, made once per length.</summary>
    private Tensor StepOffsets(long steps)
    {
        if (!_offsets.TryGetValue(steps, out Tensor? offsets))
            _offsets[steps] = offsets = arange(steps, dtype: ScalarType.Int64, device: _startRows.device).DetachFromDisposeScope();
        return offsets;
    }

    /// <summary>The window numbers, checked, on the windows' device (a caller's index is often made on the CPU).</summary>
    private Tensor Checked(Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (index.dtype != ScalarType.Int64 || index.dim() != 1)
            throw new ArgumentException($"Window numbers are a one-dimensional int64 tensor; got {index.dtype} of {index.dim()} dimensions.", nameof(index));
        return index.device == _startRows.device ? index : index.to(_startRows.device);
    }

    /// <summary>An int64 tensor's values, read on the CPU whatever its device.</summary>
    internal static long[] Cpu(Tensor values)
    {
        if (values.device.type == DeviceType.CPU) return values.data<long>().ToArray();
        using Tensor copy = values.cpu();
        return copy.data<long>().ToArray();
    }

    /// <summary>Releases the windows' own tensors (not the series').</summary>
    public void Dispose()
    {
        _startRows.Dispose();
        _seriesOf?.Dispose();
        _firstRows?.Dispose();
        foreach (Tensor offsets in _offsets.Values) offsets.Dispose();
    }
}
