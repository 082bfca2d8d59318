using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ModelGen.Forecasting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>The library's trainer on the seed model and on windows read through indices.</summary>
[Collection(GlobalRandomState.Name)]
public sealed class ForecastTrainerTests : IDisposable
{
    private readonly SeriesTensor _series;
    private readonly SeriesWindows _train, _validation;

    public ForecastTrainerTests()
    {
        var values = new float[400, 3];
        for (int t = 0; t < 400; t++)
        {
            double phase = 2 * Math.PI * t / 12.0;
            values[t, 1] = (float)Math.Cos(phase);
            values[t, 2] = (float)Math.Sin(phase / 3);
            values[t, 0] = (float)(Math.Sin(phase) + 0.3 * values[t, 2]);
        }
        var split = ChronologicalSplit.ByFraction(400, 0.7, 0.15);
        _series = SeriesTensor.From(values);
        var layout = new CovariateLayout(10, 5, [0]);
        _train = _series.Windows(layout, (_, _) => split.Train);
        _validation = _series.Windows(layout, (_, _) => split.Validation);
    }

    public void Dispose()
    {
        _train.Dispose();
        _validation.Dispose();
        _series.Dispose();
    }

    /// <summary>A synchronous progress sink: <see cref="Progress{T}"/> would report later, on the thread pool.</summary>
    private sealed class Reports(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> All { get; } = [];

        public void Report(TrainingProgress value)
        {
            All.Add(value);
            onReport?.Invoke(value);
        }
    }

    private static MyModel NewModel(int seed)
    {
        manual_seed(seed);
        return new MyModel();
    }

    [Fact]
    public void Training_lowers_the_validation_loss_and_leaves_the_model_with_its_best_epoch()
    {
        using MyModel model = NewModel(1);
        var data = ForecastData.Of(_train);
        var validation = ForecastData.Of(_validation);
        double before = ForecastTrainer.MeanSquaredError(model, validation);
        var reports = new Reports();

        TrainingResult result = ForecastTrainer.Fit(model, data, validation, new TrainingOptions { Epochs = 6, LearningRate = 0.01 }, reports);

        Assert.Equal(6, result.History.Count);
        Assert.False(result.StoppedEarly);
        Assert.Equal(result.History.MinBy(e => e.ValidationLoss)!.Epoch, result.BestEpoch);
        Assert.True(result.BestValidationLoss < before / 4, $"validation MSE {before} before, {result.BestValidationLoss} after");
        // The model holds the best epoch's weights: its validation loss is that epoch's, recomputed.
        Assert.Equal(result.BestValidationLoss, ForecastTrainer.MeanSquaredError(model, validation), 12);
        Assert.False(model.training);
        // A report after every batch (four of 64 windows, the last one with the epoch), then the epoch's.
        long batches = (data.Count + 63) / 64;
        Assert.Equal(6 * batches, reports.All.Count);
        Assert.Equal(result.History, reports.All.Where(r => r.Finished is not null).Select(r => r.Finished));
        Assert.All(reports.All, r => Assert.True(r.Finished is null ? r.Batch < r.Batches : r.Batch == r.Batches));
    }

