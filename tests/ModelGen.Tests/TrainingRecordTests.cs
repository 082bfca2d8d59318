using System;
using System.IO;
using ModelGen.Forecasting;

namespace ModelGen.Tests;

public sealed class TrainingRecordTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-records-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Checkpoint => Path.Combine(_folder, "model.pt");

    private static TrainingRecord Some() =>
        new("MyModel", ["demand", "temperature", "activity"], ["demand"], Standardizer.FromStatistics([1.5f, -2.25f, 0.1f], [3f, 0.5f, 1e-3f]));

    [Fact]
    public void A_record_saved_beside_a_checkpoint_loads_back_whole()
    {
        Some().Save(Checkpoint);

        TrainingRecord loaded = TrainingRecord.Load(Checkpoint, "MyModel");

        Assert.Equal(Path.Combine(_folder, "model.pt.training.json"), TrainingRecord.PathFor(Checkpoint));
        Assert.Equal(["demand", "temperature", "activity"], loaded.Columns);
        Assert.Equal(["demand"], loaded.Targets);
        Assert.Equal([1.5f, -2.25f, 0.1f], loaded.Scaler.Means);
        Assert.Equal([3f, 0.5f, 1e-3f], loaded.Scaler.Scales);
        Assert.Equal("MyModel", loaded.Model);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Per_window_scaling_is_recorded_and_a_record_written_before_it_was_reads_as_without(bool perWindow)
    {
        (Some() with { PerWindowScaling = perWindow }).Save(Checkpoint);
        var scalers = PerSeriesStandardizer.FromScalers([Standardizer.FromStatistics([1f], [2f])]);
        string panel = Path.Combine(_folder, "panel.pt");
        new TrainingRecord("UnivariateModel", ["sales"], ["sales"], ["north"], scalers) { PerWindowScaling = perWindow }.Save(panel);
        string older = Path.Combine(_folder, "older.pt");
        File.WriteAllText(TrainingRecord.PathFor(older),
            "{ \"format\": \"modelgen-training/1\", \"model\": \"MyModel\", \"columns\": [\"a\"], \"targets\": [\"a\"], \"means\": [0], \"scales\": [1] }");

        Assert.Equal(perWindow, TrainingRecord.Load(Checkpoint).PerWindowScaling);
        Assert.Equal(perWindow, TrainingRecord.Load(panel).PerWindowScaling);
        Assert.False(TrainingRecord.Load(older).PerWindowScaling);
    }

    [Fact]
    public void A_record_of_many_series_keeps_each_ones_statistics_by_id()
    {
        var scalers = PerSeriesStandardizer.FromScalers([Standardizer.FromStatistics([1f, 2f], [3f, 4f]), Standardizer.FromStatistics([5f, 6f], [7f, 8f])]);
        new TrainingRecord("MyModel", ["sales", "price"], ["sales"], ["north", "south"], scalers).Save(Checkpoint);

        TrainingRecord loaded = TrainingRecord.Load(Checkpoint, "MyModel");
        PerSeriesStandardizer reordered = loaded.ScalersFor(["south", "north"], "new.csv");

        Assert.Equal(["north", "south"], loaded.SeriesIds);
        Assert.Equal([5f, 6f], reordered.Scalers[0].Means);
        Assert.Equal([3f, 4f], reordered.Scalers[1].Scales);
        Assert.Contains("has series the model was not trained on ('east')", Assert.Throws<InvalidDataException>(() => loaded.ScalersFor(["north", "east"], "new.csv")).Message);
        Assert.Throws<InvalidOperationException>(() => Some().ScalersFor(["north"], "new.csv"));
        Assert.Contains("named twice", Assert.Throws<ArgumentException>(() => new TrainingRecord("M", ["a", "b"], ["a"], ["x", "x"], scalers)).Message);
    }

    [Fact]
    public void Columns_are_found_by_name_and_a_missing_one_names_both_sets()
    {
        TrainingRecord record = Some();

        Assert.Equal([2, 0, 1], record.ColumnOrder(["temperature", "activity", "demand", "note"], "new.csv"));
        var error = Assert.Throws<InvalidDataException>(() => record.ColumnOrder(["demand", "humidity"], "new.csv"));
        Assert.Equal("new.csv lacks 'temperature', 'activity': MyModel was trained on demand, temperature, activity, and new.csv has demand, humidity.", error.Message);
    }

    [Fact]
    public void A_missing_damaged_or_foreign_record_is_a_clear_error()
    {
        Assert.Contains("has no training record", Assert.Throws<FileNotFoundException>(() => TrainingRecord.Load(Checkpoint)).Message);

        Some().Save(Checkpoint);
        Assert.Contains("records a MyModel, not a DirRecModel", Assert.Throws<InvalidDataException>(() => TrainingRecord.Load(Checkpoint, "DirRecModel")).Message);

        string path = TrainingRecord.PathFor(Checkpoint);
        File.WriteAllText(path, File.ReadAllText(path).Replace("modelgen-training/1", "modelgen-training/9"));
        Assert.Contains("format 'modelgen-training/1' (it says 'modelgen-training/9')", Assert.Throws<InvalidDataException>(() => TrainingRecord.Load(Checkpoint)).Message);

        File.WriteAllText(path, """{ "format": "modelgen-training/1", "model": "MyModel", "columns": ["a"], "targets": ["a"], "means": [0], "scales": [0] }""");
        Assert.Contains("The scale of column 0 is 0", Assert.Throws<InvalidDataException>(() => TrainingRecord.Load(Checkpoint)).Message);

        File.WriteAllText(path, """{ "format": "modelgen-training/1", "model": "MyModel", "columns": [null], "targets": [null], "means": [0], "scales": [1] }""");
        Assert.Contains("one is empty or missing", Assert.Throws<InvalidDataException>(() => TrainingRecord.Load(Checkpoint)).Message);

        File.WriteAllText(path, "not json");
        Assert.Contains("is not a training record", Assert.Throws<InvalidDataException>(() => TrainingRecord.Load(Checkpoint)).Message);
    }

    [Fact]
    public void A_record_needs_its_targets_among_its_columns_and_a_scaler_of_their_count()
    {
        Standardizer two = Standardizer.FromStatistics([0f, 0f], [1f, 1f]);

        Assert.Contains("'sales' is not among the columns a, b", Assert.Throws<ArgumentException>(() => new TrainingRecord("M", ["a", "b"], ["sales"], two)).Message);
        Assert.Contains("fitted on 2 columns, but there are 3", Assert.Throws<ArgumentException>(() => new TrainingRecord("M", ["a", "b", "c"], ["a"], two)).Message);
        Assert.Contains("names one twice", Assert.Throws<ArgumentException>(() => new TrainingRecord("M", ["a", "a"], ["a"], two)).Message);
    }
}
