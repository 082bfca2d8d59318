using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Parquet;
using Parquet.Schema;

namespace ModelGen.Forecasting;

public sealed partial class SeriesPanel
{
    /// <summary>Reads a long-format Parquet file (blocking; see <see cref="ReadParquetAsync"/>).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">As for <see cref="ReadParquetAsync"/>.</exception>
    public static SeriesPanel ReadParquet(string path, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns) =>
        ReadParquetAsync(path, idColumn, timeColumn, valueColumns).GetAwaiter().GetResult();

    /// <summary>
    /// Reads a long-format Parquet file with Parquet.Net: the id column holds strings or integers; the time column (when
    /// given) numbers, dates or timestamps, which must increase within each series; the value columns numbers (float,
    /// double, integers or decimals), none of them null.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not Parquet; it lacks a column, or one is of a type that cannot hold what it is read for; a row has a
    /// null id, time or value, or a time not after the series' previous one. The message names the file, the row
    /// (counted from 1 over the whole file), the column and the series.
    /// </exception>
    public static async Task<SeriesPanel> ReadParquetAsync(string path, string idColumn, string? timeColumn, IReadOnlyList<string> valueColumns,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckColumns(idColumn, timeColumn, valueColumns);
        if (!File.Exists(path)) throw new FileNotFoundException($"No Parquet file at '{path}'.", path);
        string source = $"'{path}'";
        await using FileStream stream = File.OpenRead(path);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, null, false, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true)
        {
            throw new InvalidDataException($"{source} is not a readable Parquet file: {e.Message}", e);
        }
        await using ParquetReader _ = reader;
        DataField[] fields = reader.Schema.GetDataFields();
        string[] names = fields.Select(f => f.Name).ToArray();
        DataField Field(string column) => fields[ColumnPosition(names, column, source)];
        DataField idField = Field(idColumn);
        DataField? timeField = timeColumn is null ? null : Field(timeColumn);
        DataField[] valueFields = valueColumns.Select(Field).ToArray();

