using System;
using System.Linq;
using ModelGen.Catalogue;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// An autoregressive decoder fed future covariates (the catalogue's <see cref="FutureCovariateGru"/>, darts' RNNModel as an
/// encoder and a decoder): row t of the covariates reaches step t and the steps after it, never an earlier one; the head
/// refuses covariates it was not made for, or of another shape, naming what it expects.
/// </summary>
public class DecoderCovariateTests
{
    private static FutureCovariateInputs Inputs(Generator random, long batch = 4, Tensor? future = null) =>
        new(randn(batch, 24, 3, generator: random), future ?? randn(batch, 6, 2, generator: random),
            tensor(Enumerable.Range(0, (int)batch).Select(i => (long)(i % 5)).ToArray()));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_steps_covariates_reach_that_step_and_the_later_ones_only(int changed)
    {
        using var scope = NewDisposeScope();
        var random = new Generator(17);
        using var model = new FutureCovariateGru();
        model.eval();
        FutureCovariateInputs inputs = Inputs(random);
        Tensor future = inputs.Future.clone();
        future[TensorIndex.Colon, changed] += 1.5f;

        Tensor before = model.call(inputs), after = model.call(inputs with { Future = future });

        for (int step = 0; step < 6; step++)
        {
            double difference = (after[TensorIndex.Colon, step] - before[TensorIndex.Colon, step]).abs().max().item<float>();
            if (step < changed) Assert.Equal(0.0, difference);
            else Assert.True(difference > 1e-4, $"step {step} did not change ({difference}) when step {changed}'s covariates did");
        }
    }

    [Fact]
    public void The_head_refuses_missing_unexpected_or_misshapen_covariates()
    {
        using var scope = NewDisposeScope();
        using var fed = new AutoregressiveGruHead(hiddenSize: 4, outFeatures: 1, horizon: 3, covariateFeatures: 2);
        using var plain = new AutoregressiveGruHead(hiddenSize: 4, outFeatures: 1, horizon: 3);
        Tensor hidden = zeros(5, 4), first = zeros(5, 1);

        string missing = Assert.Throws<ArgumentException>(() => fed.Decode(hidden, first, null, 0, null)).Message;
        string misshapen = Assert.Throws<ArgumentException>(() => fed.Decode(hidden, first, null, 0, null, covariates: zeros(5, 2, 2))).Message;
        string unexpected = Assert.Throws<ArgumentException>(() => plain.Decode(hidden, first, null, 0, null, covariates: zeros(5, 3, 2))).Message;

        Assert.Contains("pass them, [batch, 3, 2]", missing);
        Assert.Contains("The covariates are [5, 2, 2]; the head expects [5, 3, 2]", misshapen);
        Assert.Contains("created without covariates", unexpected);
        Assert.Equal([5L, 3, 1], fed.Decode(hidden, first, null, 0, null, covariates: zeros(5, 3, 2)).shape);
    }
}
