using System;
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
