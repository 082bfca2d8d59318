using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Forecasting;

/// <summary>How the learning rate changes over the epochs of <see cref="ForecastTrainer.Fit{TInput}"/>.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every epoch.</summary>
    Constant,

    /// <summary>From the rate down to a hundredth of it along half a cosine over the epochs (cosine annealing).</summary>
    Cosine,

    /// <summary>Halved whenever the validation loss has not improved for <see cref="TrainingOptions.PlateauEpochs"/> epochs.</summary>
    ReduceOnPlateau,
}

/// <summary>How <see cref="ForecastTrainer.Fit{TInput}"/> trains: Adam on the model's loss (mean squared error for point forecasts, the pinball loss over its levels for a quantile model).</summary>
public sealed record TrainingOptions
{
    /// <summary>The most epochs to train; early stopping may end sooner. Default 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Windows per training batch. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Windows per batch when predicting and validating (no gradients are kept). Default 1,024.</summary>
    public int EvaluationBatchSize { get; init; } = 1024;

    /// <summary>Adam's learning rate at the first epoch. Default 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>How the learning rate changes over the epochs. Default <see cref="LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>For <see cref="LearningRateSchedule.ReduceOnPlateau"/>: epochs without a better validation loss before the rate is halved. Default 3.</summary>
    public int PlateauEpochs { get; init; } = 3;

    /// <summary>The largest L2 norm of all gradients together; a larger one is scaled down to it before each step. Null (the default) for none.</summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>
    /// Early stopping: training ends once this many epochs in a row have not improved on the best validation loss. Null
    /// (the default) trains every epoch. Either way the model ends with the weights of its best validation epoch.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>
    /// Seeds the order of the training windows and the random draws of the epochs (dropout, teacher forcing), so the
    /// same model, data and options train to the same weights. Default 0.
    /// </summary>
    public int Seed { get; init; }

    /// <summary>
    /// For heads that feed their predictions back (<see cref="ITeacherForcedModel{TInput}"/>): the fraction of the epochs
    /// over which the teacher forcing ratio falls from 1 to 0 (scheduled sampling). Default 0.7; 0 never forces.
    /// </summary>
    public double TeacherForcingEpochs { get; init; } = 0.7;

    internal void Check()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"Train at least one epoch; got Epochs = {Epochs}.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"A batch holds at least one window; got BatchSize = {BatchSize}.");
        if (EvaluationBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(EvaluationBatchSize), EvaluationBatchSize, $"A batch holds at least one window; got EvaluationBatchSize = {EvaluationBatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"The learning rate must be a positive number; got {LearningRate}.");
        if (!Enum.IsDefined(Schedule)) throw new ArgumentOutOfRangeException(nameof(Schedule), Schedule, $"Schedule {(int)Schedule} is none of {string.Join(", ", Enum.GetNames<LearningRateSchedule>())}.");
        if (PlateauEpochs < 1) throw new ArgumentOutOfRangeException(nameof(PlateauEpochs), PlateauEpochs, $"PlateauEpochs must be at least 1; got {PlateauEpochs}.");
        if (GradientClipNorm is double clip && !(clip > 0)) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, $"GradientClipNorm must be positive, or null for none; got {clip}.");
        if (Patience is int patience && patience < 1) throw new ArgumentOutOfRangeException(nameof(Patience), patience, $"Patience must be at least 1 epoch, or null to train every epoch; got {patience}.");
        if (!(TeacherForcingEpochs >= 0 && TeacherForcingEpochs <= 1)) throw new ArgumentOutOfRangeException(nameof(TeacherForcingEpochs), TeacherForcingEpochs, $"TeacherForcingEpochs is a fraction of the epochs, from 0 to 1; got {TeacherForcingEpochs}.");
    }
}

