using System;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class PerSeriesStandardizerTests
{
    // Two series of very different levels, whose last rows (outside training) are far from the rest.
    private static readonly float[][,] Raw =
    [
        new float[,] { { 10, 1 }, { 12, 3 }, { 14, 5 }, { 1000, 7 } },
        new float[,] { { -1, 100 }, { 1, 300 }, { 5000, 500 } },
    ];

    private static Range TrainRows(int series, int rows) => 0..(rows - 1);

    [Fact]
    public void Each_series_is_standardised_with_its_own_training_rows_statistics()
    {
        var scalers = PerSeriesStandardizer.Fit(Raw, TrainRows);
        using SeriesTensor series = SeriesTensor.From(Raw);

        scalers.TransformInPlace(series);

        Assert.Equal([12f, 3], scalers.Scalers[0].Means);
        Assert.Equal([0f, 200], scalers.Scalers[1].Means);
        float[] expected = [.. Standardizer.Fit(Raw[0], 0..3).Transform(Raw[0]).Cast<float>(), .. Standardizer.Fit(Raw[1], 0..2).Transform(Raw[1]).Cast<float>()];
        Assert.Equal(expected, series.Values.data<float>().ToArray());
    }

    [Fact]
    public void Forecasts_map_back_with_the_statistics_of_each_windows_series()
    {
        var scalers = PerSeriesStandardizer.Fit(Raw, TrainRows);
        using SeriesTensor series = SeriesTensor.From(Raw);
        scalers.TransformInPlace(series);
        using SeriesWindows windows = series.Windows(new CovariateLayout(1, 1, [0]));
        using Tensor all = windows.All();

        using Tensor back = scalers.InverseTargets(windows.Targets(all), windows, all);

        // The windows' targets in the series' own units: rows 1 to 3 of the first series, 1 to 2 of the second.
        float[] actual = back.data<float>().ToArray();
        Assert.Equal(new float[] { 12, 14, 1000, 1, 5000 }, actual.Select(v => MathF.Round(v, 2)));
        var error = Assert.Throws<ArgumentException>(() => PerSeriesStandardizer.Fit(Raw, (s, rows) => s == 1 ? 0..0 : ..));
        Assert.Equal("Series 1 (3 rows): Cannot fit on zero rows. (Parameter 'trainRows')", error.Message); // the inner parameter's name is not repeated
    }
}
