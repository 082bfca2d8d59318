using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelGen.Forecasting;

/// <summary>
/// What a model was trained on, saved beside its checkpoint so that a model loaded later reads its columns in the same
/// order and units: the model's class, the columns it reads in order, which of them it forecasts, and the statistics
/// the series was standardised with. Written as JSON to <see cref="PathFor"/> (<c>model.pt</c> → <c>model.pt.training.json</c>).
/// </summary>
/// <example>
/// <code>
/// model.SaveCheckpoint("model.pt");
/// new TrainingRecord(nameof(MyModel), columns, [target], scaler).Save("model.pt");
/// // later
/// TrainingRecord record = TrainingRecord.Load("model.pt", nameof(MyModel));
/// int[] order = record.ColumnOrder(csvColumns, "sales.csv");   // the CSV's columns in training order, or an error naming both sets
/// </code>
/// </example>
public sealed record TrainingRecord
{
    /// <summary>The format this version writes and reads.</summary>
    public const string CurrentFormat = "modelgen-training/1";

    /// <summary>
    /// Describes a training run on many series, each standardised with its own statistics (<see cref="PerSeriesStandardizer"/>):
    /// the series' ids, in the scaler's order, are recorded with them.
    /// </summary>
    /// <exception cref="ArgumentException">As for one series, or ids of another number than the scalers, or an id named twice.</exception>
    public TrainingRecord(string model, IReadOnlyList<string> columns, IReadOnlyList<string> targets, IReadOnlyList<string> seriesIds, PerSeriesStandardizer scalers)
        : this(model, columns, targets, (scalers ?? throw new ArgumentNullException(nameof(scalers))).Scalers[0])
    {
        ArgumentNullException.ThrowIfNull(seriesIds);
        if (seriesIds.Count != scalers.Scalers.Count)
            throw new ArgumentException($"There are {scalers.Scalers.Count} scalers but {seriesIds.Count} series ids; give one id per series.", nameof(seriesIds));
        if (seriesIds.Any(string.IsNullOrWhiteSpace) || seriesIds.Distinct(StringComparer.Ordinal).Count() != seriesIds.Count)
            throw new ArgumentException("Each series has an id of its own; one is empty or named twice.", nameof(seriesIds));
        if (scalers.Scalers.Any(x => x.Means.Count != columns.Count))
            throw new ArgumentException($"Every series' scaler is fitted on the {columns.Count} columns.", nameof(scalers));
        SeriesIds = [.. seriesIds];
        SeriesScalers = scalers;
    }

    /// <summary>Describes a training run.</summary>
    /// <exception cref="ArgumentException">No columns, a column named twice, a target that is not a column, or a scaler for another number of columns.</exception>
    public TrainingRecord(string model, IReadOnlyList<string> columns, IReadOnlyList<string> targets, Standardizer scaler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(scaler);
        if (columns.Count == 0) throw new ArgumentException("A model reads at least one column.", nameof(columns));
        if (columns.Any(string.IsNullOrWhiteSpace) || targets.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Every column and target has a name; one is empty or missing.", nameof(columns));
        if (targets.Distinct(StringComparer.Ordinal).Count() != targets.Count)
            throw new ArgumentException($"Each target is named once; {string.Join(", ", targets)} names one twice.", nameof(targets));
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count)
            throw new ArgumentException($"Each column is named once; {string.Join(", ", columns)} names one twice.", nameof(columns));
        if (targets.Count == 0) throw new ArgumentException("A model forecasts at least one column.", nameof(targets));
        string? stray = targets.FirstOrDefault(t => !columns.Contains(t));
        if (stray is not null) throw new ArgumentException($"The target '{stray}' is not among the columns {string.Join(", ", columns)}.", nameof(targets));
        if (scaler.Means.Count != columns.Count)
            throw new ArgumentException($"The scaler is fitted on {scaler.Means.Count} columns, but there are {columns.Count}.", nameof(scaler));
        Model = model;
        Columns = [.. columns];
        Targets = [.. targets];
        Means = [.. scaler.Means];
        Scales = [.. scaler.Scales];
    }

    /// <summary>The model's class name.</summary>
    public string Model { get; }

    /// <summary>The columns the model reads, in the order it reads them.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The columns it forecasts.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>Each column's mean over the training rows (for many series, the first series'; each one's are in <see cref="SeriesScalers"/>).</summary>
    public IReadOnlyList<float> Means { get; }

    /// <summary>Each column's standard deviation over the training rows (for many series, the first series').</summary>
    public IReadOnlyList<float> Scales { get; }

    /// <summary>For a run on many series, their ids, in the order of <see cref="SeriesScalers"/>; null for one series.</summary>
    public IReadOnlyList<string>? SeriesIds { get; private init; }

    /// <summary>For a run on many series, each one's scaler; null for one series (see <see cref="Scaler"/>).</summary>
    public PerSeriesStandardizer? SeriesScalers { get; private init; }

