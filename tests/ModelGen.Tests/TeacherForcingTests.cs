using System;
using ModelGen.Catalogue;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class TeacherForcingTests
{
    private static float MaxDifference(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();

    [Fact]
    public void Ratio_one_feeds_every_step_the_true_previous_value_while_training()
    {
        manual_seed(5);
        using var model = new AutoregressiveForecaster();
        using var scope = NewDisposeScope();
        Tensor input = randn(4, 10, 3), targets = randn(4, 5, 1);
        model.train();

        Tensor forced = model.TrainingForward(input, targets, teacherForcingRatio: 1.0);
        // The same decode with each fed-back prediction replaced by the truth, through the feedback hook.
        Tensor expected = model.Forecast(input, (step, _) => targets.select(1, step));
        Tensor free = model.forward(input);

        Assert.True(MaxDifference(forced, expected) < 1e-6f);
        Assert.True(MaxDifference(forced, free) > 1e-4f, "feeding the truth must change later steps");
        Assert.True(MaxDifference(forced.select(1, 0), free.select(1, 0)) < 1e-6f, "the first step is fed the same input either way");
    }

    [Fact]
    public void Ratio_one_feeds_every_later_DirRec_step_the_true_earlier_values_while_training()
    {
        manual_seed(6);
        using var model = new DirRecForecaster();
        using var scope = NewDisposeScope();
        Tensor input = randn(4, 8, 2), targets = randn(4, 3, 2);
        model.train();

        Tensor forced = model.TrainingForward(input, targets, teacherForcingRatio: 1.0);
        Tensor expected = model.Forecast(input, (step, _) => targets.select(1, step));
        Tensor free = model.forward(input);

        Assert.True(MaxDifference(forced, expected) < 1e-6f);
        Assert.True(MaxDifference(forced.select(1, 1), free.select(1, 1)) > 1e-4f, "step 2 must read the true step 1, not the prediction");
        Assert.True(MaxDifference(forced.select(1, 2), free.select(1, 2)) > 1e-4f, "step 3 must read the true steps 1 and 2");
        Assert.True(MaxDifference(forced.select(1, 0), free.select(1, 0)) < 1e-6f, "the first step reads only the state either way");
    }

    [Fact]
    public void A_ratio_of_a_half_feeds_the_truth_to_about_half_of_the_samples()
    {
        manual_seed(5);
        using var model = new AutoregressiveForecaster();
        using var scope = NewDisposeScope();
        Tensor input = randn(4000, 10, 3), targets = randn(4000, 5, 1);
        model.train();

        Tensor half = model.TrainingForward(input, targets, 0.5);
        Tensor forced = model.Forecast(input, (step, _) => targets.select(1, step));
        Tensor free = model.forward(input);

        // Step 2 was fed either the truth or the prediction for step 1: find which, sample by sample.
        Tensor step = half.select(1, 1).squeeze(1);
        Tensor tookTruth = (step - forced.select(1, 1).squeeze(1)).abs() < 1e-6;
        Tensor tookPrediction = (step - free.select(1, 1).squeeze(1)).abs() < 1e-6;
        Assert.True((tookTruth | tookPrediction).all().item<bool>(), "every sample was fed one or the other");
        double share = tookTruth.to_type(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, 0.45, 0.55);
    }

    [Fact]
    public void Ratio_zero_and_eval_mode_feed_the_models_own_predictions()
    {
        manual_seed(5);
        using var model = new DirRecForecaster();
        using var scope = NewDisposeScope();
        Tensor input = randn(4, 8, 2), targets = randn(4, 3, 2);

        model.train();
        Tensor ratioZero = model.TrainingForward(input, targets, 0.0);
        Tensor trainFree = model.forward(input);
        model.eval();
        Tensor evalForced = model.TrainingForward(input, targets, 1.0);
        Tensor evalFree = model.forward(input);

        Assert.True(MaxDifference(ratioZero, trainFree) < 1e-6f);
        Assert.True(MaxDifference(evalForced, evalFree) < 1e-6f, "inference never uses teacher forcing");
    }

    [Fact]
    public void Targets_of_the_wrong_shape_and_ratios_outside_0_to_1_are_rejected()
    {
        using var model = new AutoregressiveForecaster();
        using var scope = NewDisposeScope();
        Tensor input = randn(4, 10, 3);

        var shape = Assert.Throws<ArgumentException>(() => model.TrainingForward(input, randn(4, 5), 0.5));
        var ratio = Assert.Throws<ArgumentOutOfRangeException>(() => model.TrainingForward(input, randn(4, 5, 1), 1.5));

        Assert.Contains("AutoregressiveForecaster expects targets of shape [4, 5, 1]", shape.Message);
        Assert.Contains("but got [4, 5]", shape.Message);
        Assert.Contains("got 1.5", ratio.Message);
        var dtype = Assert.Throws<ArgumentException>(() => model.TrainingForward(input, randn(4, 5, 1, dtype: float64), 0.5));
        Assert.Contains("must have the input's dtype and device", dtype.Message);
    }
}