    [Fact]
    public void Predict_forecasts_every_window_in_order_whatever_the_batch_size()
    {
        using MyModel model = NewModel(9);
        model.eval();
        using Tensor all = _validation.All();
        using Tensor expected = model.call(_validation.Inputs(all));

        using Tensor inSevens = ForecastTrainer.Predict(model, ForecastData.Of(_validation), batchSize: 7);
        using Tensor whole = ForecastTrainer.Predict(model, ForecastData.Of(_validation), batchSize: 100_000);

        Assert.Equal(new long[] { _validation.Count, 5, 1 }, inSevens.shape);
        Assert.True((inSevens - expected).abs().max().item<float>() < 1e-6f);
        Assert.True((whole - expected).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void Standardizing_a_series_tensor_in_place_gives_Transforms_values()
    {
        float[,] raw = { { 1, 10 }, { 3, 14 }, { 8, -5 }, { 2, 0 } };
        var scaler = Standardizer.Fit(raw, 0..3);
        using SeriesTensor series = SeriesTensor.From(raw);

        scaler.TransformInPlace(series.Values);

        Assert.Equal(scaler.Transform(raw).Cast<float>(), series.Values.data<float>().ToArray());
        using Tensor wrong = zeros(4, 3);
        Assert.Contains("expected float32 [rows, 2], but got Float32 [4, 3]", Assert.Throws<ArgumentException>(() => scaler.TransformInPlace(wrong)).Message);
    }

    [Fact]
    public void The_same_seed_trains_to_the_same_losses_and_another_seed_does_not()
    {
        double[] Losses(int seed)
        {
            using MyModel model = NewModel(7);
            return ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation), new TrainingOptions { Epochs = 3, Seed = seed })
                .History.SelectMany(e => new[] { e.TrainLoss, e.ValidationLoss }).ToArray();
        }

        double[] first = Losses(5), again = Losses(5), other = Losses(6);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    /// <summary>
    /// Validation targets are the negated series, so every epoch that fits the training windows better fits the
    /// validation windows worse: the first epoch is the best, and training stops once patience runs out.
    /// </summary>
    [Fact]
    public void Early_stopping_ends_once_patience_runs_out_and_restores_the_best_epoch()
    {
        var values = new float[300, 3];
        for (int t = 0; t < 300; t++)
        {
            values[t, 0] = t < 200 ? 1 : -1;
            values[t, 1] = values[t, 2] = 0.5f;
        }
        using SeriesTensor series = SeriesTensor.From(values);
        var layout = new CovariateLayout(10, 5, [0]);
        using SeriesWindows train = series.Windows(layout, (_, _) => 0..200);
        using SeriesWindows validation = series.Windows(layout, (_, _) => 215..300);
        using MyModel model = NewModel(2);

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(train), ForecastData.Of(validation),
            new TrainingOptions { Epochs = 20, Patience = 2, LearningRate = 0.01, Schedule = LearningRateSchedule.ReduceOnPlateau, PlateauEpochs = 1 });

        Assert.True(result.StoppedEarly);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(3, result.History.Count);
        Assert.True(result.History[2].ValidationLoss > result.History[0].ValidationLoss);
        Assert.Equal(result.History[0].ValidationLoss, ForecastTrainer.MeanSquaredError(model, ForecastData.Of(validation)), 12);
        // Epoch 2 did not improve, so epoch 3 trained at half the rate.
        Assert.Equal([0.01, 0.01, 0.005], result.History.Select(e => e.LearningRate));
    }