    /// <summary>
    /// The scalers of <paramref name="ids"/> (a table's series, in its order), from those recorded: a series the model
    /// was trained on is standardised as it was.
    /// </summary>
    /// <exception cref="InvalidOperationException">The record is of one series.</exception>
    /// <exception cref="InvalidDataException">A series was not among those the model was trained on; the message names them.</exception>
    public PerSeriesStandardizer ScalersFor(IReadOnlyList<string> ids, string source)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (SeriesIds is null || SeriesScalers is null)
            throw new InvalidOperationException($"This record is of one series; its scaler is {nameof(Scaler)}.");
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < SeriesIds.Count; i++) position[SeriesIds[i]] = i;
        string[] unknown = ids.Where(id => !position.ContainsKey(id)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidDataException(
                $"{source} has series the model was not trained on ({string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"))}{(unknown.Length > 5 ? ", …" : "")}), whose statistics it lacks; it was trained on {string.Join(", ", SeriesIds.Take(10))}{(SeriesIds.Count > 10 ? ", …" : "")}.");
        return PerSeriesStandardizer.FromScalers([.. ids.Select(id => SeriesScalers.Scalers[position[id]])]);
    }

    /// <summary>
    /// Whether each window was standardised again with its own input statistics, and its forecast mapped back with them
    /// (<see cref="WindowScaling"/>), on top of <see cref="Scaler"/> or <see cref="SeriesScalers"/>: a model trained so
    /// forecasts right only when its windows are scaled so again. False in records written before it was recorded.
    /// </summary>
    public bool PerWindowScaling { get; init; }

    /// <summary>The scaler the series was standardised with: use it, not one fitted on new data, to forecast.</summary>
    public Standardizer Scaler => Standardizer.FromStatistics(Means, Scales);

    /// <summary>Where the record of a checkpoint is: <c>model.pt</c> → <c>model.pt.training.json</c>.</summary>
    public static string PathFor(string checkpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpoint);
        return checkpoint + ".training.json";
    }

    /// <summary>Writes the record beside <paramref name="checkpoint"/> (to <see cref="PathFor"/>), replacing any there.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Save(string checkpoint)
    {
        string path = PathFor(checkpoint);
        var file = new RecordFile(CurrentFormat, Model, [.. Columns], [.. Targets], [.. Means], [.. Scales],
            SeriesIds is null || SeriesScalers is null ? null
                : [.. SeriesIds.Select((id, i) => new SeriesFile(id, [.. SeriesScalers.Scalers[i].Means], [.. SeriesScalers.Scalers[i].Scales]))],
            PerWindowScaling);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(file, Json);
        AtomicFile.Write(path, "the training record", stream => stream.Write(json));
    }

    /// <summary>
    /// Reads the record beside <paramref name="checkpoint"/>, and checks it is of <paramref name="model"/> (a class name)
    /// when one is given.
    /// </summary>
    /// <exception cref="FileNotFoundException">The checkpoint has no record (it was saved without one).</exception>
    /// <exception cref="InvalidDataException">The record is not one this version reads, is damaged, or is of another model; the message names the file and what is wrong.</exception>
    public static TrainingRecord Load(string checkpoint, string? model = null)
    {
        string path = PathFor(checkpoint);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{checkpoint}' has no training record ('{path}'): it was saved without one.", path);
        RecordFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RecordFile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a training record: {e.Message}", e);
        }
        if (file is null || file.Format != CurrentFormat)
            throw new InvalidDataException($"'{path}' is not a training record of format '{CurrentFormat}' (it says '{file?.Format}').");
        if (file.Model is null || file.Columns is null || file.Targets is null || file.Means is null || file.Scales is null)
            throw new InvalidDataException($"'{path}' lacks one of model, columns, targets, means and scales.");
        if (model is not null && file.Model != model)
            throw new InvalidDataException($"'{path}' records a {file.Model}, not a {model}: the checkpoint is of another model.");
        try
        {
            if (file.Series is { } series)
            {
                if (series.Any(x => x?.Id is null || x.Means is null || x.Scales is null))
                    throw new InvalidDataException($"'{path}' has a series without its id, means or scales.");
                return new TrainingRecord(file.Model, file.Columns, file.Targets, [.. series.Select(x => x.Id!)],
                    PerSeriesStandardizer.FromScalers([.. series.Select(x => Standardizer.FromStatistics(x.Means!, x.Scales!))]))
                { PerWindowScaling = file.PerWindowScaling };
            }
            return new TrainingRecord(file.Model, file.Columns, file.Targets, Standardizer.FromStatistics(file.Means, file.Scales))
            { PerWindowScaling = file.PerWindowScaling };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{path}' is damaged: {Messages.Of(e)}", e);
        }
    }

    /// <summary>
    /// Where each of <see cref="Columns"/> is among <paramref name="available"/> (a table's columns, in its order), so a
    /// table whose columns are the same ones in another order is read in training order.
    /// </summary>
    /// <exception cref="InvalidDataException">A column the model reads is not in the table; the message names <paramref name="source"/>, the missing columns and both sets.</exception>
    public int[] ColumnOrder(IReadOnlyList<string> available, string source)
    {
        ArgumentNullException.ThrowIfNull(available);
        string[] missing = Columns.Where(c => !available.Contains(c)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException(
                $"{source} lacks {string.Join(", ", missing.Select(c => $"'{c}'"))}: {Model} was trained on {string.Join(", ", Columns)}, and {source} has {string.Join(", ", available)}.");
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = available.Count - 1; i >= 0; i--) position[available[i]] = i; // the first of a repeated name
        return Columns.Select(c => position[c]).ToArray();
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record RecordFile(
        [property: JsonPropertyName("format")] string? Format,
        [property: JsonPropertyName("model")] string? Model,
        [property: JsonPropertyName("columns")] string[]? Columns,
        [property: JsonPropertyName("targets")] string[]? Targets,
        [property: JsonPropertyName("means")] float[]? Means,
        [property: JsonPropertyName("scales")] float[]? Scales,
        [property: JsonPropertyName("series")] SeriesFile[]? Series = null,
        [property: JsonPropertyName("perWindowScaling")] bool PerWindowScaling = false);

    private sealed record SeriesFile(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("means")] float[]? Means,
        [property: JsonPropertyName("scales")] float[]? Scales);
}
