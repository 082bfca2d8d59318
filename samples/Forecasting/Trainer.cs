using System;
using System.Collections.Generic;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Forecasting;

/// <summary>
/// Mini-batch training with Adam and MSE, keeping the weights of the best validation epoch.
/// <paramref name="trainingForward"/> computes predictions while training from the inputs, the true
/// targets and the teacher forcing ratio of the epoch (scheduled sampling: from 1 down to 0 over the
/// first 70% of epochs; heads that feed nothing back ignore it).
/// </summary>
internal sealed class Trainer(nn.Module<Tensor, Tensor> model, Func<Tensor, Tensor, double, Tensor> trainingForward, double learningRate, int batchSize, int seed)
{
    public sealed record Epoch(int Number, double TrainLoss, double ValidationLoss, double TeacherForcing, TimeSpan Elapsed);

    public IReadOnlyList<Epoch> Fit(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY, int epochs, Action<Epoch> progress)
    {
        using var optimizer = optim.Adam(model.parameters(), lr: learningRate);
        using var lossFunction = nn.MSELoss();
        var generator = new Generator((ulong)seed);
        var history = new List<Epoch>();
        Dictionary<string, Tensor>? best = null;
        double bestValidation = double.PositiveInfinity;
        long count = trainX.shape[0];

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
                    Tensor x = trainX.index_select(0, index), y = trainY.index_select(0, index);
                    optimizer.zero_grad();
                    Tensor loss = lossFunction.call(trainingForward(x, y, teacherForcing), y);
                    loss.backward();
                    optimizer.step();
                    sum += loss.item<float>() * index.shape[0];
                }
            }
            double validation = Evaluate(validX, validY, lossFunction);
            var result = new Epoch(epoch, sum / count, validation, teacherForcing, clock.Elapsed);
            history.Add(result);
            progress(result);

            if (validation < bestValidation)
            {
                bestValidation = validation;
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
    public Tensor Predict(Tensor x)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += 1024)
            parts.Add(model.call(x.slice(0, start, Math.Min(start + 1024, x.shape[0]), 1)));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    private double Evaluate(Tensor x, Tensor y, nn.Module<Tensor, Tensor, Tensor> lossFunction)
    {
        using var scope = NewDisposeScope();
        return lossFunction.call(Predict(x), y).item<float>();
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
