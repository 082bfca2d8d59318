using System;
using BenchmarkDotNet.Attributes;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Benchmarks;

/// <summary>
/// One epoch over the sample's training windows (its default series: 16,000 hours of 3 features, 10 steps in, 5 out,
/// the first 70% of the rows), batches of 64 in a seeded random order, two ways: every window copied out ahead into one
/// tensor and batches picked from it (what the sample did before the library read windows through indices), and
/// batches read from the series through indices when they are asked for (<see cref="SeriesWindows"/>). Each way once
/// for the batches alone and once with the seed model's training step on each, which is what an epoch costs.
/// </summary>
[MemoryDiagnoser]
public class WindowBatchBenchmarks
{
    private const int Rows = 16_000, InputSteps = 10, Horizon = 5, BatchSize = 64;
    private Tensor _copiedInputs = null!, _copiedTargets = null!;
    private SeriesTensor _series = null!;
    private SeriesWindows _windows = null!, _oneValidationWindow = null!;
    private MyModel _model = null!;
    private TorchSharp.Modules.Adam _optimizer = null!;
    private long _count;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var values = new float[Rows, 3];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < 3; c++) values[r, c] = (float)(random.NextDouble() - 0.5);
        Range train = 0..(int)(Rows * 0.7);
        (_copiedInputs, _copiedTargets) = Windowing.Create(values, InputSteps, Horizon, [0], train).ToTensors();
        _series = SeriesTensor.From(values);
        _windows = _series.Windows(new CovariateLayout(InputSteps, Horizon, [0]), (_, _) => train);
        _count = _windows.Count;
        _oneValidationWindow = _series.Windows(new CovariateLayout(InputSteps, Horizon, [0]), (_, _) => (int)(Rows * 0.7)..((int)(Rows * 0.7) + Horizon));
        if (_count != _copiedInputs.shape[0]) throw new InvalidOperationException("The two ways cut different windows.");
        manual_seed(1);
        _model = new MyModel();
        _optimizer = optim.Adam(_model.parameters(), lr: 1e-3);
    }

    [Benchmark(Baseline = true, Description = "batches of an epoch, copied windows")]
    public double CopiedBatches() => Epoch(index => (_copiedInputs.index_select(0, index), _copiedTargets.index_select(0, index)), train: false);

    [Benchmark(Description = "batches of an epoch, read through indices")]
    public double IndexedBatches() => Epoch(index => (_windows.Inputs(index), _windows.Targets(index)), train: false);

    [Benchmark(Description = "training epoch, copied windows")]
    public double CopiedTraining() => Epoch(index => (_copiedInputs.index_select(0, index), _copiedTargets.index_select(0, index)), train: true);

    [Benchmark(Description = "training epoch, read through indices")]
    public double IndexedTraining() => Epoch(index => (_windows.Inputs(index), _windows.Targets(index)), train: true);

    /// <summary>
    /// The same epoch through the library's trainer (<see cref="ForecastTrainer.Fit{TInput}"/>, one epoch, validated on
    /// one window): what its options, progress reports and best-epoch bookkeeping add to the loop above.
    /// </summary>
    [Benchmark(Description = "training epoch, ForecastTrainer")]
    public double TrainerEpoch() =>
        ForecastTrainer.Fit(_model, ForecastData.Of(_windows), ForecastData.Of(_oneValidationWindow),
            new TrainingOptions { Epochs = 1, BatchSize = BatchSize, Seed = 7 }).BestValidationLoss;

    private double Epoch(Func<Tensor, (Tensor Inputs, Tensor Targets)> batch, bool train)
    {
        var generator = new Generator(7);
        using Tensor order = randperm(_count, generator: generator);
        double sum = 0;
        for (long start = 0; start < _count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            Tensor index = order.slice(0, start, Math.Min(start + BatchSize, _count), 1);
            (Tensor x, Tensor y) = batch(index);
            if (train)
            {
                _optimizer.zero_grad();
                Tensor loss = nn.functional.mse_loss(_model.call(x), y);
                loss.backward();
                _optimizer.step();
                sum += loss.item<float>();
            }
            else
            {
                sum += x.shape[0] + y.shape[0];
            }
        }
        return sum;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _optimizer.Dispose();
        _model.Dispose();
        _windows.Dispose();
        _oneValidationWindow.Dispose();
        _series.Dispose();
        _copiedInputs.Dispose();
        _copiedTargets.Dispose();
    }
}
