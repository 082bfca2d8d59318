using System;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// The runtime's transformer layer on its own: bad arguments are refused with the value and what is expected, and which
/// input steps each output step reads (every step, or with a causal mask, those up to it). PyTorch's numbers are the
/// catalogue's (AttentionForecaster: pre-norm with GELU, post-norm and causal, against PyTorch's own module).
/// </summary>
[Collection(GlobalRandomState.Name)]
public class TransformerLayerTests
{
    [Fact]
    public void A_head_count_that_does_not_divide_the_width_is_refused_with_both()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerLayer(16, 3));

        Assert.Equal("nHead", error.ParamName);
        Assert.Contains("dModel = 16", error.Message);
        Assert.Equal(3, error.ActualValue);
    }

    [Theory]
    [InlineData(0.1, 0.0)]
    [InlineData(1.5, 1e-5)]
    public void A_dropout_or_epsilon_out_of_range_is_refused(double dropout, double eps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TransformerLayer(8, 2, 16, dropout, layerNormEps: eps));

        Assert.Equal(dropout > 1 ? "dropout" : "layerNormEps", error.ParamName);
    }

    [Fact]
    public void An_input_of_another_width_is_refused_with_its_shape()
    {
        using var layer = new TransformerLayer(8, 2, 16);
        using Tensor input = zeros(2, 5, 6);

        var error = Assert.Throws<ArgumentException>(() => layer.call(input));

        Assert.Contains("[batch, steps, 8]", error.Message);
        Assert.Contains("[2, 5, 6]", error.Message);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Each_output_step_reads_every_input_step_or_with_a_causal_mask_those_up_to_it(bool causal, bool normFirst)
    {
        manual_seed(17);
        using var layer = new TransformerLayer(8, 2, 16, causal: causal, normFirst: normFirst);
        layer.eval();
        SelfAttentionTests.AssertStepsRead(layer, steps: 6, width: 8, causal);
    }
}
