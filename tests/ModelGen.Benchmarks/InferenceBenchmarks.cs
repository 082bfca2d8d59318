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
/// One forecast of the seed model, three ways, with the same weights: the generated TorchSharp
/// <c>forward</c> (baseline), the same model written by hand in TorchSharp, and ONNX Runtime on the
/// model's <c>ExportOnnx</c> file through ModelGen.Onnx's <c>OnnxForecaster</c> (default session
/// options, as a user gets them). Eval mode, no gradients. Compare the ratios within one batch size.
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private MyModel _generated = null!;
    private HandWrittenSeed _handWritten = null!;
    private OnnxForecaster _onnx = null!;
    private Tensor _input = null!;
    private DenseTensor<float> _dense = null!;

    [Params(1, 512)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _generated = new MyModel();
        _handWritten = new HandWrittenSeed();
        _handWritten.load_state_dict(_generated.state_dict());
        _generated.eval();
        _handWritten.eval();
        using var stream = new MemoryStream();
        _generated.ExportOnnx(stream);
        _onnx = OnnxForecaster.Load(stream.ToArray());
        _input = randn(Batch, 10, 3);
        _dense = new DenseTensor<float>(_input.data<float>().ToArray(), [Batch, 10, 3]);
    }

    [Benchmark(Baseline = true, Description = "TorchSharp, generated forward")]
    public float Generated()
    {
        using var noGrad = no_grad();
        using Tensor output = _generated.call(_input);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "TorchSharp, written by hand")]
    public float HandWritten()
    {
        using var noGrad = no_grad();
        using Tensor output = _handWritten.call(_input);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "ONNX Runtime, exported file")]
    public float OnnxRuntime() => _onnx.Predict(_dense).Buffer.Span[0];

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _generated.Dispose();
        _handWritten.Dispose();
        _input.Dispose();
    }
}

/// <summary>
/// One training step (forward, MSE, backward, Adam) of the seed model on a batch of 64, generated
/// against written by hand: what the generated input check and dispose scope cost while training.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private MyModel _generated = null!;
    private HandWrittenSeed _handWritten = null!;
    private TorchSharp.Modules.Adam _generatedOptimizer = null!, _handWrittenOptimizer = null!;
    private Tensor _x = null!, _y = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _generated = new MyModel();
        _handWritten = new HandWrittenSeed();
        _handWritten.load_state_dict(_generated.state_dict());
        _generatedOptimizer = optim.Adam(_generated.parameters(), lr: 1e-3);
        _handWrittenOptimizer = optim.Adam(_handWritten.parameters(), lr: 1e-3);
        _x = randn(64, 10, 3);
        _y = randn(64, 5, 1);
    }

    [Benchmark(Baseline = true, Description = "training step, generated")]
    public float Generated() => Step(_generated, _generatedOptimizer);

    [Benchmark(Description = "training step, written by hand")]
    public float HandWritten() => Step(_handWritten, _handWrittenOptimizer);

    private float Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        Tensor loss = nn.functional.mse_loss(model.call(_x), _y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }
}
