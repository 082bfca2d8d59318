using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>
/// One series, or many end to end, held once as a float32 tensor <c>[rows, columns]</c>, from which
/// <see cref="Windows"/> cuts forecasting windows without copying them: a window is the row its targets start at,
/// and a batch of windows is read from the tensor through indices when it is asked for. Memory is in proportion to
/// the series, whatever the number of windows or their length, and every row index is 64-bit.
/// </summary>
/// <remarks>
/// A window never spans two series: its input rows and its target rows all lie in the series it belongs to. Each
/// series keeps its <see cref="SeriesStatics"/> (static values, category ids), which its windows carry.
/// </remarks>
public sealed class SeriesTensor : IDisposable
{
    private readonly long[] _offsets;
    private readonly SeriesStatics[] _statics;
    private readonly Dictionary<string, Tensor> _columns = new(StringComparer.Ordinal);
    private Tensor? _staticValues, _categories;

    private SeriesTensor(Tensor values, long[] offsets, SeriesStatics[] statics)
    {
        Values = values;
        _offsets = offsets;
        _statics = statics;
    }

    /// <summary>The series' values, end to end: <c>[rows, columns]</c>, float32.</summary>
    public Tensor Values { get; }

    /// <summary>Columns of every series.</summary>
    public int Columns => (int)Values.shape[1];

    /// <summary>Rows of all series together.</summary>
    public long Rows => Values.shape[0];

    /// <summary>How many series it holds.</summary>
    public int SeriesCount => _statics.Length;

    /// <summary>The rows of series <paramref name="series"/>.</summary>
    public long LengthOf(int series) => _offsets[series + 1] - _offsets[series];

    /// <summary>The row of all series together where series <paramref name="series"/> starts.</summary>
    public long OffsetOf(int series) => _offsets[series];

    /// <summary>The static values and category ids of series <paramref name="series"/>.</summary>
    public SeriesStatics StaticsOf(int series) => _statics[series];

    /// <summary>One series, <c>values[time, column]</c>, with what is known about it as a whole.</summary>
    /// <exception cref="ArgumentException">The series has no rows or no columns, or holds a value that is not a finite number.</exception>
    public static SeriesTensor From(float[,] values, SeriesStatics? statics = null, Device? device = null) =>
        From([values ?? throw new ArgumentNullException(nameof(values))], statics is null ? null : [statics], device);

    /// <summary>
    /// Several series of the same columns, end to end, each with its statics (none when <paramref name="statics"/>
    /// is null); one global model trains on the windows of all of them.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No series, a series without rows, series of different column counts, statics for another number of series or of
    /// different shapes, or a value that is not a finite number; the message names the series and, for a value, its row and column.
    /// </exception>
    public static SeriesTensor From(IReadOnlyList<float[,]> series, IReadOnlyList<SeriesStatics>? statics = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0) throw new ArgumentException("Give at least one series.", nameof(series));
        if (statics is not null && statics.Count != series.Count)
            throw new ArgumentException($"There are {series.Count} series but statics for {statics.Count}; give one SeriesStatics per series.", nameof(statics));
        int columns = (series[0] ?? throw new ArgumentNullException(nameof(series), "Series 0 is null.")).GetLength(1);
        var offsets = new long[series.Count + 1];
        for (int s = 0; s < series.Count; s++)
        {
            float[,] one = series[s] ?? throw new ArgumentNullException(nameof(series), $"Series {s} is null.");
            if (one.GetLength(0) == 0) throw new ArgumentException($"Series {s} has no rows.", nameof(series));
            if (one.GetLength(1) != columns)
                throw new ArgumentException($"Series {s} has {one.GetLength(1)} columns, but series 0 has {columns}; every series needs the same columns.", nameof(series));
            if (columns == 0) throw new ArgumentException("The series have no columns.", nameof(series));
            offsets[s + 1] = offsets[s] + one.GetLength(0);
        }
        SeriesStatics[] all = statics?.Select((x, s) => x ?? throw new ArgumentNullException(nameof(statics), $"The statics of series {s} are null.")).ToArray()
                              ?? Enumerable.Range(0, series.Count).Select(_ => new SeriesStatics()).ToArray();
        for (int s = 1; s < all.Length; s++)
        {
            if (all[s].Values.Count != all[0].Values.Count || all[s].Categories.Count != all[0].Categories.Count)
                throw new ArgumentException(
                    $"Series {s} has {all[s].Values.Count} static values and {all[s].Categories.Count} category ids, but series 0 has {all[0].Values.Count} and {all[0].Categories.Count}; every series needs the same.", nameof(statics));
        }

