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
    /// <exception cref="InvalidOperationException">The model's parameters are not float32.</exception>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Save(nn.Module model, OnnxDefinition definition, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = Serialize(model, definition);
        AtomicFile.Write(path, $"the ONNX export of {definition.ModelName}", stream => stream.Write(bytes));
    }

    /// <summary>Writes the export to <paramref name="stream"/> (made in memory first, so nothing is written if the model cannot be exported).</summary>
    /// <exception cref="ObjectDisposedException">The model has been disposed.</exception>
    /// <exception cref="InvalidOperationException">The model's parameters are not float32.</exception>
    public static void Write(nn.Module model, OnnxDefinition definition, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = Serialize(model, definition);
        stream.Write(bytes);
    }

    /// <summary>The export's bytes.</summary>
    public static byte[] Serialize(nn.Module model, OnnxDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(definition);
        ThrowIfDisposed(model, definition);
        // One protobuf message holds at most 2 GB; larger models need ONNX's external data files.
        if (definition.Parameters > (int.MaxValue - (64L << 20)) / sizeof(float))
            throw new NotSupportedException(
                $"{definition.ModelName} has {definition.Parameters:N0} parameters, over 2 GB of float32 weights: an ONNX file that large needs external data files, which ModelGen does not write.");
        var graph = definition.Inputs is { } inputs ? new OnnxGraph(definition.ModelName, inputs) : new OnnxGraph(definition.ModelName, definition.InputShape);
        string last;
        using (no_grad())
        using (NewDisposeScope())
        {
            last = definition.Build(graph);
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
        return proto.ToByteArray();
    }

    /// <summary>A disposed TorchSharp module lists no parameters (or parameters whose tensors are gone).</summary>
    private static void ThrowIfDisposed(nn.Module model, OnnxDefinition definition)
    {
        long held = 0;
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            if (parameter.IsInvalid) held = -1;
            if (held >= 0) held += parameter.numel();
        }
        if (held != definition.Parameters)
            throw new ObjectDisposedException(definition.ModelName, $"{definition.ModelName} has been disposed, so it has no weights to export.");
    }

    private static void Metadata(ModelProto proto, string key, string value) =>
        proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

    private static string Shape(System.Collections.Generic.IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
