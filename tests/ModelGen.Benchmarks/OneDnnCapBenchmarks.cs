using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Benchmarks;

/// <summary>
/// What limiting oneDNN to AVX2 costs (ModelGen does it when the first model with an LSTM is created,
/// to avoid libtorch 2.10's wrong AVX-512 LSTM kernel): the same LSTM, GRU and Conv1d models, forward
/// and a training step on a batch of 64, in a process with <c>ONEDNN_MAX_CPU_ISA=ALL</c> (no limit;
/// ModelGen leaves a value the user set alone) against one with <c>AVX2</c>, in one run.
/// </summary>
[Config(typeof(CapConfig))]
[MemoryDiagnoser]
public class OneDnnCapBenchmarks
{
    private nn.Module<Tensor, Tensor> _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Tensor _x = null!, _y = null!;

    [Params("LSTM", "GRU", "Conv1d")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _model = Model switch
        {
            "LSTM" => new LstmSeed(),
            "GRU" => new MyModel(),
            _ => new ConvSeed(),
        };
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
        _x = randn(64, 10, 3);
        _y = randn(64, 5, 1);
    }

    [Benchmark(Description = "forward, batch 64")]
    public float Forward()
    {
        using var noGrad = no_grad();
        using Tensor output = _model.call(_x);
        return output[0, 0, 0].item<float>();
    }

    [Benchmark(Description = "training step, batch 64")]
    public float TrainingStep()
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = nn.functional.mse_loss(_model.call(_x), _y);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    private sealed class CapConfig : ManualConfig
    {
        public CapConfig()
        {
            AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("ONEDNN_MAX_CPU_ISA", "ALL"))
                .WithLaunchCount(2).WithWarmupCount(5).WithIterationCount(15).WithId("no limit").AsBaseline());
            AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("ONEDNN_MAX_CPU_ISA", "AVX2"))
                .WithLaunchCount(2).WithWarmupCount(5).WithIterationCount(15).WithId("AVX2"));
        }
    }
}
