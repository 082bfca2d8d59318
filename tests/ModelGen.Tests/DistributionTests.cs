using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// <see cref="Distributions"/> and <see cref="Losses.NegativeLogLikelihood"/> against PyTorch (Fixtures/distributions.json,
/// made by tests/Fixtures/make_distribution_fixtures.py with torch.distributions), and sampling by its statistics.
/// </summary>
public sealed class DistributionTests
{
    private static JsonElement Case(OutputDistribution distribution)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "distributions.json"));
        JsonElement root = JsonDocument.Parse(file).RootElement.Clone();
        return root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("distribution").GetString() == distribution.ToString());
    }

    private static Tensor Read(JsonElement array)
    {
        static void Shape(JsonElement e, System.Collections.Generic.List<long> shape)
        {
            if (e.ValueKind != JsonValueKind.Array) return;
            shape.Add(e.GetArrayLength());
            Shape(e[0], shape);
        }
        static System.Collections.Generic.IEnumerable<float> Flat(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().SelectMany(Flat) : [e.GetSingle()];
        var shape = new System.Collections.Generic.List<long>();
        Shape(array, shape);
        return tensor(Flat(array).ToArray(), [.. shape]);
    }

    // float32 holds about 7 significant digits: 1e-6 of each value's size (at least 1).
    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        float[] e = expected.data<float>().ToArray(), a = actual.data<float>().ToArray();
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-6 * Math.Max(1, Math.Abs(e[i])), $"{what} {i}: PyTorch {e[i]}, ModelGen {a[i]}");
    }

    [Theory]
    [InlineData(OutputDistribution.Normal)]
    [InlineData(OutputDistribution.StudentT)]
    [InlineData(OutputDistribution.NegativeBinomial)]
    public void The_link_and_the_negative_log_likelihood_equal_PyTorchs(OutputDistribution distribution)
    {
        JsonElement fixture = Case(distribution);
        using var scope = NewDisposeScope();
        Tensor raw = Read(fixture.GetProperty("raw")), parameters = Read(fixture.GetProperty("parameters"));
        Tensor target = Read(fixture.GetProperty("target")), nll = Read(fixture.GetProperty("nll"));

        AssertClose(parameters, Distributions.Link(distribution, raw), "parameter");
        // Element by element, then the mean over all of them.
        Tensor each = stack([.. Enumerable.Range(0, 12).Select(i =>
            Losses.NegativeLogLikelihood(parameters.reshape(12, 1, -1)[i], target.reshape(12, 1)[i], distribution))]).reshape(4, 3);
        AssertClose(nll, each, "negative log-likelihood");
        AssertClose(tensor(fixture.GetProperty("mean_nll").GetSingle()), Losses.NegativeLogLikelihood(parameters, target, distribution), "mean");
    }

    [Fact]
    public void Rescale_maps_a_location_as_a_value_a_scale_by_the_scale_and_keeps_df()
    {
        using var scope = NewDisposeScope();
        // Two windows' Student's t for one step: loc, scale, df; the windows' means 10 and -1, scales 2 and 0.5.
        Tensor parameters = tensor(new float[] { 1, 3, 5, -2, 4, 7 }).reshape(2, 1, 3);

        Tensor back = Distributions.Rescale(OutputDistribution.StudentT, parameters, tensor(new float[] { 10, -1 }).reshape(2, 1), tensor(new float[] { 2, 0.5f }).reshape(2, 1));

        Assert.Equal(new float[] { 1 * 2 + 10, 3 * 2, 5, -2 * 0.5f - 1, 4 * 0.5f, 7 }, back.data<float>().ToArray());
        Tensor normal = Distributions.Rescale(OutputDistribution.Normal, tensor(new float[] { 1, 3 }).reshape(1, 2), tensor(new float[] { 10 }), tensor(new float[] { 2 }));
        Assert.Equal(new float[] { 12, 6 }, normal.data<float>().ToArray());
    }

    [Fact]
    public void The_loss_is_differentiable_through_the_link()
    {
        using var scope = NewDisposeScope();
        Tensor raw = randn(8, 5, 2).requires_grad_(true);
        Tensor loss = Losses.NegativeLogLikelihood(Distributions.Link(OutputDistribution.Normal, raw), randn(8, 5), OutputDistribution.Normal);
        loss.backward();

        Assert.True(raw.grad is { } grad && grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Bad_input_is_an_argument_exception_naming_it()
    {
        using var scope = NewDisposeScope();
        Tensor normal = Distributions.Link(OutputDistribution.Normal, randn(2, 5, 2));

        Assert.Contains("The prediction is [2, 5, 2] and the target [2, 4], for Normal's 2 parameters: expected a prediction of the target's shape with a last dimension of 2, [2, 4, 2]",
            Assert.Throws<ArgumentException>(() => Losses.NegativeLogLikelihood(normal, zeros(2, 4), OutputDistribution.Normal)).Message);
        Assert.Contains("StudentT has 3 parameters (loc, scale, df) in a last dimension, but the tensor is [2, 5, 2]",
            Assert.Throws<ArgumentException>(() => Losses.NegativeLogLikelihood(normal, zeros(2, 5), OutputDistribution.StudentT)).Message);
        Tensor counts = tensor(new float[] { 3, 0, -2, 1, 4 }).reshape(1, 5);
        Tensor nb = Distributions.Link(OutputDistribution.NegativeBinomial, randn(1, 5, 2));
        Assert.Contains("the target holds -2 at flat index 2; expected whole counts of 0 or more",
            Assert.Throws<ArgumentException>(() => Losses.NegativeLogLikelihood(nb, counts, OutputDistribution.NegativeBinomial)).Message);
        Assert.Contains("the target holds 1.5 at flat index 1; expected whole counts",
            Assert.Throws<ArgumentException>(() => Losses.NegativeLogLikelihood(nb, tensor(new float[] { 3, 1.5f, 2, 1, 4 }).reshape(1, 5), OutputDistribution.NegativeBinomial)).Message);
        Assert.Contains("Expected samples [..., paths] with at least one path",
            Assert.Throws<ArgumentException>(() => Distributions.QuantilesOf(tensor(1f), [0.5])).Message);
        Assert.Contains("A Normal head feeds back the mean, its parameter 0; got 1",
            Assert.Throws<ArgumentOutOfRangeException>(() => new AutoregressiveGruHead(8, 1, 3, levels: 2, fedLevel: 1, distribution: OutputDistribution.Normal)).Message);
        Assert.Contains("Draw at least one path; got 0",
            Assert.Throws<ArgumentException>(() => Distributions.Sample(OutputDistribution.Normal, normal, 0)).Message);
        Assert.Contains("None is not a distribution; expected Normal, StudentT or NegativeBinomial",
            Assert.Throws<ArgumentException>(() => Distributions.Link(OutputDistribution.None, normal)).Message);
        Assert.Contains("9 is not a distribution",
            Assert.Throws<ArgumentException>(() => Distributions.ParameterNames((OutputDistribution)9)).Message);
    }

    /// <summary>
    /// The mean and variance of many sampled paths against the distribution's. Bounds are five standard errors,
    /// derived from the samples: the mean's is √(s² / n); the variance's √((m₄ − s⁴) / n), with m₄ the samples' fourth
    /// central moment.
    /// </summary>
    [Theory]
    [InlineData(OutputDistribution.Normal, new float[] { 3, 2 }, 3.0, 4.0)]
    [InlineData(OutputDistribution.StudentT, new float[] { 1, 2, 10 }, 1.0, 4.0 * 10 / 8)]          // scale² · df / (df − 2)
    [InlineData(OutputDistribution.NegativeBinomial, new float[] { 6, 0.3f }, 6.0, 6 + 0.3 * 36)]  // mean + dispersion · mean²
    public void Sampled_paths_have_the_distributions_mean_and_variance(OutputDistribution distribution, float[] parameters, double mean, double variance)
    {
        const int paths = 200_000;
        using var scope = NewDisposeScope();
        var generator = new Generator(16);
        Tensor samples = Distributions.Sample(distribution, tensor(parameters).reshape(1, 1, -1), paths, generator);

        Assert.Equal([1, 1, paths], samples.shape);
        double[] x = [.. samples.flatten().data<float>().ToArray().Select(v => (double)v)];
        double m = x.Average(), s2 = x.Sum(v => (v - m) * (v - m)) / (paths - 1), m4 = x.Sum(v => Math.Pow(v - m, 4)) / paths;
        Assert.True(Math.Abs(m - mean) <= 5 * Math.Sqrt(s2 / paths), $"mean {m}, expected {mean} ± {5 * Math.Sqrt(s2 / paths)}");
        Assert.True(Math.Abs(s2 - variance) <= 5 * Math.Sqrt((m4 - s2 * s2) / paths), $"variance {s2}, expected {variance} ± {5 * Math.Sqrt((m4 - s2 * s2) / paths)}");
        if (distribution == OutputDistribution.NegativeBinomial) Assert.All(x, v => Assert.True(v >= 0 && v == Math.Floor(v), $"{v} is not a count"));

        // The same seed draws the same paths.
        Tensor again = Distributions.Sample(distribution, tensor(parameters).reshape(1, 1, -1), paths, new Generator(16));
        Assert.True(samples.eq(again).all().item<bool>());
    }

    /// <summary>
    /// Quantiles of Normal samples against the Normal's: loc + z_q · scale. A sample quantile's standard error is
    /// √(q(1 − q) / n) / f(x_q), with f the density there; the bound is five of them.
    /// </summary>
    [Fact]
    public void Quantiles_of_sampled_paths_are_the_distributions_quantiles()
    {
        const int paths = 100_000;
        using var scope = NewDisposeScope();
        Tensor parameters = tensor(new float[] { 3, 2, -1, 0.5f }).reshape(2, 1, 2);
        Tensor samples = Distributions.Sample(OutputDistribution.Normal, parameters, paths, new Generator(5));

        Tensor quantiles = Distributions.QuantilesOf(samples, [0.1, 0.5, 0.9]);

        Assert.Equal([2, 1, 3], quantiles.shape);
        double[] z = [-1.2815515655446004, 0, 1.2815515655446004], levels = [0.1, 0.5, 0.9];
        for (int w = 0; w < 2; w++)
            for (int q = 0; q < 3; q++)
            {
                double loc = w == 0 ? 3 : -1, scale = w == 0 ? 2 : 0.5;
                double density = Math.Exp(-z[q] * z[q] / 2) / Math.Sqrt(2 * Math.PI) / scale;
                double bound = 5 * Math.Sqrt(levels[q] * (1 - levels[q]) / paths) / density;
                double actual = quantiles[w, 0, q].item<float>();
                Assert.True(Math.Abs(actual - (loc + z[q] * scale)) <= bound, $"window {w} level {levels[q]}: {actual}, expected {loc + z[q] * scale} ± {bound}");
            }
    }
}
