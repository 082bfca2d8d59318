using System;
using System.Linq;
using TorchSharp;

namespace ModelGen.Tests;

public class VariantModelTests
{
    [Fact]
    public void Recurrent_output_reshaped_by_Output_runs()
    {
        using var model = new GruReshaped();
        using var scope = torch.NewDisposeScope();

        torch.Tensor y = model.forward(torch.randn(4, 10, 3));

        Assert.Equal([4L, 320], y.shape);
    }

    [Fact]
    public void Stacked_grus_without_bias_have_PyTorchs_parameters_and_run()
    {
        using var model = new StackedGrus();
        using var scope = torch.NewDisposeScope();

        string[] names = model.named_parameters().Select(p => p.name).ToArray();
        torch.Tensor y = model.forward(torch.randn(3, 10, 3));

        Assert.Equal(["first.weight_ih_l0", "first.weight_hh_l0", "first.bias_ih_l0", "first.bias_hh_l0",
                      "second.weight_ih_l0", "second.weight_hh_l0", "head.weight"], names);
        Assert.Equal([3L, 5, 1], y.shape);
        Assert.Equal(model.parameters().Sum(p => p.numel()), StackedGrus.Summary(1).TotalParameters);
    }

    [Fact]
    public void Layers_on_auto_properties_are_registered_under_the_property_name()
    {
        using var model = new LinearOnly();
        using var scope = torch.NewDisposeScope();

        torch.Tensor y = model.forward(torch.randn(2, 6));

        Assert.Equal(["hidden.weight", "hidden.bias", "Output.weight", "Output.bias"], model.state_dict().Keys);
        Assert.Equal([2L, 1], y.shape);
    }

    [Fact]
    public void Model_runs_after_moving_to_another_dtype()
    {
        using var model = new MyModel();
        using var scope = torch.NewDisposeScope();

        model.to(torch.float64);
        torch.Tensor y = model.forward(torch.randn(2, 10, 3, dtype: torch.float64));

        Assert.Equal(torch.float64, y.dtype);
        Assert.Equal([2L, 5, 1], y.shape);
    }

    [Fact]
    public void Summary_counts_beyond_64_bits_are_a_batch_size_error()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.ForBatch(long.MaxValue / 2, 3, "Huge"));

        Assert.Equal("batchSize", error.ParamName);
        Assert.Contains("do not fit in 64 bits", error.Message);
    }
}

public class SummaryVerificationTests
{
    [Fact]
    public void A_summary_that_does_not_match_the_module_is_reported_layer_by_layer()
    {
        using var model = new ModelGen.Catalogue.AutoregressiveForecaster();
        ModelSummary real = ModelGen.Catalogue.AutoregressiveForecaster.Summary(2);
        // The seed model's summary describes a different module: every difference must be reported.
        ModelSummary wrong = MyModel.Summary(2);

        SummaryVerification verification = model.VerifySummary(new ModelSummary(real.ModelName, 2, real.InputShape, real.OutputShape,
            [.. real.Layers.Select(l => l.Name == "head.readout"
                ? new LayerSummary(l.Name, l.TypeName, l.Depth, l.DepthIndex, l.InputShape, [2, 7], l.Parameters + 1, l.TrainableParameters, l.MultAdds)
                : l)]));

        Assert.False(verification.Matches);
        Assert.Contains(verification.Differences, d => d is { Layer: "head.readout", Property: "output shape", Expected: "[2, 7]", Actual: "[2, 1]" });
        Assert.Contains(verification.Differences, d => d is { Layer: "head.readout", Property: "parameters" });
        Assert.Contains(verification.Differences, d => d is { Layer: "head", Property: "parameters" });
        Assert.Contains("head.readout: output shape is [2, 1], the summary says [2, 7]", verification.ToString());
        Assert.False(model.VerifySummary(wrong).Matches);
    }
}

