using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Onnx;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// Every model ModelGen generates here (the seed, the catalogue, the ONNX trap models) exported with
/// <c>ExportOnnx</c> and run in ONNX Runtime through <see cref="OnnxForecaster"/>, against TorchSharp's
/// output for the same weights, and against PyTorch's for PyTorch's weights.
/// </summary>
public class OnnxExportTests
{
    private static readonly Dictionary<string, Type> Types = typeof(OnnxExportTests).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<ModelAttribute>() is not null && t.Namespace is "ModelGen.Catalogue" or "ModelGen.Tests.OnnxTraps" || t == typeof(MyModel))
        .ToDictionary(t => t.Name);

    public static TheoryData<string> Models() => new(Types.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> WithPyTorchWeights() => new(CatalogueModels.Names.Append(nameof(MyModel)));

    [Fact]
    public void Every_trap_has_its_model()
    {
        string[] traps = Types.Values.Where(t => t.Namespace == "ModelGen.Tests.OnnxTraps").Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["BidirectionalReluRnn", "ConvLayout", "ExactGelu", "FeedbackFromZeros", "GruGates", "LstmGates", "MiddleStep", "Norms", "StackedBidirectionalLstm", "StepThenConvolution"], traps);
        Assert.True(Types.Count >= traps.Length + 12, "the catalogue and seed models were not found");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Export_runs_in_OnnxRuntime_and_matches_TorchSharp_at_batch_1_7_and_512(string name)
    {
        using nn.Module model = Create(name);
        model.eval();
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(model));

        foreach (int batch in new[] { 1, 7, 512 })
        {
            using var scope = NewDisposeScope();
            manual_seed(batch);
            var inputs = ModelRunner.RandomInputs(Types[name], batch);
            Tensor expected;
            using (no_grad()) expected = ModelRunner.Call(model, inputs);

            // A model with named inputs takes them by name; the others their one tensor, as before.
            DenseTensor<float> actual = forecaster.HasNamedInputs
                ? forecaster.Predict(ModelRunner.Arrays(inputs))
                : forecaster.Predict(ModelRunner.Dense(inputs.Single().Value));

            Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d));
            float error = MaxError(expected.data<float>().ToArray(), actual.Buffer.ToArray());
            Assert.True(error < 1e-5f, $"{name} at batch {batch}: ONNX Runtime differs from TorchSharp by up to {error}");
        }
    }

    [Theory]
    [MemberData(nameof(WithPyTorchWeights))]
    public void With_PyTorchs_weights_ONNX_Runtime_reproduces_PyTorchs_outputs(string name)
    {
        (string weights, string io) = name == nameof(MyModel)
            ? (Fixture.PathOf("seed_model.pt"), Fixture.PathOf("seed_io.json"))
            : (Fixture.PathOf($"Catalogue/{name}.pt"), Fixture.PathOf($"Catalogue/{name}.json"));
        using nn.Module model = Create(name);
        model.load_py(weights);
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(io));
        var inputs = ModelRunner.FixtureInputs(fixture.RootElement);
        float[] pytorch = Floats(fixture.RootElement.GetProperty("output"));
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(model));

        float[] actual = (forecaster.HasNamedInputs
            ? forecaster.Predict(ModelRunner.Arrays(inputs))
            : forecaster.Predict(ModelRunner.Dense(inputs.Single().Value))).Buffer.ToArray();

        float error = MaxError(pytorch, actual);
        Assert.True(error < 1e-5f, $"{name}: ONNX Runtime differs from PyTorch by up to {error}");
    }

    [Fact]
    public void The_file_carries_the_models_metadata_and_summary()
    {
        using var model = new ModelGen.Catalogue.AutoregressiveForecaster();
        byte[] bytes = Export(model);
        using OnnxForecaster forecaster = OnnxForecaster.Load(bytes);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);

        Assert.Equal(("AutoregressiveForecaster", 5, 1, "autoregressive"), (forecaster.ModelName, forecaster.Horizon, forecaster.ValuesPerStep, forecaster.HeadStrategy));
        Assert.Equal([10, 3], forecaster.InputShape);
        Assert.Equal([5, 1], forecaster.OutputShape);
        Assert.Equal("0.1.0", forecaster.ModelGenVersion);
        Assert.Equal(ModelGen.Catalogue.AutoregressiveForecaster.Summary(1).ToString(), session.ModelMetadata.GraphDescription);
        Assert.Equal("ModelGen", session.ModelMetadata.ProducerName);
        var input = session.InputMetadata["input"];
        Assert.Equal([-1, 10, 3], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        Assert.Equal([-1, 5, 1], session.OutputMetadata["output"].Dimensions);
    }

    [Fact]
    public void Opset_and_IR_version_are_the_documented_ones()
    {
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(Export(new MyModel()));

        Assert.Equal(17, proto.OpsetImport.Single().Version);
        Assert.Equal(8, proto.IrVersion);
        Assert.Equal(ModelGen.Export.OnnxGraph.Opset, proto.OpsetImport.Single().Version);
    }

    [Fact]
    public void A_window_predicts_as_forward_does()
    {
        using var model = new MyModel();
        model.eval();
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(model));
        manual_seed(3);
        using Tensor x = randn(1, 10, 3);
        float[,] window = new float[10, 3];
        Buffer.BlockCopy(x.data<float>().ToArray(), 0, window, 0, 30 * sizeof(float));
        float[] expected;
        using (no_grad()) expected = model.call(x).data<float>().ToArray();

        float[,] forecast = forecaster.Predict(window);

        Assert.Equal((5, 1), (forecast.GetLength(0), forecast.GetLength(1)));
        Assert.True(MaxError(expected, forecast.Cast<float>().ToArray()) < 1e-5f);
    }

    [Fact]
    public void Many_threads_share_one_forecaster()
    {
        using var model = new MyModel();
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(model));
        var random = new Random(5);
        float[][,] windows = Enumerable.Range(0, 64).Select(_ =>
        {
            var w = new float[10, 3];
            for (int i = 0; i < 10; i++) for (int j = 0; j < 3; j++) w[i, j] = (float)random.NextDouble();
            return w;
        }).ToArray();
        float[][,] sequential = windows.Select(forecaster.Predict).ToArray();

        var parallel = new float[windows.Length][,];
        Parallel.For(0, windows.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i % windows.Length] = forecaster.Predict(windows[i % windows.Length]));

        for (int i = 0; i < windows.Length; i++) Assert.Equal(sequential[i].Cast<float>(), parallel[i].Cast<float>());
    }

    [Fact]
    public void A_window_of_the_wrong_shape_names_both_shapes()
    {
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(new MyModel()));

        var error = Assert.Throws<ArgumentException>(() => forecaster.Predict(new float[9, 3]));

        Assert.Contains("[10, 3]", error.Message);
        Assert.Contains("[9, 3]", error.Message);
        Assert.Throws<ArgumentException>(() => forecaster.Predict(new DenseTensor<float>([2, 10, 4])));
    }

    [Fact]
    public void A_batch_names_the_window_of_the_wrong_shape_wherever_it_is()
    {
        using OnnxForecaster forecaster = OnnxForecaster.Load(Export(new MyModel()));
        float[][,] windows = Enumerable.Range(0, 6).Select(_ => new float[10, 3]).ToArray();

        // The second window holds more values than a window: unchecked, its first 30 would be read silently.
        windows[1] = new float[10, 4];
        var second = Assert.Throws<ArgumentException>(() => forecaster.Predict(windows));
        // A later one, with fewer values.
        windows[1] = new float[10, 3];
        windows[4] = new float[9, 3];
        var later = Assert.Throws<ArgumentException>(() => forecaster.Predict(windows));

        Assert.Contains("MyModel expects each window as [10, 3] (one row per step), but window 1 is [10, 4]", second.Message);
        Assert.Contains("MyModel expects each window as [10, 3] (one row per step), but window 4 is [9, 3]", later.Message);
    }

    /// <summary>The graph's input and output against the metadata, which OnnxForecaster reads its shapes from.</summary>
    public static TheoryData<string, string> EditedExports() => new()
    {
        { "metadata modelgen.output", "'output' of [batch, 1, 5]" },     // MyModel's graph emits [batch, 5, 1]
        { "graph output", "'output' of [batch, 5, 1]" },                 // the metadata says [5, 1], the graph emits [batch, 1, 5]
        { "metadata modelgen.input", "'input' of [batch, 3, 10]" },      // the graph reads [batch, 10, 3]
    };

    [Theory]
    [MemberData(nameof(EditedExports))]
    public void An_export_whose_graph_disagrees_with_its_metadata_is_refused(string edited, string expected)
    {
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(Export(new MyModel()));
        switch (edited)
        {
            case "metadata modelgen.output": proto.MetadataProps.Single(p => p.Key == "modelgen.output").Value = "[1, 5]"; break;
            case "metadata modelgen.input": proto.MetadataProps.Single(p => p.Key == "modelgen.input").Value = "[3, 10]"; break;
            case "graph output":
                // The output's declared shape alone would not do: ONNX Runtime reports the shape it infers. So the
                // last Reshape makes [batch, 1, 5] of the forecast, and the output says so.
                global::Onnx.TensorProto shape = proto.Graph.Initializer.Single(i => i.Name == "const/ints/-1_5_1");
                Assert.Equal([-1L, 5, 1], shape.Int64Data);
                shape.Int64Data.Clear();
                shape.Int64Data.Add([-1L, 1, 5]);
                var dims = proto.Graph.Output.Single(o => o.Name == "output").Type.TensorType.Shape.Dim;
                (dims[1].DimValue, dims[2].DimValue) = (1, 5);
                break;
        }

        var error = Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(proto.ToByteArray()));

        Assert.Contains($"its graph has no float32 {expected}, as its metadata says", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_ModelGen_export_is_refused_clearly()
    {
        byte[] export = Export(new MyModel());
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(export);
        proto.MetadataProps.Clear();
        byte[] foreign = proto.ToByteArray();
        byte[] truncated = export[..(export.Length / 2)];
        byte[] noise = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray();

        Assert.Contains("not a ModelGen export", Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(foreign)).Message);
        Assert.Contains("not a readable ONNX model", Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(truncated)).Message);
        Assert.Contains("not a readable ONNX model", Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(noise)).Message);
        Assert.Throws<FileNotFoundException>(() => OnnxForecaster.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".onnx")));
    }

    [Fact]
    public void Export_writes_the_whole_file_or_nothing()
    {
        string folder = Directory.CreateTempSubdirectory("modelgen-onnx-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.onnx");
            File.WriteAllText(path, "an earlier export");
            using var model = new MyModel();
            model.to(float64);

            var dtype = Assert.Throws<InvalidOperationException>(() => model.ExportOnnx(path));

            Assert.Contains("Float64", dtype.Message);
            Assert.Contains("to(torch.float32)", dtype.Message);
            Assert.Equal("an earlier export", File.ReadAllText(path));

            model.to(float32);
            model.ExportOnnx(path);
            Assert.Equal("MyModel", OnnxForecaster.Load(path).ModelName);

            // A destination that cannot be written (here, a folder): an IOException naming it, and no file left behind.
            string blocked = Directory.CreateDirectory(Path.Combine(folder, "taken.onnx")).FullName;
            var io = Assert.Throws<IOException>(() => model.ExportOnnx(blocked));
            Assert.Contains(blocked, io.Message);
            Assert.Throws<IOException>(() => model.ExportOnnx(Path.Combine(folder, "no-such-folder", "model.onnx")));
            Assert.Equal(["model.onnx", "taken.onnx"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_disposed_model_cannot_be_exported()
    {
        var model = new MyModel();
        model.Dispose();

        // A disposed module lists no parameters: none where the declaration has 10,053 values.
        Assert.Contains("MyModel has been disposed", Assert.Throws<ObjectDisposedException>(() => model.ExportOnnx(new MemoryStream())).Message);
    }

    [Fact]
    public void A_model_with_a_parameter_registered_after_construction_no_longer_matches_its_declaration()
    {
        using var model = new MyModel();
        model.register_parameter("extra", new TorchSharp.Modules.Parameter(zeros(3)));
        var stream = new MemoryStream();

        var error = Assert.Throws<InvalidOperationException>(() => model.ExportOnnx(stream));

        // The seed declares 10,053 parameter values; the extra one holds 3 more.
        Assert.Contains("MyModel holds 10,056 parameter values, but its declaration has 10,053", error.Message);
        Assert.Contains("no longer matches its declaration", error.Message);
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void A_model_with_a_layer_replaced_by_one_of_another_size_no_longer_matches_its_declaration()
    {
        using var model = new MyModel();
        // TorchSharp refuses a second module under a registered name, so the layer is resized in place:
        // Linear(32, 5) declared, a [6, 32] weight given, 6 · 32 = 192 values instead of 160.
        var fc = ModelRunner.Child<TorchSharp.Modules.Linear>(model, "fc");
        fc.weight = new TorchSharp.Modules.Parameter(zeros(6, 32));

        var error = Assert.Throws<InvalidOperationException>(() => model.ExportOnnx(new MemoryStream()));

        Assert.Contains("MyModel holds 10,085 parameter values, but its declaration has 10,053", error.Message);
        Assert.Contains("no longer matches its declaration", error.Message);
    }

    /// <summary>
    /// The ONNX checker (Debian's python3-onnx 1.12, <c>onnx.checker.check_model(..., full_check=True)</c>)
    /// accepted exactly these files: tests/Fixtures/Onnx/checked.json holds their SHA-256, written by
    /// tests/Fixtures/check_onnx.py. The weights are set to a fixed pattern so the bytes depend only on
    /// the exporter. When the exporter changes, this fails until the checker has seen the new files:
    /// run the tests, then <c>/usr/bin/python3 tests/Fixtures/check_onnx.py tests/ModelGen.Tests/bin/Debug/net10.0/onnx-exports</c>.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Every_export_is_a_file_the_ONNX_checker_accepted(string name)
    {
        using nn.Module model = Create(name);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
                parameter.copy_(linspace(-1, 1, parameter.numel()).reshape(parameter.shape));
        }
        byte[] bytes = Export(model);
        string folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "onnx-exports")).FullName;
        File.WriteAllBytes(Path.Combine(folder, name + ".onnx"), bytes);
        using JsonDocument record = JsonDocument.Parse(File.ReadAllText(Fixture.PathOf("Onnx/checked.json")));

        Assert.True(record.RootElement.GetProperty("files").TryGetProperty(name, out JsonElement entry), $"the ONNX checker has not seen {name}.onnx; see this test's comment");
        Assert.Equal(entry.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        Assert.Equal("passed", entry.GetProperty("full_check").GetString());
    }

    private static nn.Module Create(string name) => ModelRunner.Create(Types[name]);

    /// <summary>The export's bytes, through the generated <c>ExportOnnx(Stream)</c>.</summary>
    private static byte[] Export(nn.Module model)
    {
        using var stream = new MemoryStream();
        model.GetType().GetMethod("ExportOnnx", [typeof(Stream)])!.Invoke(model, [stream]);
        return stream.ToArray();
    }

    private static float MaxError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
