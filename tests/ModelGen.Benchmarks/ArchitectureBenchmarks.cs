using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Catalogue;
using ModelGen.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Benchmarks;

/// <summary>
/// One forecast of the catalogue's PatchTST (RevIN, patches, two transformer encoder layers) and N-HiTS (three pooled
/// blocks stacked doubly residually), three ways with the same weights: the generated TorchSharp <c>forward</c>
/// (baseline), the same model written by hand in TorchSharp (<see cref="HandWrittenPatchTst"/>, <see cref="HandWrittenNHits"/>),
/// and ONNX Runtime on the model's export through <c>OnnxForecaster</c>. Eval mode, no gradients. The setup checks that
/// the three give the same forecast, so each times the same computation.
/// </summary>
[MemoryDiagnoser]
public class ArchitectureBenchmarks
{
    private nn.Module<Tensor, Tensor> _generated = null!, _handWritten = null!;
    private OnnxForecaster _onnx = null!;
    private Tensor _x = null!;
    private DenseTensor<float> _dense = null!;

    [Params("PatchTST", "N-HiTS")]
    public string Model { get; set; } = "PatchTST";

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        if (Model == "PatchTST") (_generated, _handWritten) = (new PatchTst(), new HandWrittenPatchTst());
        else (_generated, _handWritten) = (new NHits(), new HandWrittenNHits());
        _handWritten.load_state_dict(_generated.state_dict());
        _generated.eval();
        _handWritten.eval();
        _x = randn(Batch, 24, 1);
        _dense = new DenseTensor<float>(_x.data<float>().ToArray(), [Batch, 24, 1]);
        using var stream = new MemoryStream();
        _generated.GetType().GetMethod("ExportOnnx", [typeof(Stream)])!.Invoke(_generated, [stream]);
        _onnx = OnnxForecaster.Load(stream.ToArray());

        using var noGrad = no_grad();
        using Tensor generated = _generated.call(_x), handWritten = _handWritten.call(_x);
        float[] onnx = _onnx.Predict(_dense).Buffer.ToArray();
        float[] expected = generated.data<float>().ToArray();
        double byHand = (generated - handWritten).abs().max().item<float>();
        double byOnnx = expected.Zip(onnx, (a, b) => Math.Abs(a - b)).Max();
        if (byHand > 1e-5 || byOnnx > 1e-5)
            throw new InvalidOperationException($"{Model}: the hand-written model is {byHand:G3} and ONNX Runtime {byOnnx:G3} away from the generated one; expected at most 1e-5.");
    }

    [Benchmark(Baseline = true, Description = "TorchSharp, generated forward")]
    public float Generated()
    {
        using var noGrad = no_grad();
        using Tensor output = _generated.call(_x);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "TorchSharp, written by hand")]
    public float HandWritten()
    {
        using var noGrad = no_grad();
        using Tensor output = _handWritten.call(_x);
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
        _x.Dispose();
    }
}

/// <summary>
/// The catalogue's PatchTST written by hand with TorchSharp's own modules, as a TorchSharp user would: RevIN's arithmetic
/// inline, <c>unfold</c> for the patches, TorchSharp's (sequence-first, post-norm) <c>TransformerEncoderLayer</c> with GELU
/// between transposes, and the same state_dict names as the generated model.
/// </summary>
public sealed class HandWrittenPatchTst : nn.Module<Tensor, Tensor>
{
    private readonly HandWrittenRevIN revin = new();
    private readonly Linear embed = nn.Linear(8, 16);
    private readonly HandWrittenPosition position = new();
    private readonly TransformerEncoderLayer encoder1 = nn.TransformerEncoderLayer(16, 4, 32, 0.2, nn.Activations.GELU);
    private readonly TransformerEncoderLayer encoder2 = nn.TransformerEncoderLayer(16, 4, 32, 0.2, nn.Activations.GELU);
    private readonly Linear head = nn.Linear(96, 6);

