using System;
using System.IO;
using System.Linq;
using ModelGen.Catalogue;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// N-BEATS's fixed bases: computed as darts computes them (the catalogue fixture holds PyTorch's), never trained, with
/// darts' coefficient counts (Python's truncating <c>int</c> for short seasonality bases), and checked inputs.
/// </summary>
public class BasisTests
{
    [Fact]
    public void The_bases_a_model_builds_are_the_ones_PyTorch_computed()
    {
        using var built = new NBeatsInterpretable();
        using var loaded = new NBeatsInterpretable();
        loaded.load_py(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", nameof(NBeatsInterpretable) + ".pt"));
        var fromPyTorch = loaded.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        string[] bases = built.named_parameters().Where(p => p.name.EndsWith(".basis", StringComparison.Ordinal)).Select(p => p.name).ToArray();
        Assert.Equal(["trend.backcast.basis", "trend.forecast.basis", "seasonality.backcast.basis", "seasonality.forecast.basis"], bases);
        foreach ((string name, TorchSharp.Modules.Parameter parameter) in built.named_parameters().Where(p => bases.Contains(p.name)))
        {
            Assert.False(parameter.requires_grad, $"{name} is trained");
            Assert.Equal(fromPyTorch[name].shape, parameter.shape);
            Assert.True(parameter.sub(fromPyTorch[name]).abs().max().item<float>() <= 1e-6f, $"{name} differs from PyTorch's");
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(24, 11)]
    public void A_seasonality_basis_has_darts_harmonics(int length, int harmonics)
    {
        using var basis = Basis.Seasonality(length);

        Assert.Equal(harmonics, Basis.SeasonalityHarmonics(length));
        Assert.Equal(2 * harmonics + 1, basis.Coefficients);
        Assert.Equal(length, basis.Length);
    }

    [Fact]
    public void Coefficients_of_another_count_are_refused_with_both_shapes()
    {
        using var basis = Basis.Trend(2, 6);
        using Tensor input = zeros(4, 4);

        var error = Assert.Throws<ArgumentException>(() => basis.call(input));

        Assert.Contains("[batch, 3]", error.Message);
        Assert.Contains("[4, 4]", error.Message);
    }
}
