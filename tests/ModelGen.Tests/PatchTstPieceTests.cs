using System;
using System.Linq;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// PatchTST's pieces in the runtime on their own: which steps each patch holds, the sinusoids' values, RevIN's round trip
/// and its statistics, and bad arguments refused with what was found. PyTorch's numbers are the catalogue's (PatchTst,
/// PatchCovariates and AttentionForecaster against hand-written PyTorch).
/// </summary>
public class PatchTstPieceTests
{
    [Fact]
    public void A_patch_holds_its_steps_feature_by_feature_and_end_padding_repeats_the_last_step()
    {
        using var scope = NewDisposeScope();
        // Feature 0 counts the steps 0..9, feature 1 is 100 more.
        Tensor steps = arange(10, dtype: float32);
        Tensor input = stack([steps, steps + 100], 1).unsqueeze(0);

        Tensor patches = new Patching(4, 3, padEnd: true).call(input);

        Assert.Equal(new long[] { 1, 4, 8 }, patches.shape); // (10 − 4) / 3 + 1 = 3, and one more from the padding
        Assert.Equal(new float[] { 3, 4, 5, 6, 103, 104, 105, 106 }, patches[0, 1].data<float>().ToArray());
        Assert.Equal(new float[] { 9, 9, 9, 9, 109, 109, 109, 109 }, patches[0, 3].data<float>().ToArray()); // steps 9, 10, 11, 12: the last repeated
        Assert.Equal(3, new Patching(4, 3).PatchCount(10));
    }

    [Fact]
    public void A_sequence_shorter_than_a_patch_is_refused_with_its_shape()
    {
        using Tensor input = zeros(2, 3, 1);
        var error = Assert.Throws<ArgumentException>(() => new Patching(4, 2).call(input));

        Assert.Contains("at least 4 steps", error.Message);
        Assert.Contains("[2, 3, 1]", error.Message);
    }

    [Fact]
    public void The_sinusoids_are_sine_on_even_features_and_cosine_on_odd_ones()
    {
        using Tensor weight = PositionalEmbedding.Sinusoids(5, 6);

        Assert.Equal(MathF.Sin(3f), weight[3, 0].item<float>(), 6);
        Assert.Equal(MathF.Cos(3f), weight[3, 1].item<float>(), 6);
        Assert.Equal((float)Math.Sin(4 / Math.Pow(10000, 4 / 6.0)), weight[4, 4].item<float>(), 6);
        Assert.Equal((float)Math.Cos(4 / Math.Pow(10000, 4 / 6.0)), weight[4, 5].item<float>(), 6);
    }

    [Fact]
    public void Sinusoids_are_not_parameters_nor_in_the_state_dict_and_a_learned_embedding_is()
    {
        using var fixedPositions = new PositionalEmbedding(5, 6, PositionalEncoding.Sinusoidal);
        using var learned = new PositionalEmbedding(5, 6);

        Assert.Empty(fixedPositions.parameters());
        Assert.Empty(fixedPositions.state_dict());
        Assert.Equal(["weight"], learned.state_dict().Keys);
        Assert.InRange(learned.Weight.abs().max().item<float>(), 0f, 0.02f);
    }

    [Fact]
    public void An_input_of_other_steps_is_refused_by_the_embedding()
    {
        using var position = new PositionalEmbedding(5, 6);
        using Tensor input = zeros(1, 4, 6);
        var error = Assert.Throws<ArgumentException>(() => position.call(input));

        Assert.Contains("[batch, 5, 6]", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RevIN_maps_the_normalised_window_back_to_the_window(bool affine)
    {
        using var scope = NewDisposeScope();
        Tensor window = randn(4, 12, 2) * 5 + 20;
        using var revin = new RevIN(2, [0, 1], affine);
        if (affine)
        {
            using (no_grad())
            {
                revin.parameters().First().copy_(tensor(new float[] { 1.5f, 0.5f }));
                revin.parameters().Last().copy_(tensor(new float[] { 0.2f, -0.3f }));
            }
        }
        (Tensor mean, Tensor deviation) = RevIN.Statistics(window, 1e-5);

        Tensor normalised = revin.call(window, mean, deviation, false);
        Tensor back = revin.call(normalised, mean, deviation, true);

        if (!affine)
        {
            // Each sample's features have mean 0 and (biased) standard deviation 1 over the steps, up to eps.
            Assert.True(normalised.mean([1]).abs().max().item<float>() < 1e-5f);
            Assert.True(normalised.std(1, unbiased: false).sub(1).abs().max().item<float>() < 1e-4f);
        }
        Assert.True(back.sub(window).abs().max().item<float>() < 1e-4f, "RevIN's inverse is not the normalisation's");
    }

    [Fact]
    public void RevIN_maps_a_forecast_back_with_its_targets_statistics_only()
    {
        using var scope = NewDisposeScope();
        Tensor window = stack([full(6, 10f), arange(6, dtype: float32) * 100], 1).unsqueeze(0); // feature 0 constant, feature 1 wide
        using var revin = new RevIN(2, [1]);
        (Tensor mean, Tensor deviation) = RevIN.Statistics(window, 1e-5);

        Tensor forecast = revin.call(ones(1, 3, 1), mean, deviation, true);

        // One standard deviation above feature 1's mean (250, σ ≈ 170.78): feature 0's statistics would give ≈ 10.
        float expected = 250f + (float)Math.Sqrt(Enumerable.Range(0, 6).Select(i => Math.Pow(100 * i - 250, 2)).Average() + 1e-5);
        Assert.Equal(expected, forecast[0, 2, 0].item<float>(), 2);
    }

    [Fact]
    public void RevIN_refuses_targets_that_are_not_features_and_a_forecast_of_other_features()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RevIN(2, [2]));
        Assert.Equal("targets", error.ParamName);

        using var scope = NewDisposeScope();
        using var revin = new RevIN(2, [0]);
        (Tensor mean, Tensor deviation) = RevIN.Statistics(zeros(1, 4, 2), 1e-5);
        var shape = Assert.Throws<ArgumentException>(() => revin.call(zeros(1, 3, 2), mean, deviation, true));
        Assert.Contains("[batch, horizon, 1]", shape.Message);
    }
}
