using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using TorchSharp;

namespace ModelGen.Forecasting;

/// <summary>
/// Many series in one long-format table, from a CSV or a Parquet file: a row per series and time step, with a column
/// naming the series (the id), optionally a time column, and the value columns. Rows of different series may
/// interleave; each series' rows must come in time order. Series keep the order in which their ids first appear.
/// </summary>
/// <example>
/// <code>
/// store,date,sales,price
/// north,2024-01-01,12,3.5
/// south,2024-01-01,7,3.4
/// north,2024-01-02,15,3.5
/// </code>
/// <c>SeriesPanel.ReadCsv("sales.csv", "store", "date", ["sales", "price"])</c> gives two series of two columns;
/// <c>SeriesPanel.ReadParquet("sales.parquet", "store", "date", ["sales", "price"])</c> the same from Parquet.
/// </example>
public sealed partial class SeriesPanel
{
    private SeriesPanel(string source, string[] ids, float[][,] series, string[] columns)
    {
        Source = source;
        Ids = ids;
        Series = series;
        Columns = columns;
    }

    /// <summary>Where the table was read from.</summary>
    public string Source { get; }

    /// <summary>Each series' id, in the order they first appear.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Each series' values, <c>[its rows, columns]</c>, in the order of <see cref="Ids"/>.</summary>
    public IReadOnlyList<float[,]> Series { get; }

    /// <summary>The value columns read, in the order asked for.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// The series as one tensor, each with its position among <see cref="Ids"/> as its one category id: the series id a
    /// model may take as a categorical input (<c>[Categorical(n)]</c> with <c>n = Ids.Count</c>), read with
    /// <see cref="SeriesWindows.Categories"/>.
    /// </summary>
    public SeriesTensor ToTensor(torch.Device? device = null) =>
        SeriesTensor.From(Series, Ids.Select((_, i) => new SeriesStatics { Categories = [i] }).ToArray(), device);

    /// <summary>Reads a long-format file.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="ReadCsv(TextReader, string, string?, IReadOnlyList{string}, string)"/>.</exception>
    public static SeriesPanel ReadCsv(string path, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No CSV file at '{path}'.", path);
        using var reader = new StreamReader(path);
        return ReadCsv(reader, idColumn, timeColumn, valueColumns, $"'{path}'");
    }

    /// <summary>
    /// Reads long-format CSV text: <paramref name="idColumn"/> names each row's series, <paramref name="timeColumn"/>
    /// (when given) its time, a number or a date and time, which must increase within each series; the
    /// <paramref name="valueColumns"/> are read as finite numbers with the invariant culture.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The text is empty or has no rows; it lacks a column, or has two of a name it reads; a row has an empty id, an
    /// empty or non-numeric value, or a time that does not parse or is not after the series' previous one. The message
    /// names <paramref name="source"/>, the line, the column and the series.
    /// </exception>
    public static SeriesPanel ReadCsv(TextReader text, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns, string source = "the CSV text")
    {
        ArgumentNullException.ThrowIfNull(text);
        CheckColumns(idColumn, timeColumn, valueColumns);

        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using CsvReader csv = CsvReader.Create(text, options, false);
        try
        {
            return ReadRows(csv, idColumn, timeColumn, valueColumns, source);
        }
        catch (Exception e) when (e is CsvFormatException or CsvValidationException)
        {
            throw new InvalidDataException($"{source}, line {csv.LineNumber}: {e.Message}", e);
        }
    }

