using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>The probe on hand-written models whose dependence is known, including shapes no ModelGen head produces.</summary>
public class ProbeTests
{
    /// <summary>Two steps of two values: y0 = (2·f1, −2·f1) reads the prediction fed back for step 1; y1 = p1 does not.</summary>
    private sealed class BackwardsAndCancelling : IForecastModel
    {
        public int Horizon => 2;

        public Tensor Forecast(Tensor input, FeedbackHook? feedback)
        {
            Tensor p1 = input * 3;                        // [batch, 2], step 1's prediction
            Tensor f1 = feedback is null ? p1 : feedback(1, p1);
            Tensor y0 = cat([f1.narrow(1, 0, 1) * 2, f1.narrow(1, 0, 1) * -2], 1);
            return stack([y0, p1], 1);                    // [batch, 2, 2]
        }
    }

    [Fact]
    public void Dependence_on_a_later_step_is_measured_not_assumed_away()
    {
        using Tensor input = ones(3, 2);

        DependenceMatrix matrix = DependenceProbe.Measure(new BackwardsAndCancelling(), input);

        // y0's two values depend on f1's first value with weights 2 and −2: summed first, they would cancel.
        // Per value and per fed value: mean over (v, w) of |∂y0,v/∂f1,w| = (2 + 0 + 2 + 0) / 4 = 1.
        Assert.Equal(1.0, matrix[0, 1], 6);
        Assert.Equal(0.0, matrix[0, 0]);
        Assert.Equal(0.0, matrix[1, 1]);
        Assert.Equal(0.0, matrix[1, 0]);
        Assert.True(matrix.AnyConditioned);
    }

    /// <summary>
    /// Three steps of one value: each sample's input is its gain g, step 0 predicts g and step k the value fed
    /// back for step k − 1 times g, so ∂y_k/∂ŷ_(k−1) is g: of opposite signs across the batch when the gains are.
    /// </summary>
    private sealed class GainPerSample : IForecastModel
    {
        public int Horizon => 3;

        public Tensor Forecast(Tensor input, FeedbackHook? feedback)
        {
            var steps = new Tensor[Horizon];
            steps[0] = input.clone();                    // [batch, 1]
            for (int k = 1; k < Horizon; k++)
            {
                Tensor fed = feedback is null ? steps[k - 1] : feedback(k - 1, steps[k - 1]);
                steps[k] = fed * input;
            }
            return stack(steps, 1);                      // [batch, 3, 1]
        }
    }

    /// <summary>
    /// Two steps of two values: step 1 is (f0 − f1, 2·(f1 − f0)) of the two values f fed back for step 0, so
    /// across the fed values its gradients are (1, −1) and (−2, 2): they sum to zero for every sample.
    /// </summary>
    private sealed class DifferenceOfFedValues : IForecastModel
    {
        public int Horizon => 2;

        public Tensor Forecast(Tensor input, FeedbackHook? feedback)
        {
            Tensor p0 = input * 1;                       // [batch, 2], step 0's prediction
            Tensor fed = feedback is null ? p0 : feedback(0, p0);
            Tensor difference = fed.narrow(1, 0, 1) - fed.narrow(1, 1, 1);
            return stack([p0, cat([difference, difference * -2], 1)], 1); // [batch, 2, 2]
        }
    }

    [Fact]
    public void Gradients_of_opposite_signs_across_the_batch_do_not_cancel()
    {
        double[] gains = [1.5, -1.5, 0.25, -0.25];
        using Tensor input = tensor(gains.Select(g => (float)g).ToArray(), [gains.Length, 1]);

        DependenceMatrix matrix = DependenceProbe.Measure(new GainPerSample(), input);

        // ∂y_k/∂ŷ_(k−1) is each sample's gain: mean |g| = (1.5 + 1.5 + 0.25 + 0.25) / 4; the gains' mean is 0.
        double expected = gains.Select(Math.Abs).Average();
        Assert.Equal(0.875, expected);
        Assert.True(matrix.AnyConditioned, $"the probe sees no dependence\n{matrix}");
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++)
                Assert.True(j == k - 1 ? matrix[k, j] == expected : matrix[k, j] == 0,
                    $"dependence of step {k + 1} on step {j + 1}: {matrix[k, j]}, expected {(j == k - 1 ? expected : 0)}\n{matrix}");
    }

    [Fact]
    public void Gradients_that_cancel_across_the_values_fed_for_a_step_do_not_cancel()
    {
        using Tensor input = randn(5, 2);

        DependenceMatrix matrix = DependenceProbe.Measure(new DifferenceOfFedValues(), input);

        // Mean over the step's values v and the fed values w of |∂y1,v/∂f_w|: ((1 + 1) / 2 + (2 + 2) / 2) / 2 = 1.5,
        // the same for every sample; summed over w before the absolute value, each would be 0.
        Assert.Equal(1.5, matrix[1, 0]);
        Assert.Equal(0.0, matrix[0, 0]);
        Assert.Equal(0.0, matrix[0, 1]);
        Assert.Equal(0.0, matrix[1, 1]);
        Assert.True(matrix.AnyConditioned);
    }

    [Fact]
    public void A_float64_model_is_probed_too()
    {
        manual_seed(3);
        using var model = new ModelGen.Catalogue.AutoregressiveForecaster();
        model.to(float64);
        using Tensor input = randn(4, 10, 3, dtype: float64);

        DependenceMatrix matrix = DependenceProbe.Measure(model, input);

        DependenceTests.AssertEveryEntry(matrix, belowDiagonal: true);
    }
}