/// <summary>One finished epoch.</summary>
/// <param name="Epoch">Its number, from 1.</param>
/// <param name="TrainLoss">The mean loss over its training windows, as they were trained (in training mode).</param>
/// <param name="ValidationLoss">The loss on the validation windows after it, in eval mode.</param>
/// <param name="LearningRate">The learning rate it trained with.</param>
/// <param name="TeacherForcing">The teacher forcing ratio it trained with (0 for heads that feed nothing back).</param>
/// <param name="Elapsed">How long it took, validation included.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double ValidationLoss, double LearningRate, double TeacherForcing, TimeSpan Elapsed);

/// <summary>Where training is, reported after every batch and every epoch.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The most epochs it may train.</param>
/// <param name="Batch">Batches of this epoch done.</param>
/// <param name="Batches">Batches in an epoch.</param>
/// <param name="TrainLoss">The mean training loss of this epoch so far.</param>
/// <param name="Finished">The epoch's report once it is over (then <paramref name="Batch"/> equals <paramref name="Batches"/>), else null.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, long Batch, long Batches, double TrainLoss, EpochReport? Finished, TimeSpan Elapsed);

/// <summary>What <see cref="ForecastTrainer.Fit{TInput}"/> did.</summary>
/// <param name="History">Every epoch trained, in order.</param>
/// <param name="BestEpoch">
/// The epoch with the lowest validation loss, whose weights the model now holds; 0 when no epoch had a validation loss
/// that is a number (training diverged: every loss NaN), and the model holds its weights from before training.
/// </param>
/// <param name="BestValidationLoss">That epoch's validation loss (infinity when <paramref name="BestEpoch"/> is 0).</param>
/// <param name="StoppedEarly">Whether early stopping ended training before <see cref="TrainingOptions.Epochs"/>.</param>
public sealed record TrainingResult(IReadOnlyList<EpochReport> History, int BestEpoch, double BestValidationLoss, bool StoppedEarly);

/// <summary>
/// Windows and how a model takes them: <see cref="ForecastData{TInput}.Input"/> makes the model's input for a batch of
/// window numbers. Models with one input tensor take <see cref="ForecastData.Of(SeriesWindows)"/>; models with named
/// inputs build their record from the windows' parts.
/// </summary>
/// <example>
/// <code>
/// var data = new ForecastData&lt;SalesInputs&gt;(windows, (w, index) =&gt;
///     new SalesInputs(w.Inputs(index), w.KnownFuture(index), w.Categories(index)));
/// </code>
/// </example>
public sealed class ForecastData<TInput>(SeriesWindows windows, Func<SeriesWindows, Tensor, TInput> input, Func<SeriesWindows, Tensor, Tensor>? targets = null)
{
    /// <summary>The windows.</summary>
    public SeriesWindows Windows { get; } = windows ?? throw new ArgumentNullException(nameof(windows));

    /// <summary>The model's input for the windows an int64 index names.</summary>
    public Func<SeriesWindows, Tensor, TInput> Input { get; } = input ?? throw new ArgumentNullException(nameof(input));

    /// <summary>Number of windows.</summary>
    public long Count => Windows.Count;

    /// <summary>
    /// What the model's output is trained towards for the windows an index names: the windows' targets
    /// (<see cref="SeriesWindows.Targets"/>), unless the data was made with another mapping (<see cref="WindowScaling"/>).
    /// </summary>
    public Tensor Targets(Tensor index) => targets is null ? Windows.Targets(index) : targets(Windows, index);
}

/// <summary>Makes <see cref="ForecastData{TInput}"/>.</summary>
public static class ForecastData
{
    /// <summary>The windows as a model with one input tensor takes them: their past rows, <c>[batch, steps, columns]</c>.</summary>
    public static ForecastData<Tensor> Of(SeriesWindows windows) => new(windows, (w, index) => w.Inputs(index));
}

