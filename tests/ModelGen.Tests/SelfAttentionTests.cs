using System;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// The runtime's self-attention on its own: bad arguments are refused with the value and what is expected, which input
/// steps each output step reads (every step, or causal, those up to it), and dropout on the attention weights only while
/// training. PyTorch's numbers are the catalogue's (SelfAttentionForecaster, against PyTorch's nn.MultiheadAttention).
/// </summary>
[Collection(GlobalRandomState.Name)]
public class SelfAttentionTests
{
    [Fact]
    public void A_head_count_that_does_not_divide_the_width_is_refused_with_both()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SelfAttention(16, 3));

        Assert.Equal("numHeads", error.ParamName);
        Assert.Contains("embedDim = 16", error.Message);
        Assert.Equal(3, error.ActualValue);
    }

    [Fact]
    public void An_input_of_another_width_is_refused_with_its_shape()
    {
        using var layer = new SelfAttention(8, 2);
        using Tensor input = zeros(2, 5, 6);

        var error = Assert.Throws<ArgumentException>(() => layer.call(input));

        Assert.Contains("[batch, steps, 8]", error.Message);
        Assert.Contains("[2, 5, 6]", error.Message);
    }

    [Fact]
    public void Its_state_dict_is_PyTorchs()
    {
        using var layer = new SelfAttention(8, 2);

        Assert.Equal(["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"], layer.state_dict().Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_output_step_reads_every_input_step_or_causal_those_up_to_it(bool causal)
    {
        manual_seed(23);
        using var layer = new SelfAttention(8, 2, causal: causal);
        layer.eval();
        AssertStepsRead(layer, steps: 6, width: 8, causal);
    }

    /// <summary>
    /// Changes each input step in turn (not by a constant over the features, which a LayerNorm would remove) and checks which
    /// output steps move: every one, or, causal, that step and the later ones.
    /// </summary>
    internal static void AssertStepsRead(TorchSharp.torch.nn.Module<Tensor, Tensor> layer, int steps, int width, bool causal)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor input = randn(1, steps, width);
        for (int changed = 0; changed < steps; changed++)
        {
            Tensor other = input.clone();
            other[0, changed] += randn(width);
            Tensor difference = layer.call(other).sub(layer.call(input)).abs().amax(new long[] { 0, 2 });
            for (int step = 0; step < steps; step++)
            {
                bool reads = !causal || changed <= step;
                float moved = difference[step].item<float>();
                Assert.True(reads ? moved > 1e-4f : moved == 0f,
                    $"output step {step} {(reads ? "should" : "should not")} read input step {changed}; it moved by {moved}");
            }
        }
    }

    [Fact]
    public void Dropout_acts_on_the_attention_weights_while_training_only()
    {
        manual_seed(29);
        using var layer = new SelfAttention(8, 2, dropout: 0.5);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor input = randn(4, 6, 8);

        layer.eval();
        Tensor first = layer.call(input), second = layer.call(input);
        layer.train();
        Tensor trained = layer.call(input);

        Assert.Equal(0f, first.sub(second).abs().max().item<float>());
        Assert.True(trained.sub(first).abs().max().item<float>() > 1e-3f, "dropout 0.5 changed nothing while training");
    }
}
