using System;
using System.Linq;
using ModelGen.Forecasting;

namespace ModelGen.Tests;

public class HoltWintersTests
{
    [Fact]
    public void The_recursions_give_the_hand_computed_state_errors_and_forecast()
    {
        // Period 2, α = β = γ = 0.5. Start: level 2 (the first period's mean), trend (3 − 2) / 2 = 0.5, season −1 and 1.
        // t = 2: forecast 2 + 0.5 − 1 = 1.5 (error 0.5); level 0.5·(2 + 1) + 0.5·2.5 = 2.75; trend 0.5·0.75 + 0.5·0.5 = 0.625;
        //        season 0.5·(2 − 2 − 0.5) + 0.5·(−1) = −0.75.
        // t = 3: forecast 2.75 + 0.625 + 1 = 4.375 (error −0.375); level 3.1875; trend 0.53125; season 0.5·(4 − 3.375) + 0.5 = 0.8125.
        // t = 4: forecast 3.1875 + 0.53125 − 0.75 = 2.96875 (error 0.03125); level 3.734375; trend 0.5390625;
        //        season 0.5·(3 − 3.71875) + 0.5·(−0.75) = −0.734375.
        HoltWinters model = HoltWinters.Run([1f, 3, 2, 4, 3], period: 2, alpha: 0.5, beta: 0.5, gamma: 0.5);

        Assert.Equal(0.25 + 0.140625 + 0.0009765625, model.SumOfSquaredErrors, 12);
        Assert.Equal([3.734375 + 0.5390625 + 0.8125, 3.734375 + 2 * 0.5390625 - 0.734375], model.Forecast(2));
    }

    [Fact]
    public void Fitted_to_a_series_of_trend_and_season_it_forecasts_their_continuation()
    {
        double[] season = [3, -1, -4, 2];
        float[] Truth(int from, int count) => Enumerable.Range(from, count).Select(t => (float)(10 + 0.5 * t + season[t % 4])).ToArray();

        HoltWinters model = HoltWinters.Fit(Truth(0, 200), period: 4);
        double[] forecast = model.Forecast(8);

        float[] ahead = Truth(200, 8);
        for (int h = 0; h < 8; h++) Assert.Equal(ahead[h], forecast[h], 0.05);
        Assert.InRange(model.Alpha, 0, 1);
        Assert.InRange(model.Gamma, 0, 1);
        // The fit is no worse than where it started.
        Assert.True(model.SumOfSquaredErrors <= HoltWinters.Run(Truth(0, 200), 4, 0.3, 0.1, 0.1).SumOfSquaredErrors);
        // On a noisy series it is strictly better than where it started, and than other parameters nearby.
        var random = new Random(5);
        float[] noisy = [.. Truth(0, 300).Select(v => v + (float)(random.NextDouble() - 0.5))];
        HoltWinters fitted = HoltWinters.Fit(noisy, 4);
        Assert.True(fitted.SumOfSquaredErrors < HoltWinters.Run(noisy, 4, 0.3, 0.1, 0.1).SumOfSquaredErrors);
        foreach (double nudge in new[] { -0.05, 0.05 })
        {
            double alpha = Math.Clamp(fitted.Alpha + nudge, 0, 1);
            Assert.True(fitted.SumOfSquaredErrors <= HoltWinters.Run(noisy, 4, alpha, fitted.Beta, fitted.Gamma).SumOfSquaredErrors + 1e-9);
        }
    }

    [Fact]
    public void Rolling_forecasts_from_each_origin_equal_a_model_run_through_the_values_before_it_and_never_read_later_ones()
    {
        var random = new Random(3);
        float[] series = Enumerable.Range(0, 120).Select(t => (float)(5 + 0.1 * t + Math.Sin(t * Math.PI / 3) + random.NextDouble())).ToArray();
        HoltWinters fitted = HoltWinters.Fit(series[..80], 6);
        long[] origins = [80, 81, 95, 117];

        double[] rolling = HoltWinters.RollingForecasts(series, fitEnd: 80, period: 6, origins, horizon: 3);

        for (int o = 0; o < origins.Length; o++)
        {
            double[] expected = HoltWinters.Run(series[..(int)origins[o]], 6, fitted.Alpha, fitted.Beta, fitted.Gamma).Forecast(3);
            for (int h = 0; h < 3; h++) Assert.Equal(expected[h], rolling[o * 3 + h], 9);
        }
        // A change at or after an origin leaves the forecast from it alone.
        float[] changed = [.. series];
        changed[95] += 100;
        Assert.Equal(rolling[6..9], HoltWinters.RollingForecasts(changed, 80, 6, origins, 3)[6..9]);
        Assert.Throws<ArgumentException>(() => HoltWinters.RollingForecasts(series, 80, 6, [90, 85], 3));
        Assert.Throws<ArgumentException>(() => HoltWinters.RollingForecasts(series, 80, 6, [79], 3));
    }

    [Fact]
    public void A_short_or_broken_history_and_bad_parameters_are_errors_that_name_them()
    {
        Assert.Contains("8 values for a period of 4; got 7", Assert.Throws<ArgumentException>(() => HoltWinters.Fit(new float[7], 4)).Message);
        Assert.Contains("Value 2 of the history is NaN", Assert.Throws<ArgumentException>(() => HoltWinters.Fit([1f, 2, float.NaN, 4], 2)).Message);
        Assert.Equal("period", Assert.Throws<ArgumentOutOfRangeException>(() => HoltWinters.Fit(new float[10], 1)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => HoltWinters.Run(new float[10], 2, 0.5, 1.5, 0.5)).ParamName);
        Assert.Equal("horizon", Assert.Throws<ArgumentOutOfRangeException>(() => HoltWinters.Run(new float[10], 2, 0.5, 0.5, 0.5).Forecast(0)).ParamName);
    }
}