        var rows = new RowBuilder(source, idColumn, timeColumn, valueColumns);
        var values = new float[valueColumns.Count];
        long first = 0;
        try
        {
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                int count = checked((int)group.RowCount);
                string?[] ids = await Texts(group, idField, count, source, "an id (strings or integers)", cancellationToken);
                (decimal?[] Times, string?[] Texts)? times = timeField is null ? null : await Times(group, timeField, count, source, cancellationToken);
                double?[][] columns = new double?[valueFields.Length][];
                for (int c = 0; c < valueFields.Length; c++) columns[c] = await Numbers(group, valueFields[c], count, source, cancellationToken);
                for (int r = 0; r < count; r++)
                {
                    string where = $"row {first + r + 1}";
                    string id = rows.Id(ids[r], where);
                    if (times is { } t) rows.Time(id, t.Times[r], t.Texts[r] ?? "null", where);
                    for (int c = 0; c < valueFields.Length; c++)
                    {
                        double? value = columns[c][r];
                        if (value is not double number || !float.IsFinite((float)number))
                            throw new InvalidDataException(
                                $"{source}, {where}, series '{id}': column '{valueColumns[c]}' is {(value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture))}; expected a finite number.");
                        values[c] = (float)number;
                    }
                    rows.Add(id, values);
                }
                first += count;
            }
        }
        catch (Exception e) when (e is not InvalidDataException and not OperationCanceledException and not OutOfMemoryException
                                  && (e is IOException or NotSupportedException or ArgumentException or InvalidOperationException || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true))
        {
            throw new InvalidDataException($"{source} cannot be read after row {first}: {e.Message}", e);
        }
        return rows.Build();
    }

    /// <summary>Parquet.Net gives a string column's type as <c>string</c> or, in files it reads, <c>ReadOnlyMemory&lt;char&gt;</c>.</summary>
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static async Task<T?[]> Read<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken) where T : struct
    {
        if (field.IsNullable)
        {
            var nullable = new T?[count];
            await group.ReadAsync<T>(field, nullable.AsMemory(), null, cancellationToken);
            return nullable;
        }
        var plain = new T[count];
        await group.ReadAsync<T>(field, plain.AsMemory(), null, cancellationToken);
        return [.. plain.Select(v => (T?)v)];
    }

    private static async Task<double?[]> Numbers(ParquetRowGroupReader group, DataField field, int count, string source, CancellationToken cancellationToken)
    {
        Type type = field.ClrType;
        if (type == typeof(float)) return [.. (await Read<float>(group, field, count, cancellationToken)).Select(v => (double?)v)];
        if (type == typeof(double)) return await Read<double>(group, field, count, cancellationToken);
        if (type == typeof(int)) return [.. (await Read<int>(group, field, count, cancellationToken)).Select(v => (double?)v)];
        if (type == typeof(long)) return [.. (await Read<long>(group, field, count, cancellationToken)).Select(v => (double?)v)];
        if (type == typeof(short)) return [.. (await Read<short>(group, field, count, cancellationToken)).Select(v => (double?)v)];
        if (type == typeof(decimal)) return [.. (await Read<decimal>(group, field, count, cancellationToken)).Select(v => (double?)v)];
        throw new InvalidDataException($"{source}: column '{field.Name}' holds {(IsText(type) ? "strings" : type.Name)}, not numbers (float, double, integers or decimals).");
    }

    private static async Task<string?[]> Texts(ParquetRowGroupReader group, DataField field, int count, string source, string what, CancellationToken cancellationToken)
    {
        Type type = field.ClrType;
        if (IsText(type))
        {
            var texts = new string?[count];
            await group.ReadAsync(field, texts.AsMemory(), null, cancellationToken);
            return texts;
        }
        if (type == typeof(int)) return [.. (await Read<int>(group, field, count, cancellationToken)).Select(v => v?.ToString(CultureInfo.InvariantCulture))];
        if (type == typeof(long)) return [.. (await Read<long>(group, field, count, cancellationToken)).Select(v => v?.ToString(CultureInfo.InvariantCulture))];
        throw new InvalidDataException($"{source}: column '{field.Name}' holds {type.Name}, not {what}.");
    }

    private static async Task<(decimal?[] Times, string?[] Texts)> Times(ParquetRowGroupReader group, DataField field, int count, string source, CancellationToken cancellationToken)
    {
        Type type = field.ClrType;
        if (type == typeof(DateTime))
        {
            DateTime?[] at = await Read<DateTime>(group, field, count, cancellationToken);
            return ([.. at.Select(v => (decimal?)v?.Ticks)], [.. at.Select(v => v?.ToString("O", CultureInfo.InvariantCulture))]);
        }
        if (type == typeof(DateOnly))
        {
            DateOnly?[] at = await Read<DateOnly>(group, field, count, cancellationToken);
            return ([.. at.Select(v => (decimal?)v?.DayNumber)], [.. at.Select(v => v?.ToString("O", CultureInfo.InvariantCulture))]);
        }
        if (IsText(type))
        {
            string?[] texts = await Texts(group, field, count, source, "times", cancellationToken);
            return ([.. texts.Select(t => t is not null && TryTime(t, out decimal time) ? time : (decimal?)null)], texts);
        }
        // Integers exactly (nanoseconds since 1970 do not fit a double's 53 bits); other numbers as they are.
        if (type == typeof(long))
        {
            long?[] ticks = await Read<long>(group, field, count, cancellationToken);
            return ([.. ticks.Select(v => (decimal?)v)], [.. ticks.Select(v => v?.ToString(CultureInfo.InvariantCulture))]);
        }
        double?[] numbers = await Numbers(group, field, count, source, cancellationToken);
        // A double as a decimal to compare (NaN, infinities and magnitudes past 7.9e28 are no times).
        static decimal? Exact(double? v) => v is double d && double.IsFinite(d) && Math.Abs(d) < 7.9e28 ? (decimal)d : null;
        return ([.. numbers.Select(Exact)], [.. numbers.Select(v => v?.ToString(CultureInfo.InvariantCulture))]);
    }
}
