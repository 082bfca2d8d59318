using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;

namespace ModelGen.Forecasting;

/// <summary>
/// A multivariate series read from a CSV file with a header row: the chosen columns, in the order
/// asked for, one row per time step, in file order. Parsed with CsvHelper (quoting, separators as
/// RFC 4180 has them; CsvHelper's own, allocation-light reader); numbers are read with the invariant
/// culture (<c>1234.5</c>).
/// </summary>
public sealed class CsvSeries
{
    private CsvSeries(string source, string[] columns, float[,] values)
    {
        Source = source;
        Columns = columns;
        Values = values;
    }

    /// <summary>Where the series was read from.</summary>
    public string Source { get; }

    /// <summary>The columns read, in the order asked for.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The values, <c>[rows, columns]</c>.</summary>
    public float[,] Values { get; }

    /// <summary>Number of rows (time steps).</summary>
    public int Length => Values.GetLength(0);

    /// <summary>Index of <paramref name="column"/> among <see cref="Columns"/>.</summary>
    /// <exception cref="ArgumentException">The series has no such column.</exception>
    public int IndexOf(string column)
    {
        int index = Array.IndexOf((string[])Columns, column);
        return index >= 0 ? index : throw new ArgumentException($"The series read from {Source} has no column '{column}'; its columns are {string.Join(", ", Columns)}.", nameof(column));
    }

    /// <summary>Reads <paramref name="columns"/> from the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is empty or has no header, names no such column or two columns of a chosen name, or has a missing or
    /// non-numeric cell in a chosen column; the message names the row (as a line of the file) and the column.
    /// </exception>
    public static CsvSeries Read(string path, IReadOnlyList<string> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No CSV file at '{path}'.", path);
        using var reader = new StreamReader(path);
        return Read(reader, columns, $"'{path}'");
    }

    /// <summary>Reads <paramref name="columns"/> from CSV text; <paramref name="source"/> names it in messages.</summary>
    public static CsvSeries Read(TextReader text, IReadOnlyList<string> columns, string source = "the CSV text")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("Name at least one column to read.", nameof(columns));
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            throw new ArgumentException($"Each column is read once; {string.Join(", ", columns)} names one twice.", nameof(columns));

        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow, // a short row is reported below, by column
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using CsvReader csv = CsvReader.Create(text, options, false);
        try
        {
            return ReadRows(csv, columns, source);
        }
        catch (Exception e) when (e is CsvFormatException or CsvValidationException)
        {
            throw new InvalidDataException($"{source}, line {csv.LineNumber}: {e.Message}", e);
        }
    }

    private static CsvSeries ReadRows(CsvReader csv, IReadOnlyList<string> columns, string source)
    {
        csv.ReadHeader();
        IReadOnlyList<string> header = csv.Headers ?? [];
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new InvalidDataException($"{source} is empty: expected a header row naming the columns, then one row per time step.");

        // Each column by name, once: two columns of one name are an error, as taking the first would read the wrong data silently.
        int[] positions = columns.Select(c => SeriesPanel.ColumnPosition(header, c, source)).ToArray();

        var rows = new List<float[]>();
        while (csv.Read())
        {
            long line = csv.LineNumber; // the file's own line, the header being line 1
            var row = new float[columns.Count];
            for (int c = 0; c < columns.Count; c++)
            {
                string? cell = positions[c] < csv.FieldCount ? csv.GetString(positions[c]) : null;
                if (string.IsNullOrWhiteSpace(cell))
                    throw new InvalidDataException($"{source}, line {line}: column '{columns[c]}' is empty; expected a number.");
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out row[c]) || !float.IsFinite(row[c]))
                    throw new InvalidDataException($"{source}, line {line}: column '{columns[c]}' is '{cell}'; expected a finite number such as 12.5.");
            }
            rows.Add(row);
        }
        if (rows.Count == 0) throw new InvalidDataException($"{source} has a header but no rows.");

        var values = new float[rows.Count, columns.Count];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < columns.Count; c++) values[r, c] = rows[r][c];
        return new CsvSeries(source, columns.ToArray(), values);
    }
}