    private static SeriesPanel ReadRows(CsvReader csv, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns, string source)
    {
        csv.ReadHeader();
        IReadOnlyList<string> header = csv.Headers ?? [];
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new InvalidDataException($"{source} is empty: expected a header row naming the columns, then one row per series and time step.");
        int Position(string column) => ColumnPosition(header, column, source);
        int idAt = Position(idColumn);
        int timeAt = timeColumn is null ? -1 : Position(timeColumn);
        int[] valuesAt = valueColumns.Select(Position).ToArray();

        var rows = new RowBuilder(source, idColumn, timeColumn, valueColumns);
        var values = new float[valueColumns.Count];
        while (csv.Read())
        {
            string where = $"line {csv.LineNumber}";
            string? Cell(int at) => at < csv.FieldCount ? csv.GetString(at) : null;
            string id = rows.Id(Cell(idAt), where);
            if (timeColumn is not null)
            {
                string? cell = Cell(timeAt);
                rows.Time(id, string.IsNullOrWhiteSpace(cell) || !TryTime(cell, out decimal time) ? null : time, cell, where);
            }
            for (int c = 0; c < valueColumns.Count; c++)
            {
                string? cell = Cell(valuesAt[c]);
                if (string.IsNullOrWhiteSpace(cell))
                    throw new InvalidDataException($"{source}, {where}, series '{id}': column '{valueColumns[c]}' is empty; expected a number.");
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[c]) || !float.IsFinite(values[c]))
                    throw new InvalidDataException($"{source}, {where}, series '{id}': column '{valueColumns[c]}' is '{cell}'; expected a finite number such as 12.5.");
            }
            rows.Add(id, values);
        }
        return rows.Build();
    }

    private static void CheckColumns(string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idColumn);
        ArgumentNullException.ThrowIfNull(valueColumns);
        if (valueColumns.Count == 0) throw new ArgumentException("Name at least one value column to read.", nameof(valueColumns));
        string[] all = [idColumn, .. timeColumn is null ? [] : new[] { timeColumn }, .. valueColumns];
        if (all.Distinct(StringComparer.Ordinal).Count() != all.Length)
            throw new ArgumentException($"Each column is read once; {string.Join(", ", all)} names one twice.", nameof(valueColumns));
    }

    /// <summary>Where <paramref name="column"/> is among a table's <paramref name="names"/>; missing or doubled, an error naming <paramref name="source"/> and the header.</summary>
    internal static int ColumnPosition(IReadOnlyList<string> names, string column, string source)
    {
        int[] found = Enumerable.Range(0, names.Count).Where(i => names[i] == column).ToArray();
        if (found.Length == 0)
            throw new InvalidDataException($"{source} has no column '{column}'; its columns are {string.Join(", ", names)}.");
        if (found.Length > 1)
            throw new InvalidDataException(
                $"{source} has {found.Length} columns named '{column}' (columns {string.Join(" and ", found.Select(i => i + 1))} of the header); rename them so each is read by one name.");
        return found[0];
    }

    /// <summary>
    /// Gathers a table's rows into series, whatever the format: an id per row, its time checked against the series'
    /// previous one, its values; each problem an error naming the source, where in it, the column and the series.
    /// </summary>
    private sealed class RowBuilder(string source, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns)
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, List<float[]>> _rows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (decimal Time, string? Text, string Where)> _lastTime = new(StringComparer.Ordinal);

        public string Id(string? id, string where) => string.IsNullOrWhiteSpace(id)
            ? throw new InvalidDataException($"{source}, {where}: column '{idColumn}' is empty; every row names its series.")
            : id;

        public void Time(string id, decimal? time, string? text, string where)
        {
            if (time is not decimal value)
                throw new InvalidDataException(
                    $"{source}, {where}, series '{id}': column '{timeColumn}' is '{text}'; expected a number or a date and time such as 2024-01-31 or 2024-01-31T13:00.");
            if (_lastTime.TryGetValue(id, out var previous) && !(value > previous.Time))
                throw new InvalidDataException(
                    $"{source}, {where}, series '{id}': time {text} does not come after {previous.Text} ({previous.Where}); each series' rows must be in time order, each time once.");
            _lastTime[id] = (value, text, where);
        }

        public void Add(string id, float[] values)
        {
            if (!_rows.TryGetValue(id, out List<float[]>? series))
            {
                _rows[id] = series = [];
                _order.Add(id);
            }
            series.Add([.. values]);
        }

        public SeriesPanel Build()
        {
            if (_order.Count == 0) throw new InvalidDataException($"{source} has a header but no rows.");
            float[][,] values = _order.Select(id =>
            {
                List<float[]> list = _rows[id];
                var block = new float[list.Count, valueColumns.Count];
                for (int r = 0; r < list.Count; r++)
                    for (int c = 0; c < valueColumns.Count; c++) block[r, c] = list[r][c];
                return block;
            }).ToArray();
            return new SeriesPanel(source, [.. _order], values, [.. valueColumns]);
        }
    }

    /// <summary>
    /// A time as a number to compare exactly: the number itself (as a decimal, so that neither large integers such as
    /// nanoseconds since 1970 nor fractions lose digits), or a date and time's ticks (ISO 8601 and the invariant culture's forms).
    /// </summary>
    private static bool TryTime(string text, out decimal time)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out time)) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            time = at.UtcTicks;
            return true;
        }
        return false;
    }
}