    public HandWrittenPatchTst() : base(nameof(HandWrittenPatchTst)) => RegisterComponents();

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        const double eps = 1e-5;
        Tensor mean = input.mean([1], keepdim: true);
        Tensor stdev = (input.var(1, unbiased: false, keepdim: true) + eps).sqrt();
        Tensor x = (input - mean) / stdev * revin.affine_weight + revin.affine_bias;
        // [batch, 24, 1] → the last step repeated 4 times → 6 patches of 8 steps: [batch, 6, 8].
        Tensor padded = cat([x, x.narrow(1, 23, 1).expand(-1, 4, -1)], 1);
        Tensor patches = padded.squeeze(2).unfold(1, 8, 4);
        Tensor z = embed.call(patches) + position.weight;
        z = encoder2.call(encoder1.call(z.transpose(0, 1))).transpose(0, 1);
        Tensor y = head.call(z.flatten(1)).reshape(-1, 6, 1);
        y = (y - revin.affine_bias) / (revin.affine_weight + eps * eps) * stdev + mean;
        return y.MoveToOuterDisposeScope();
    }
}

/// <summary>The catalogue's N-HiTS written by hand in TorchSharp: three blocks and the doubly residual loop.</summary>
public sealed class HandWrittenNHits : nn.Module<Tensor, Tensor>
{
    private readonly HandWrittenHitsBlock coarse = new(5, 6), middle = new(2, 2), fine = new(1, 1);

    public HandWrittenNHits() : base(nameof(HandWrittenNHits)) => RegisterComponents();

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input.flatten(1), forecast = zeros(input.shape[0], 6);
        foreach (HandWrittenHitsBlock block in new[] { coarse, middle, fine })
        {
            (Tensor backcast, Tensor blockForecast) = block.call(x);
            x = x - backcast;
            forecast = forecast + blockForecast;
        }
        return forecast.reshape(-1, 6, 1).MoveToOuterDisposeScope();
    }
}

/// <summary>RevIN's affine parameters, under the names neuralforecast (and the generated model) gives them.</summary>
public sealed class HandWrittenRevIN : nn.Module
{
    public readonly Parameter affine_weight = nn.Parameter(ones(1)), affine_bias = nn.Parameter(zeros(1));

    public HandWrittenRevIN() : base("RevIN") => RegisterComponents();
}

/// <summary>PatchTST's learned positions, <c>weight</c> <c>[6, 16]</c>.</summary>
public sealed class HandWrittenPosition : nn.Module
{
    public readonly Parameter weight = nn.Parameter(empty(6, 16).uniform_(-0.02, 0.02));

    public HandWrittenPosition() : base("PositionalEmbedding") => RegisterComponents();
}

/// <summary>An N-HiTS block as darts writes it: max pooling, an MLP, knots for each output, interpolated linearly.</summary>
public sealed class HandWrittenHitsBlock : nn.Module<Tensor, (Tensor, Tensor)>
{
    private readonly MaxPool1d pool;
    private readonly Linear fc1, fc2, backcastKnots, forecastKnots;

    public HandWrittenHitsBlock(int pool, int downsample) : base("HitsBlock")
    {
        this.pool = nn.MaxPool1d(pool, pool, ceil_mode: true);
        fc1 = nn.Linear((24 + pool - 1) / pool, 32);
        fc2 = nn.Linear(32, 32);
        backcastKnots = nn.Linear(32, 24 / downsample);
        forecastKnots = nn.Linear(32, 6 / downsample);
        RegisterComponents();
    }

    public override (Tensor, Tensor) forward(Tensor x)
    {
        Tensor h = nn.functional.relu(fc2.call(nn.functional.relu(fc1.call(pool.call(x.unsqueeze(1)).squeeze(1)))));
        Tensor backcast = nn.functional.interpolate(backcastKnots.call(h).unsqueeze(1), [24], mode: InterpolationMode.Linear, align_corners: false).squeeze(1);
        Tensor forecast = nn.functional.interpolate(forecastKnots.call(h).unsqueeze(1), [6], mode: InterpolationMode.Linear, align_corners: false).squeeze(1);
        return (backcast, forecast);
    }
}
