using System;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class TrainingTests
{
    /// <summary>A seasonal series with a driving feature: predictable, but not by repeating the last value.</summary>
    private static float[,] SeasonalSeries(int length, int seed)
    {
        var random = new Random(seed);
        var series = new float[length, 3];
        for (int t = 0; t < length; t++)
        {
            double phase = 2 * Math.PI * t / 12.0;
            series[t, 1] = (float)Math.Cos(phase);
            series[t, 2] = (float)(random.NextDouble() - 0.5);
            series[t, 0] = (float)(Math.Sin(phase) + 0.1 * series[t, 2]);
        }
        return series;
    }

    [Fact]
    public void Short_training_run_lowers_the_loss_and_beats_repeating_the_last_value()
    {
        manual_seed(1);
        var split = ChronologicalSplit.ByFraction(1200, 0.8, 0.0);
        (WindowSet train, _, WindowSet test) = split.Windows(SeasonalSeries(1200, seed: 1), 10, 5, [0]);
        using var model = new MyModel();
        using var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        using var scope = NewDisposeScope();
        (Tensor x, Tensor y) = train.ToTensors();

        double firstLoss = double.NaN, lastLoss = double.NaN;
        for (int epoch = 0; epoch < 15; epoch++)
        {
            for (long start = 0; start < x.shape[0]; start += 64)
            {
                using var step = NewDisposeScope();
                long end = Math.Min(start + 64, x.shape[0]);
                optimizer.zero_grad();
                Tensor loss = nn.functional.mse_loss(model.forward(x.slice(0, start, end, 1)), y.slice(0, start, end, 1));
                loss.backward();
                optimizer.step();
                lastLoss = loss.item<float>();
                if (double.IsNaN(firstLoss)) firstLoss = lastLoss;
            }
        }

        (Tensor testX, _) = test.ToTensors();
        float[] predicted;
        model.eval();
        using (no_grad()) predicted = model.forward(testX).data<float>().ToArray();
        double modelMse = ForecastMetrics.MeanSquaredErrorPerStep(predicted, test.Targets, 5, 1).Average();
        double naiveMse = ForecastMetrics.MeanSquaredErrorPerStep(test.RepeatLastValue(), test.Targets, 5, 1).Average();

        Assert.True(lastLoss < firstLoss / 4, $"loss went from {firstLoss} to {lastLoss}");
        Assert.True(modelMse < naiveMse / 4, $"test MSE {modelMse} vs repeat-last {naiveMse}");
    }
}
