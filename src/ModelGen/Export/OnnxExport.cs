using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Export;

/// <summary>
/// Writes a generated model as an ONNX file: the inference graph (as in eval mode: dropout is the
/// identity) with the module's current weights, one float32 input <c>input</c> <c>[batch, ...Input]</c>
/// and one output <c>output</c> <c>[batch, ...Output]</c>, opset <see cref="OnnxGraph.Opset"/>, and
/// ModelGen's metadata. Generated models call it from <c>ExportOnnx</c>.
/// </summary>
public static class OnnxExport
{
    private static readonly string Version =
        typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Writes the export to <paramref name="path"/>. The whole file is made in memory and written beside
    /// the destination under a temporary name, then moved over it, so a failure never leaves a half-written file.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The model's parameters are not float32, or they are not the declared ones (another count of values).</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Save(nn.Module model, OnnxDefinition definition, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = Serialize(model, definition);
        AtomicFile.Write(path, $"the ONNX export of {definition.ModelName}", stream => stream.Write(bytes));
    }

    /// <summary>Writes the export to <paramref name="stream"/> (made in memory first, so nothing is written if the model cannot be exported).</summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The model's parameters are not float32, or they are not the declared ones (another count of values).</exception>
    public static void Write(nn.Module model, OnnxDefinition definition, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = Serialize(model, definition);
        stream.Write(bytes);
    }

    /// <summary>The export's bytes.</summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The model's parameters are not float32, or they are not the declared ones (another count of values).</exception>
    public static byte[] Serialize(nn.Module model, OnnxDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfDisposedOrChanged(model, definition);
        // One protobuf message holds at most 2 GB; larger models need ONNX's external data files.
        if (definition.Parameters > (int.MaxValue - (64L << 20)) / sizeof(float))
            throw new NotSupportedException(
                $"{definition.ModelName} has {definition.Parameters:N0} parameters, over 2 GB of float32 weights: an ONNX file that large needs external data files, which ModelGen does not write.");
        var graph = definition.Inputs is { } inputs ? new OnnxGraph(definition.ModelName, inputs) : new OnnxGraph(definition.ModelName, definition.InputShape);
        if (definition.TrainedOn is { } record) Standardise(graph, definition, record);
        string last;
        using (no_grad())
        using (NewDisposeScope())
        {
            last = graph.Unscale(definition.Build(graph), definition.Quantiles is not null, definition.Distribution);
        }
        var proto = new ModelProto
        {
            IrVersion = OnnxGraph.IrVersion,
            ProducerName = "ModelGen",
            ProducerVersion = Version,
            DocString = $"{definition.ModelName}, exported by ModelGen {Version}.",
            Graph = graph.Finish(last, definition.OutputShape, definition.Summary),
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraph.Opset });
        Metadata(proto, OnnxMetadataKeys.Model, definition.ModelName);
        Metadata(proto, OnnxMetadataKeys.Version, Version);
        Metadata(proto, OnnxMetadataKeys.Input, Shape(definition.InputShape));
        if (definition.Inputs is { } named) Metadata(proto, OnnxMetadataKeys.Inputs, OnnxMetadataKeys.WriteInputs(named.Select(i => (i.Name, i.Shape, i.Categories))));
        Metadata(proto, OnnxMetadataKeys.Output, Shape(definition.OutputShape));
        Metadata(proto, OnnxMetadataKeys.Horizon, definition.Horizon.ToString(CultureInfo.InvariantCulture));
        Metadata(proto, OnnxMetadataKeys.Head, definition.Head);
        if (definition.Quantiles is { } quantiles)
            Metadata(proto, OnnxMetadataKeys.Quantiles, System.Text.Json.JsonSerializer.Serialize(quantiles));
        if (definition.Distribution is { } distribution)
            Metadata(proto, OnnxMetadataKeys.Distribution, distribution.ToString());
        if (definition.Feedback is { } feedback)
            Metadata(proto, OnnxMetadataKeys.Feedback, feedback);
        if (definition.TrainedOn is { } trainedOn)
        {
            Metadata(proto, OnnxMetadataKeys.Columns, System.Text.Json.JsonSerializer.Serialize(trainedOn.Columns));
            Metadata(proto, OnnxMetadataKeys.Targets, System.Text.Json.JsonSerializer.Serialize(trainedOn.Targets));
            Metadata(proto, OnnxMetadataKeys.Scaling, trainedOn.PerWindowScaling ? "series+window" : "series");
        }
        return proto.ToByteArray();
    }

    /// <summary>
    /// Folds the record's scaling into the graph, after checking it fits the model: one input of <c>[steps, columns]</c>
    /// with the record's columns, an output of <c>[steps, targets]</c> (or <c>[steps, targets, Q]</c> of quantiles) with its targets, and one series' statistics.
    /// </summary>
    private static void Standardise(OnnxGraph graph, OnnxDefinition definition, Forecasting.TrainingRecord record)
    {
        string name = definition.ModelName;
        if (definition.Inputs is not null)
            throw new NotSupportedException($"{name} has named inputs; an export with its training record's scaling is made for models with one input, [steps, columns].");
        if (definition.Distribution is OutputDistribution.NegativeBinomial)
            throw new NotSupportedException(
                $"{name} forecasts negative binomial counts, which are modelled as they are, not standardised: an export with a training record's scaling has nothing to map back. " +
                "Train it on the counts and export it without the record.");
        if (record.SeriesIds is not null)
            throw new NotSupportedException(
                $"The record is of {record.SeriesIds.Count} series, each standardised with its own statistics: an export in raw units would need the series as an input, which ModelGen does not write yet. " +
                "Export without the record, and standardise each series with the scaler TrainingRecord.ScalersFor gives.");
        if (definition.InputShape.Count != 2 || definition.InputShape[1] != record.Columns.Count)
            throw new ArgumentException(
                $"The record is of {record.Columns.Count} columns ({string.Join(", ", record.Columns)}), but {name} takes {Shape(definition.InputShape)}; scaling folds into a model whose input is [steps, {record.Columns.Count}].",
                nameof(definition));
        // A quantile or distribution model's output ends with its levels or parameters: [steps, targets, Q or P].
        int outputRank = definition.Quantiles is null && definition.Distribution is null ? 2 : 3;
        if (definition.OutputShape.Count != outputRank || definition.OutputShape[1] != record.Targets.Count)
            throw new ArgumentException(
                $"The record forecasts {record.Targets.Count} target(s) ({string.Join(", ", record.Targets)}), but {name} forecasts {Shape(definition.OutputShape)}; " +
                $"scaling folds into a model whose output is [steps, {record.Targets.Count}{(outputRank == 3 ? $", {definition.OutputShape[^1]}" : "")}].",
                nameof(definition));
        long[] targets = [.. record.Targets.Select(t => (long)record.Columns.ToList().IndexOf(t))];
        graph.Standardise(record.Means, record.Scales, record.PerWindowScaling, targets);
    }

    /// <summary>
    /// A disposed TorchSharp module lists no parameters (or parameters whose tensors are gone): that is
    /// <see cref="ObjectDisposedException"/>. A live module whose parameter values differ in number from its
    /// declaration (a parameter registered or a layer replaced after construction; TorchSharp also stops
    /// listing a parameter disposed on its own) would not export as the declared graph: that is
    /// <see cref="InvalidOperationException"/>, naming both counts.
    /// </summary>
    private static void ThrowIfDisposedOrChanged(nn.Module model, OnnxDefinition definition)
    {
        long held = 0;
        int parameters = 0;
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            if (parameter.IsInvalid)
                throw new ObjectDisposedException(definition.ModelName, $"{definition.ModelName} has been disposed, so it has no weights to export.");
            held += parameter.numel();
            parameters++;
        }
        if (parameters == 0 && definition.Parameters > 0)
            throw new ObjectDisposedException(definition.ModelName, $"{definition.ModelName} has been disposed, so it has no weights to export.");
        if (held != definition.Parameters)
            throw new InvalidOperationException(
                $"{definition.ModelName} holds {Count(held)} parameter values, but its declaration has {Count(definition.Parameters)}: the module no longer matches " +
                "its declaration (a parameter registered, replaced or disposed after it was created), so it cannot be exported as the declared graph.");
    }

    private static string Count(long values) => values.ToString("N0", CultureInfo.InvariantCulture);

    private static void Metadata(ModelProto proto, string key, string value) =>
        proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    private static string Shape(System.Collections.Generic.IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
