using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Benchmarks;

/// <summary>
/// One forecast of the TCN of residual blocks and of its covariate model (named inputs, an embedding, joins),
/// three ways with the same weights: the generated TorchSharp <c>forward</c> (baseline), the same model written by hand in
/// TorchSharp, and ONNX Runtime on the model's export through <c>OnnxForecaster</c>. Eval mode, no gradients.
/// Compare the ratios within one model and batch size.
/// </summary>
[MemoryDiagnoser]
public class GraphInferenceBenchmarks
{
    private nn.Module _generated = null!, _handWritten = null!;
    private Func<nn.Module, Tensor> _call = null!;
    private OnnxForecaster _onnx = null!, _onnxOneThread = null!;
    private Microsoft.ML.OnnxRuntime.SessionOptions _oneThread = null!;
    private Dictionary<string, Array> _arrays = null!;
    private DenseTensor<float>? _dense;

    [Params("TCN", "Covariates")]
    public string Model { get; set; } = "TCN";

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        (_generated, _handWritten, _call, _arrays, _dense) = GraphCase.Create(Model, Batch);
        _generated.eval();
        _handWritten.eval();
        using var stream = new MemoryStream();
        _generated.GetType().GetMethod("ExportOnnx", [typeof(Stream)])!.Invoke(_generated, [stream]);
        _onnx = OnnxForecaster.Load(stream.ToArray());
        // What a server that answers many requests at once would use: each run on its caller's thread.
        _oneThread = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1 };
        _onnxOneThread = OnnxForecaster.Load(stream.ToArray(), _oneThread);
    }

    [Benchmark(Baseline = true, Description = "TorchSharp, generated forward")]
    public float Generated()
    {
        using var noGrad = no_grad();
        using Tensor output = _call(_generated);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "TorchSharp, written by hand")]
    public float HandWritten()
    {
        using var noGrad = no_grad();
        using Tensor output = _call(_handWritten);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "ONNX Runtime, exported file")]
    public float OnnxRuntime() => (_dense is null ? _onnx.Predict(_arrays) : _onnx.Predict(_dense)).Buffer.Span[0];

    [Benchmark(Description = "ONNX Runtime, one intra-op thread")]
    public float OnnxRuntimeOneThread() => (_dense is null ? _onnxOneThread.Predict(_arrays) : _onnxOneThread.Predict(_dense)).Buffer.Span[0];

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _onnxOneThread.Dispose();
        _oneThread.Dispose();
        _generated.Dispose();
        _handWritten.Dispose();
    }
}

/// <summary>
/// What the generated forward does beyond the hand-written one: its input check (shape and element type, and for named
/// inputs every property, with the category ids' range), timed alone beside the whole forward at batch 1, where it weighs
/// most. The generated-against-hand-written ratio of <see cref="GraphInferenceBenchmarks"/> moves more with the machine's
/// noise than this; the check's share of the forward is the overhead itself.
/// </summary>
[MemoryDiagnoser]
public class GraphInputCheckBenchmarks
{
    private static readonly long[] TcnShape = [64, 5];
    private static readonly NamedInput[] SalesDeclared =
    [
        new("Past", [48, 4]),
        new("Future", [12, 3]),
        new("Store", Array.Empty<long>(), 20),
    ];

    private nn.Module _generated = null!;
    private Func<nn.Module, Tensor> _call = null!;
    private Tensor _x = null!;
    private SalesInputs _inputs = null!;

    [Params("TCN", "Covariates")]
    public string Model { get; set; } = "TCN";

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        (_generated, _, _call, _, _) = GraphCase.Create(Model, 1);
        _generated.eval();
        _x = randn(1, 64, 5);
        _inputs = new SalesInputs(randn(1, 48, 4), randn(1, 12, 3), randint(0, 20, [1], dtype: int64));
    }

    [Benchmark(Baseline = true, Description = "generated forward, batch 1")]
    public float Forward()
    {
        using var noGrad = no_grad();
        using Tensor output = _call(_generated);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "its input check alone")]
    public int Check()
    {
        if (Model == "TCN") ModelInput.Check(_x, "DilatedTcn", TcnShape, _generated);
        else ModelInput.Check(_inputs, "SalesForecaster", SalesDeclared, _generated, _inputs.Past, _inputs.Future, _inputs.Store);
        return 0;
    }

    [GlobalCleanup]
    public void Cleanup() => _generated.Dispose();
}

/// <summary>
/// One training step (forward, MSE, backward, Adam) on a batch of 64 of the TCN and the covariate model, generated against
/// written by hand: what the generated checks, joins and block dispatch cost while training.
/// </summary>
[MemoryDiagnoser]
public class GraphTrainingStepBenchmarks
{
    private nn.Module _generated = null!, _handWritten = null!;
    private Func<nn.Module, Tensor> _call = null!;
    private TorchSharp.Modules.Adam _generatedOptimizer = null!, _handWrittenOptimizer = null!;
    private Tensor _targets = null!;

    [Params("TCN", "Covariates")]
    public string Model { get; set; } = "TCN";

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        (_generated, _handWritten, _call, _, _) = GraphCase.Create(Model, 64);
        _generatedOptimizer = optim.Adam(_generated.parameters(), lr: 1e-3);
        _handWrittenOptimizer = optim.Adam(_handWritten.parameters(), lr: 1e-3);
        _targets = Model == "TCN" ? randn(64, 8, 1) : randn(64, 12, 1);
    }

    [Benchmark(Baseline = true, Description = "training step, generated")]
    public float Generated() => Step(_generated, _generatedOptimizer);

    [Benchmark(Description = "training step, written by hand")]
    public float HandWritten() => Step(_handWritten, _handWrittenOptimizer);

    private float Step(nn.Module model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        Tensor loss = nn.functional.mse_loss(_call(model), _targets);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}

/// <summary>The two graph models with their hand-written twins (the generated one's weights loaded) and a batch of inputs.</summary>
internal static class GraphCase
{
    public static (nn.Module Generated, nn.Module HandWritten, Func<nn.Module, Tensor> Call, Dictionary<string, Array> Arrays, DenseTensor<float>? Dense) Create(string model, int batch)
    {
        if (model == "TCN")
        {
            var generated = new DilatedTcn();
            var handWritten = new HandWrittenTcn();
            handWritten.load_state_dict(generated.state_dict());
            Tensor x = randn(batch, 64, 5);
            return (generated, handWritten, m => ((nn.Module<Tensor, Tensor>)m).call(x), [], new DenseTensor<float>(x.data<float>().ToArray(), [batch, 64, 5]));
        }
        var sales = new SalesForecaster();
        var handSales = new HandWrittenSales();
        handSales.load_state_dict(sales.state_dict());
        var inputs = new SalesInputs(randn(batch, 48, 4), randn(batch, 12, 3), randint(0, 20, [batch], dtype: int64));
        var arrays = new Dictionary<string, Array>
        {
            ["Past"] = ToArray(inputs.Past, [batch, 48, 4]),
            ["Future"] = ToArray(inputs.Future, [batch, 12, 3]),
            ["Store"] = inputs.Store.data<long>().ToArray(),
        };
        return (sales, handSales, m => ((nn.Module<SalesInputs, Tensor>)m).call(inputs), arrays, null);
    }

    private static Array ToArray(Tensor values, int[] dims)
    {
        Array array = Array.CreateInstance(typeof(float), dims);
        Buffer.BlockCopy(values.data<float>().ToArray(), 0, array, 0, (int)values.numel() * sizeof(float));
        return array;
    }
}
