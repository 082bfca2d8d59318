using System;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class WindowScalingTests
{
    [Fact]
    public void Each_window_is_standardised_with_its_own_past_and_its_targets_map_back_exactly()
    {
        // Column 0 rises steadily; column 1 is constant, so it is left unscaled (its scale is 1).
        var values = new float[30, 2];
        for (int r = 0; r < 30; r++) (values[r, 0], values[r, 1]) = (100 + 2 * r, 7);
        using SeriesTensor series = SeriesTensor.From(values);
        using SeriesWindows windows = series.Windows(new CovariateLayout(4, 2, [0]));
        var data = WindowScaling.Of(windows);
        using Tensor index = tensor(new long[] { 0, 10 });

        using Tensor inputs = data.Input(windows, index);
        using Tensor targets = data.Targets(index);
        using Tensor back = WindowScaling.Inverse(targets, windows, index);
        using Tensor raw = windows.Targets(index);

        // Window 0's past is 100, 102, 104, 106: mean 103, standard deviation sqrt(5); its targets are 108 and 110.
        float sd = MathF.Sqrt(5);
        Assert.Equal(new[] { -3 / sd, -1 / sd, 1 / sd, 3 / sd }, Enumerable.Range(0, 4).Select(s => inputs[0, s, 0].item<float>()), new FloatComparer(1e-5f));
        Assert.All(Enumerable.Range(0, 4), s => Assert.Equal(0f, inputs[1, s, 1].item<float>()));
        Assert.Equal(new[] { 5 / sd, 7 / sd }, Enumerable.Range(0, 2).Select(h => targets[0, h, 0].item<float>()), new FloatComparer(1e-5f));
        // Window 10 is the same shape ten rows later: the same scaled values, whatever its level.
        Assert.True((inputs[0] - inputs[1]).abs().max().item<float>() < 1e-5f);
        Assert.True((back - raw).abs().max().item<float>() < 1e-3f);
    }

    [Fact]
    public void A_target_outside_the_past_columns_is_an_error()
    {
        using SeriesTensor series = SeriesTensor.From(new float[20, 3]);
        using SeriesWindows windows = series.Windows(new CovariateLayout(4, 2, [2]) { PastColumns = [0, 1] });

        Assert.Contains("Target column 2 is not among the windows' past columns (0, 1)", Assert.Throws<ArgumentException>(() => WindowScaling.Of(windows)).Message);
    }

    private sealed class FloatComparer(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