/// <summary>
/// Trains any generated model on windows of its series, batch by batch from indices (nothing is copied ahead), with
/// Adam on mean squared error: a learning-rate schedule, gradient clipping, early stopping with the best epoch's
/// weights restored, seeded, cancellable, reporting progress; teacher forcing for heads that feed predictions back.
/// </summary>
public static class ForecastTrainer
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/>, validating on <paramref name="validation"/> after
    /// every epoch, and leaves it with the weights of its best validation epoch, in eval mode.
    /// </summary>
    /// <param name="model">A generated model; one whose head feeds back (<see cref="ITeacherForcedModel{TInput}"/>) trains with teacher forcing.</param>
    /// <param name="train">The training windows.</param>
    /// <param name="validation">The validation windows.</param>
    /// <param name="options">How to train; the defaults when null.</param>
    /// <param name="progress">Told after every batch and epoch, on the training thread.</param>
    /// <param name="cancellationToken">Checked before every batch. When cancelled, the model keeps the best epoch trained so far (or its weights before training, when no epoch finished) and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="ArgumentException">A set has no windows, or the model's output is not the shape of the targets (the message names both).</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it and its value.</exception>
    public static TrainingResult Fit<TInput>(nn.Module<TInput, Tensor> model, ForecastData<TInput> train, ForecastData<TInput> validation,
        TrainingOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        options ??= new TrainingOptions();
        options.Check();
        if (train.Count == 0) throw new ArgumentException("There are no training windows; the series is too short for one window of its layout.", nameof(train));
        if (validation.Count == 0) throw new ArgumentException("There are no validation windows; the series is too short for one window of its layout.", nameof(validation));

        var teacherForced = model as ITeacherForcedModel<TInput>;
        TorchSharp.Modules.Parameter[] parameters = model.parameters().Where(p => p.requires_grad).ToArray();
        if (parameters.Length == 0) throw new ArgumentException($"{model.GetType().Name} has no trainable parameters.", nameof(model));
        using var optimizer = optim.Adam(parameters, lr: options.LearningRate);
        using var generator = new Generator((ulong)options.Seed);
        manual_seed(options.Seed);

        var history = new List<EpochReport>();
        Dictionary<string, Tensor> best = Snapshot(model);
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0, sincePlateauBest = 0;
        double plateauBest = double.PositiveInfinity, learningRate = options.LearningRate;
        long count = train.Count, batches = (count + options.BatchSize - 1) / options.BatchSize;
        var clock = Stopwatch.StartNew();
        bool stoppedEarly = false;
        try
        {
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                learningRate = LearningRateOf(options, epoch, learningRate);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                double teacherForcing = teacherForced is null || options.TeacherForcingEpochs == 0
                    ? 0
                    : Math.Max(0, 1 - (epoch - 1) / (options.TeacherForcingEpochs * options.Epochs));
                model.train();
                double sum = 0;
                using (Tensor permutation = randperm(count, generator: generator))
                {
                    // The order is drawn on the CPU (where the generator is) and read on the windows' device.
                    using Tensor order = permutation.to(train.Windows.Device);
                    long batch = 0;
                    for (long start = 0; start < count; start += options.BatchSize)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        // Everything a step makes is freed at its end: native memory stays flat over the epochs.
                        using var scope = NewDisposeScope();
                        Tensor index = order.slice(0, start, Math.Min(start + options.BatchSize, count), 1);
                        Tensor targets = train.Targets(index);
                        TInput input = train.Input(train.Windows, index);
                        optimizer.zero_grad();
                        Tensor output = teacherForced is not null ? teacherForced.TrainingForward(input, targets, teacherForcing) : model.call(input);
                        Tensor loss = LossOf(model, output, targets);
                        loss.backward();
                        if (options.GradientClipNorm is double clip) nn.utils.clip_grad_norm_(parameters, clip);
                        optimizer.step();
                        sum += loss.item<float>() * index.shape[0];
                        batch++;
                        if (batch < batches) progress?.Report(new TrainingProgress(epoch, options.Epochs, batch, batches, sum / Math.Min(start + options.BatchSize, count), null, clock.Elapsed));
                    }
                }
                double validationLoss = ValidationLoss(model, validation, options.EvaluationBatchSize, cancellationToken);
                var report = new EpochReport(epoch, sum / count, validationLoss, learningRate, teacherForcing, epochClock.Elapsed);
                history.Add(report);
                progress?.Report(new TrainingProgress(epoch, options.Epochs, batches, batches, report.TrainLoss, report, clock.Elapsed));

                if (validationLoss < bestLoss)
                {
                    // The new copy first: should it fail, the old one is still whole for the restore below.
                    Dictionary<string, Tensor> next = Snapshot(model);
                    DisposeAll(best);
                    (best, bestLoss, bestEpoch) = (next, validationLoss, epoch);
                }
                if (validationLoss < plateauBest)
                {
                    plateauBest = validationLoss;
                    sincePlateauBest = 0;
                }
                else if (++sincePlateauBest >= options.PlateauEpochs && options.Schedule == LearningRateSchedule.ReduceOnPlateau)
                {
                    learningRate /= 2;
                    sincePlateauBest = 0;
                }
                if (options.Patience is int patience && epoch - bestEpoch >= patience && epoch < options.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        finally
        {
            // The best epoch's weights, whether training finished, stopped early, was cancelled or failed.
            try
            {
                using (no_grad())
                {
                    foreach ((string name, Tensor value) in model.state_dict()) value.copy_(best[name]);
                }
            }
            finally
            {
                DisposeAll(best);
                model.eval();
            }
        }
        return new TrainingResult(history, bestEpoch, bestLoss, stoppedEarly);
    }

    /// <summary>The model's forecasts for every window, in eval mode without gradients: <c>[windows, ...Output]</c>.</summary>
    public static Tensor Predict<TInput>(nn.Module<TInput, Tensor> model, ForecastData<TInput> data, int batchSize = 1024, CancellationToken cancellationToken = default)
    {
        // One tensor for all forecasts, made at the first batch and filled batch by batch: keeping each batch's
        // output until the end would leave small blocks between the batches' large ones, which the allocator
        // cannot give back, and memory would grow with the number of batches.
        Tensor? forecasts = null;
        try
        {
            InEvalBatches(model, data, batchSize, cancellationToken, (start, _, output) =>
            {
                forecasts ??= empty([data.Count, .. output.shape[1..]], dtype: output.dtype, device: output.device).DetachFromDisposeScope();
                forecasts.narrow(0, start, output.shape[0]).copy_(output);
            });
            return forecasts ?? throw new ArgumentException("There are no windows to forecast.", nameof(data));
        }
        catch
        {
            forecasts?.Dispose();
            throw;
        }
    }

    /// <summary>The model's mean squared error over every window and target, in eval mode, batch by batch.</summary>
    /// <exception cref="ArgumentException">
    /// The model forecasts quantiles (<see cref="IQuantileModel"/>) or a distribution (<see cref="IDistributionModel"/>),
    /// which have no one squared error: score them with <see cref="Losses.Pinball"/> or <see cref="Losses.NegativeLogLikelihood"/>.
    /// </exception>
    public static double MeanSquaredError<TInput>(nn.Module<TInput, Tensor> model, ForecastData<TInput> data, int batchSize = 1024, CancellationToken cancellationToken = default)
    {
        if (model is IQuantileModel)
            throw new ArgumentException($"{model.GetType().Name} forecasts quantiles, which have no one squared error; score them with Losses.Pinball.", nameof(model));
        if (model is IDistributionModel distributional)
            throw new ArgumentException(
                $"{model.GetType().Name} forecasts {distributional.Distribution} parameters, which have no one squared error; score them with Losses.NegativeLogLikelihood " +
                "(or the squared error of Distributions.Mean).", nameof(model));
        double sum = 0;
        long values = 0;
        InEvalBatches(model, data, batchSize, cancellationToken, (_, index, output) =>
        {
            Tensor targets = data.Targets(index);
            CheckOutput(model, output, targets);
            sum += (output - targets).square().sum().to(ScalarType.Float64).item<double>();
            values += targets.numel();
        });
        return sum / values;
    }

    /// <summary>
    /// The loss the model declares for a batch: the pinball loss over its levels for a quantile model
    /// (<see cref="IQuantileModel"/>), the negative log-likelihood for a distribution model
    /// (<see cref="IDistributionModel"/>), the mean squared error otherwise.
    /// </summary>
    private static Tensor LossOf(nn.Module model, Tensor output, Tensor targets)
    {
        CheckOutput(model, output, targets);
        return model switch
        {
            IQuantileModel quantile => Losses.Pinball(output, targets, quantile.Quantiles),
            IDistributionModel distributional => Losses.NegativeLogLikelihood(output, targets, distributional.Distribution),
            _ => nn.functional.mse_loss(output, targets),
        };
    }

    /// <summary>The model's loss (<see cref="LossOf"/>) over every validation window, in eval mode.</summary>
    private static double ValidationLoss<TInput>(nn.Module<TInput, Tensor> model, ForecastData<TInput> data, int batchSize, CancellationToken cancellationToken)
    {
        if (model is not (IQuantileModel or IDistributionModel)) return MeanSquaredError(model, data, batchSize, cancellationToken);
        double sum = 0;
        InEvalBatches(model, data, batchSize, cancellationToken, (_, index, output) =>
            sum += LossOf(model, output, data.Targets(index)).to(ScalarType.Float64).item<double>() * index.shape[0]);
        return sum / data.Count;
    }

    /// <summary>
    /// Runs the model on every window in order, <paramref name="batchSize"/> at a time, in eval mode without gradients,
    /// and hands each batch's first window number, window numbers and output to <paramref name="each"/> inside the batch's
    /// dispose scope; the model's mode is restored after.
    /// </summary>
    private static void InEvalBatches<TInput>(nn.Module<TInput, Tensor> model, ForecastData<TInput> data, int batchSize, CancellationToken cancellationToken,
        Action<long, Tensor, Tensor> each)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"A batch holds at least one window; got {batchSize}.");
        bool training = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (long start = 0; start < data.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                Tensor index = arange(start, Math.Min(start + batchSize, data.Count), dtype: ScalarType.Int64, device: data.Windows.Device);
                each(start, index, model.call(data.Input(data.Windows, index)));
            }
        }
        finally
        {
            model.train(training);
        }
    }

    private static double LearningRateOf(TrainingOptions options, int epoch, double current) => options.Schedule switch
    {
        LearningRateSchedule.Cosine => options.LearningRate * (0.01 + 0.99 * 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / Math.Max(1, options.Epochs - 1)))),
        LearningRateSchedule.ReduceOnPlateau => current,
        _ => options.LearningRate,
    };

    private static void CheckOutput(nn.Module model, Tensor output, Tensor targets)
    {
        // A quantile or distribution model's output has one more dimension, its levels or parameters: [batch, horizon, targets, Q or P].
        (int Count, string What)? extra = model switch
        {
            IQuantileModel quantile => (quantile.Quantiles.Count, "quantile levels"),
            IDistributionModel distributional => (Distributions.ParameterNames(distributional.Distribution).Count, $"{distributional.Distribution} parameters"),
            _ => null,
        };
        if (extra is { } last)
        {
            if (output.shape.SequenceEqual([.. targets.shape, last.Count])) return;
            throw new ArgumentException(
                $"{model.GetType().Name} outputs [{string.Join(", ", output.shape)}] for a batch, but its windows' targets are [{string.Join(", ", targets.shape)}] " +
                $"([batch, horizon, target columns]), which with its {last.Count} {last.What} needs [{string.Join(", ", targets.shape.Append(last.Count))}]; " +
                "cut the windows with the model's horizon and targets.", nameof(model));
        }
        if (output.shape.SequenceEqual(targets.shape)) return;
        throw new ArgumentException(
            $"{model.GetType().Name} outputs [{string.Join(", ", output.shape)}] for a batch, but its windows' targets are [{string.Join(", ", targets.shape)}] " +
            "([batch, horizon, target columns]); cut the windows with the model's horizon and targets.", nameof(model));
    }

    private static Dictionary<string, Tensor> Snapshot(nn.Module model)
    {
        var copy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var noGrad = no_grad();
        foreach ((string name, Tensor value) in model.state_dict()) copy[name] = value.clone().DetachFromDisposeScope();
        return copy;
    }

    private static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (Tensor t in tensors.Values) t.Dispose();
    }
}