public class CausalConvolutionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(11)]
    public void A_change_at_one_input_step_moves_that_step_and_later_ones_only(int changed)
    {
        using var model = new CausalSequence();
        using var scope = torch.NewDisposeScope();
        model.eval();
        torch.manual_seed(7);
        torch.Tensor x = torch.randn(2, 12, 2);
        torch.Tensor nudged = x.clone();
        nudged[.., changed, ..] += 1.0f;

        torch.Tensor moved;
        using (torch.no_grad()) moved = model.forward(nudged).sub(model.forward(x)).abs().amax([0, 2]);
        float[] perStep = moved.data<float>().ToArray();

        // Receptive field: (3 − 1)·1 + (2 − 1)·3 = 5 steps back, so steps changed..changed+5 move and no earlier one.
        for (int t = 0; t < 12; t++)
        {
            if (t < changed || t > changed + 5) Assert.True(perStep[t] == 0, $"step {t} moved by {perStep[t]} after a change at step {changed}");
            else if (t == changed) Assert.True(perStep[t] > 0, $"step {t} did not move after a change at step {changed}");
        }
    }
}

public class DeclarationVariantTests
{
    [Fact]
    public void A_model_nested_in_partial_types_runs_and_registers_its_layers()
    {
        using var model = new Experiments<int>.Runs.Nested();
        using var scope = torch.NewDisposeScope();

        torch.Tensor y = model.forward(torch.randn(5, 6, 2));

        Assert.Equal([5L, 3], y.shape);
        Assert.Equal(["encoder", "head"], model.named_children().Select(c => c.name));
        Assert.Equal(model.parameters().Sum(p => p.numel()), Experiments<int>.Runs.Nested.Summary(1).TotalParameters);
    }

    [Theory]
    [InlineData(torch.ScalarType.Float64, "input.to(torch.float32), or move the model with model.to(torch.float64)")]
    [InlineData(torch.ScalarType.Int64, "input.to(torch.float32).")]
    public void An_input_of_another_element_type_is_an_ArgumentException_naming_both(torch.ScalarType type, string advice)
    {
        using var model = new MyModel();
        using var scope = torch.NewDisposeScope();
        torch.Tensor input = torch.ones(2, 10, 3).to(type);

        var error = Assert.Throws<ArgumentException>(() => model.forward(input));

        Assert.Contains("MyModel's parameters are Float32", error.Message);
        Assert.Contains($"the input is {type}", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void A_model_moved_to_float64_takes_float64_and_refuses_float32()
    {
        using var model = new MyModel();
        using var scope = torch.NewDisposeScope();
        model.to(torch.float64);

        torch.Tensor y = model.forward(torch.randn(2, 10, 3, dtype: torch.float64));

        Assert.Equal(torch.ScalarType.Float64, y.dtype);
        Assert.Contains("parameters are Float64", Assert.Throws<ArgumentException>(() => model.forward(torch.randn(2, 10, 3))).Message);
    }
}

public class StepSelectedConvolutionTests
{
    [Fact]
    public void A_convolution_reads_the_selected_step_of_a_rank_3_input()
    {
        using var model = new ModelGen.Tests.OnnxTraps.StepThenConvolution();
        using var scope = torch.NewDisposeScope();
        model.eval();
        torch.Tensor x = torch.randn(2, 2, 10, 3);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        torch.Tensor actual;
        using (torch.no_grad()) actual = model.forward(x);

        // Written out: step 1, channels first, padded 4 steps on the left, dilation 2, ReLU, back to step-major.
        torch.Tensor expected = torch.nn.functional.relu(torch.nn.functional.conv1d(
            torch.nn.functional.pad(x.select(1, 1).transpose(1, 2), (4L, 0L)), parameters["conv.weight"], parameters["conv.bias"], dilation: 2)).transpose(1, 2);
        Assert.Equal([2L, 10, 4], actual.shape);
        Assert.True((actual - expected).abs().max().item<float>() < 1e-6f);
    }
}
