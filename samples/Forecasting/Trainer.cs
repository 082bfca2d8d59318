using System;
using System.Collections.Generic;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Forecasting;

/// <summary>
/// Mini-batch training with Adam and MSE, keeping the weights of the best validation epoch. The trainer sees a
/// set of windows as a <see cref="Windows"/>: its targets and how the model makes its output for the windows an
/// index picks, so models with one input tensor and models with named inputs train the same way.
/// </summary>
internal sealed class Trainer(nn.Module model, double learningRate, int batchSize, int seed)
{
    public sealed record Epoch(int Number, double TrainLoss, double ValidationLoss, double TeacherForcing, TimeSpan Elapsed);

    /// <summary>
    /// A set of windows: their targets (<c>[windows, horizon, targets]</c>), and the model's output for the windows an
    /// int64 index picks, while training (<see cref="TrainingForward"/>, given those windows' true targets and the teacher
    /// forcing ratio of the epoch: scheduled sampling from 1 down to 0 over the first 70% of epochs; heads that feed
    /// nothing back ignore it) and in eval mode (<see cref="Forward"/>, the model feeding back its own predictions).
    /// </summary>
    public sealed record Windows(Tensor Targets, Func<Tensor, Tensor, double, Tensor> TrainingForward, Func<Tensor, Tensor> Forward)
    {
        public long Count => Targets.shape[0];

        /// <summary>The windows of a model with one input tensor: <paramref name="inputs"/> <c>[windows, steps, features]</c>.</summary>
        public static Windows Of(Tensor inputs, Tensor targets, nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, double, Tensor> trainingForward) =>
            new(targets, (index, y, teacherForcing) => trainingForward(inputs.index_select(0, index), y, teacherForcing), index => model.call(inputs.index_select(0, index)));
    }

    public IReadOnlyList<Epoch> Fit(Windows train, Windows validation, int epochs, Action<Epoch> progress)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        using var lossFunction = nn.MSELoss();
        var generator = new Generator((ulong)seed);
        var history = new List<Epoch>();
        Dictionary<string, Tensor>? best = null;
        double bestValidation = double.PositiveInfinity;
        long count = train.Count;

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double teacherForcing = Math.Max(0, 1 - (epoch - 1) / (0.7 * epochs));
            model.train();
            double sum = 0;
            using (Tensor order = randperm(count, generator: generator))
            {
                for (long start = 0; start < count; start += batchSize)
                {
                    // Everything made in a step is freed at its end; native memory stays flat across epochs.
                    using var scope = NewDisposeScope();
                    Tensor index = order.slice(0, start, Math.Min(start + batchSize, count), 1);
                    Tensor y = train.Targets.index_select(0, index);
                    optimizer.zero_grad();
                    Tensor loss = lossFunction.call(train.TrainingForward(index, y, teacherForcing), y);
                    loss.backward();
                    optimizer.step();
                    sum += loss.item<float>() * index.shape[0];
                }
            }
            double validationLoss = Evaluate(validation, lossFunction);
            var result = new Epoch(epoch, sum / count, validationLoss, teacherForcing, clock.Elapsed);
            history.Add(result);
            progress(result);

            if (validationLoss < bestValidation)
            {
                bestValidation = validationLoss;
                DisposeAll(best);
                best = Snapshot();
            }
        }

        if (best is not null)
        {
            model.load_state_dict(best);
            DisposeAll(best);
        }
        return history;
    }

    /// <summary>Predictions in eval mode (the model feeds back its own predictions), in batches of 1024.</summary>
    public Tensor Predict(Windows windows)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < windows.Count; start += 1024)
            parts.Add(windows.Forward(arange(start, Math.Min(start + 1024, windows.Count), dtype: ScalarType.Int64)));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private double Evaluate(Windows windows, nn.Module<Tensor, Tensor, Tensor> lossFunction)
    {
        using var scope = NewDisposeScope();
        return lossFunction.call(Predict(windows), windows.Targets).item<float>();
    }

    private Dictionary<string, Tensor> Snapshot()
    {
        var copy = new Dictionary<string, Tensor>();
        using var noGrad = no_grad();
        foreach ((string name, Tensor value) in model.state_dict()) copy[name] = value.clone().DetachFromDisposeScope();
        return copy;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (Tensor t in tensors.Values) t.Dispose();
    }
}