        // One tensor of all rows, each series copied into its place: no managed buffer of all rows together, whose
        // 32-bit length would cap the total.
        Tensor values = empty([offsets[^1], columns], dtype: ScalarType.Float32, device: device).DetachFromDisposeScope();
        try
        {
            for (int s = 0; s < series.Count; s++)
            {
                float[,] one = series[s];
                for (int r = 0; r < one.GetLength(0); r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        if (!float.IsFinite(one[r, c]))
                            throw new ArgumentException($"Series {s}, row {r}, column {c} is {one[r, c]}; every value must be a finite number.", nameof(series));
                    }
                }
                using Tensor part = tensor(one, dtype: ScalarType.Float32);
                using Tensor slot = values.narrow(0, offsets[s], one.GetLength(0));
                slot.copy_(part);
            }
        }
        catch
        {
            values.Dispose();
            throw;
        }
        return new SeriesTensor(values, offsets, all);
    }

    /// <summary>
    /// The windows whose targets lie in <paramref name="targetRows"/> of each series (the whole series when null; given
    /// the series' index and length, say <c>(s, rows) =&gt; split.Train</c>), one every <paramref name="stride"/> rows,
    /// read as <paramref name="layout"/> says. A window's input rows are the <see cref="CovariateLayout.InputSteps"/> rows
    /// before its first target row, inside its series; they may lie before <paramref name="targetRows"/>, never after.
    /// The same windows, in the same order, as <see cref="Windowing"/> cuts from each series.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The layout names a column the series lack, or the stride is below one.</exception>
    public SeriesWindows Windows(CovariateLayout layout, Func<int, long, Range>? targetRows = null, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The stride must be at least one row; got {stride}.");
        layout.CheckColumns(Columns, nameof(layout));
        // Each series' first target row and window count, then every start in one array of exactly that length.
        var first = new long[SeriesCount];
        var counts = new long[SeriesCount + 1];
        for (int s = 0; s < SeriesCount; s++)
        {
            long length = LengthOf(s);
            Range rows = targetRows?.Invoke(s, length) ?? Range.All;
            (int offset, int count) = rows.GetOffsetAndLength(checked((int)length));
            first[s] = Math.Max(offset, layout.InputSteps);
            long last = (long)offset + count - layout.Horizon; // the last row a window's targets may start at
            counts[s + 1] = counts[s] + (last >= first[s] ? (last - first[s]) / stride + 1 : 0);
        }
        if (counts[^1] > Array.MaxLength)
            throw new ArgumentException(
                $"The layout cuts {counts[^1]:N0} windows, more than the {Array.MaxLength:N0} one process keeps the start rows of; use a stride above {stride}, or fewer series at once.", nameof(stride));
        var starts = new long[counts[^1]];
        for (int s = 0; s < SeriesCount; s++)
        {
            for (long w = counts[s], t = first[s]; w < counts[s + 1]; w++, t += stride) starts[w] = _offsets[s] + t;
        }
        return new SeriesWindows(this, layout, starts, counts);
    }

    /// <summary>
    /// Forgets the copies of column subsets made for batches (<see cref="ColumnsOf"/>): called whenever <see cref="Values"/>
    /// changes in place, as scaling does, so no batch reads values from before.
    /// </summary>
    internal void ValuesChanged()
    {
        foreach (Tensor t in _columns.Values) t.Dispose();
        _columns.Clear();
    }

    /// <summary>The values of some columns, <c>[rows, columns.Count]</c>, made once per set of columns (all columns: <see cref="Values"/> itself).</summary>
    internal Tensor ColumnsOf(IReadOnlyList<int> columns)
    {
        if (columns.Count == Columns && columns.Select((c, i) => c == i).All(x => x)) return Values;
        string key = string.Join(",", columns);
        if (!_columns.TryGetValue(key, out Tensor? selected))
        {
            using Tensor index = tensor(columns.Select(c => (long)c).ToArray(), dtype: ScalarType.Int64, device: Values.device);
            selected = Values.index_select(1, index).DetachFromDisposeScope();
            _columns[key] = selected;
        }
        return selected;
    }

    /// <summary>The series' static values, <c>[series, values]</c>.</summary>
    internal Tensor StaticValues => _staticValues ??= tensor(_statics.SelectMany(s => s.Values).ToArray(), [SeriesCount, _statics[0].Values.Count], device: Values.device).DetachFromDisposeScope();

    /// <summary>The series' category ids, <c>[series, ids]</c>, int64.</summary>
    internal Tensor Categories => _categories ??= tensor(_statics.SelectMany(s => s.Categories).ToArray(), [SeriesCount, _statics[0].Categories.Count], device: Values.device).DetachFromDisposeScope();

    /// <summary>Releases the tensors.</summary>
    public void Dispose()
    {
        Values.Dispose();
        foreach (Tensor t in _columns.Values) t.Dispose();
        _staticValues?.Dispose();
        _categories?.Dispose();
    }
}