    [Fact]
    public void Cancelling_throws_and_keeps_the_best_epoch_trained_so_far()
    {
        using MyModel model = NewModel(3);
        using var cancel = new CancellationTokenSource();
        var reports = new Reports(r => { if (r.Finished?.Epoch == 2) cancel.Cancel(); });

        Assert.Throws<OperationCanceledException>(() => ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation),
            new TrainingOptions { Epochs = 10, LearningRate = 0.01 }, reports, cancel.Token));

        EpochReport[] finished = reports.All.Select(r => r.Finished).OfType<EpochReport>().ToArray();
        Assert.Equal(2, finished.Length);
        Assert.DoesNotContain(reports.All, r => r.Epoch > 2); // not one batch of epoch 3
        Assert.Equal(finished.Min(e => e.ValidationLoss), ForecastTrainer.MeanSquaredError(model, ForecastData.Of(_validation)), 12);
    }

    [Fact]
    public void The_cosine_schedule_falls_from_the_rate_to_a_hundredth_of_it()
    {
        using MyModel model = NewModel(4);

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation),
            new TrainingOptions { Epochs = 3, LearningRate = 0.02, Schedule = LearningRateSchedule.Cosine });

        AssertClose([0.02, 0.02 * (0.01 + 0.99 * 0.5), 0.02 * 0.01], result.History.Select(e => e.LearningRate));
    }

    /// <summary>
    /// Adam's steps do not scale with the gradient, so clipping shows where the gradient falls below Adam's epsilon
    /// (1e-8): clipped to a norm of 1e-12, the weights barely move in an epoch that moves them freely otherwise.
    /// </summary>
    [Fact]
    public void Gradient_clipping_bounds_the_gradient_before_each_step()
    {
        double Moved(double? clip)
        {
            using MyModel model = NewModel(5);
            Tensor[] before = model.parameters().Select(p => p.detach().clone()).ToArray();
            ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation), new TrainingOptions { Epochs = 1, GradientClipNorm = clip });
            return model.parameters().Zip(before, (p, b) => (p - b).abs().max().item<float>()).Max();
        }

        double free = Moved(null), clipped = Moved(1e-12);

        Assert.True(free > 1e-3, $"the weights moved {free} without clipping");
        Assert.True(clipped < free / 1000, $"clipped to 1e-12 the weights moved {clipped}, against {free} without clipping");
    }

    [Fact]
    public void A_head_that_feeds_back_trains_through_TrainingForward_with_scheduled_teacher_forcing()
    {
        manual_seed(6);
        using var model = new CountingHead();

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation), new TrainingOptions { Epochs = 4 });

        long batches = (_train.Count + 63) / 64;
        Assert.Equal(4 * batches, model.TrainingCalls);
        AssertClose([1.0, 1 - 1 / 2.8, 1 - 2 / 2.8, 0], result.History.Select(e => e.TeacherForcing));
        Assert.Equal(result.History.Select(e => e.TeacherForcing), model.Ratios.Distinct());
        Assert.False(typeof(ITeacherForcedModel).IsAssignableFrom(typeof(MyModel)), "the seed model's head feeds nothing back");
        Assert.True(typeof(ITeacherForcedModel).IsAssignableFrom(typeof(Catalogue.AutoregressiveForecaster)));
    }

    [Fact]
    public void When_no_epoch_has_a_validation_loss_that_is_a_number_the_model_keeps_its_weights_from_before_and_says_so()
    {
        manual_seed(10);
        using var model = new NaNHead();
        float[] before = model.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation), new TrainingOptions { Epochs = 2 });

        Assert.Equal(0, result.BestEpoch);
        Assert.Equal(double.PositiveInfinity, result.BestValidationLoss);
        Assert.All(result.History, e => Assert.True(double.IsNaN(e.ValidationLoss)));
        Assert.Equal(before, model.parameters().SelectMany(p => p.data<float>().ToArray()));
        Assert.False(model.training);
    }

    /// <summary>A head whose every output is NaN: training moves its weights (to NaN), and no validation loss is a number.</summary>
    private sealed class NaNHead : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _linear = nn.Linear(30, 5);

        public NaNHead() : base(nameof(NaNHead)) => RegisterComponents();

        public override Tensor forward(Tensor input) => (_linear.call(input.flatten(1)) * float.NaN).unsqueeze(-1);
    }

    [Fact]
    public void A_model_whose_output_is_not_the_targets_shape_and_bad_options_are_errors_that_name_them()
    {
        using MyModel model = NewModel(8);
        var layout = new CovariateLayout(10, 4, [0]);
        using SeriesWindows shorter = _series.Windows(layout);

        var error = Assert.Throws<ArgumentException>(() => ForecastTrainer.Fit(model, ForecastData.Of(shorter), ForecastData.Of(shorter)));
        Assert.Contains("MyModel outputs [64, 5, 1] for a batch, but its windows' targets are [64, 4, 1]", error.Message);

        foreach ((TrainingOptions options, string name) in new[]
        {
            (new TrainingOptions { Epochs = 0 }, "Epochs"),
            (new TrainingOptions { BatchSize = -1 }, "BatchSize"),
            (new TrainingOptions { LearningRate = double.NaN }, "LearningRate"),
            (new TrainingOptions { Patience = 0 }, "Patience"),
            (new TrainingOptions { GradientClipNorm = 0 }, "GradientClipNorm"),
            (new TrainingOptions { TeacherForcingEpochs = 1.5 }, "TeacherForcingEpochs"),
            (new TrainingOptions { Schedule = (LearningRateSchedule)7 }, "Schedule"),
        })
        {
            var bad = Assert.Throws<ArgumentOutOfRangeException>(() => ForecastTrainer.Fit(model, ForecastData.Of(_train), ForecastData.Of(_validation), options));
            Assert.Equal(name, bad.ParamName);
        }
    }

    private static void AssertClose(double[] expected, IEnumerable<double> actual)
    {
        double[] values = actual.ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], values[i], 1e-12);
    }

    /// <summary>A hand-written head that feeds back, to see which forward the trainer calls and with which ratio.</summary>
    private sealed class CountingHead : nn.Module<Tensor, Tensor>, ITeacherForcedModel
    {
        private readonly Linear _linear = nn.Linear(30, 5);

        public CountingHead() : base(nameof(CountingHead)) => RegisterComponents();

        public int TrainingCalls { get; private set; }

        public List<double> Ratios { get; } = [];

        public override Tensor forward(Tensor input) => _linear.call(input.flatten(1)).unsqueeze(-1);

        public Tensor TrainingForward(Tensor input, Tensor targets, double teacherForcingRatio)
        {
            TrainingCalls++;
            Ratios.Add(teacherForcingRatio);
            return forward(input);
        }
    }
}
