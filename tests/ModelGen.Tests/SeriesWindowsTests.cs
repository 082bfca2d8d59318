using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// Windows read through indices (<see cref="SeriesWindows"/>) against the windows <see cref="Windowing"/> copies out one
/// value at a time: the same windows, in the same order, with the same values, for one series and for several.
/// </summary>
public class SeriesWindowsTests
{
    private static float[,] RandomSeries(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows, columns];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++) values[r, c] = (float)Math.Round(random.NextDouble() * 100 - 50, 2);
        return values;
    }

    private static float[] Read(Tensor t)
    {
        using (t) return t.data<float>().ToArray();
    }

    public static TheoryData<int, int, int, int> Cases() => new()
    {
        { 10, 5, 1, 0 },
        { 7, 3, 2, 1 },
        { 1, 1, 1, 2 },
        { 24, 6, 5, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_series_gives_the_windows_and_values_Windowing_copies(int inputSteps, int horizon, int stride, int seed)
    {
        float[,] raw = RandomSeries(200, 3, seed);
        var split = ChronologicalSplit.ByFraction(200, 0.7, 0.15);
        using SeriesTensor series = SeriesTensor.From(raw);
        var layout = new CovariateLayout(inputSteps, horizon, [1]);

        foreach (Range part in new[] { split.Train, split.Validation, split.Test, Range.All })
        {
            WindowSet copied = Windowing.Create(raw, inputSteps, horizon, [1], part, stride);
            using SeriesWindows windows = series.Windows(layout, (_, _) => part, stride);
            using Tensor all = windows.All();

            Assert.Equal(copied.Count, windows.Count);
            Assert.Equal(copied.TargetStarts.Select(t => (long)t), windows.TargetStarts);
            Assert.Equal(copied.Inputs.ToArray(), Read(windows.Inputs(all)));
            Assert.Equal(copied.Targets.ToArray(), Read(windows.Targets(all)));
            Assert.Equal(copied.RepeatLastValue(), Read(windows.RepeatLastValue(all)));
        }
    }

    [Fact]
    public void Several_series_with_covariates_give_each_series_windows_as_Windowing_cuts_them_one_by_one()
    {
        float[][,] raw = [RandomSeries(90, 5, 10), RandomSeries(61, 5, 11), RandomSeries(120, 5, 12)];
        SeriesStatics[] statics =
        [
            new() { Values = [1.5f, -2], Categories = [3, 0] },
            new() { Values = [0.25f, 7], Categories = [1, 4] },
            new() { Values = [-1, 0], Categories = [2, 2] },
        ];
        var layout = new CovariateLayout(12, 4, [0, 2]) { PastColumns = [0, 2, 4], KnownFutureColumns = [3, 4] };
        using SeriesTensor series = SeriesTensor.From(raw, statics);
        // Each series' own validation part: its windows' targets start in it, their inputs reach back into training.
        Func<int, long, Range> part = (_, rows) => ChronologicalSplit.ByFraction((int)rows, 0.6, 0.2).Validation;
        using SeriesWindows windows = series.Windows(layout, part, stride: 2);

        CovariateWindowSet copied = CovariateWindowSet.Concat(raw.Select((r, s) =>
            Windowing.Create(r, layout, ChronologicalSplit.ByFraction(r.GetLength(0), 0.6, 0.2).Validation, 2, statics[s])).ToArray());
        long[] offsets = [0, 90, 151];
        long[] expectedStarts = raw.SelectMany((r, s) => Windowing.Create(r, layout, ChronologicalSplit.ByFraction(r.GetLength(0), 0.6, 0.2).Validation, 2)
            .TargetStarts.Select(t => offsets[s] + t)).ToArray();
        using Tensor all = windows.All();

        Assert.Equal(3, series.SeriesCount);
        Assert.Equal(271, series.Rows);
        Assert.Equal(expectedStarts, windows.TargetStarts);
        Assert.Equal(copied.Count, windows.Count);
        Assert.Equal(copied.Past.ToArray(), Read(windows.Inputs(all)));
        Assert.Equal(copied.KnownFuture.ToArray(), Read(windows.KnownFuture(all)));
        Assert.Equal(copied.Targets.ToArray(), Read(windows.Targets(all)));
        Assert.Equal(copied.Statics.ToArray(), Read(windows.Statics(all)));
        Assert.Equal(copied.RepeatLastValue(), Read(windows.RepeatLastValue(all)));
        for (int c = 0; c < 2; c++)
        {
            using Tensor ids = windows.Categories(all, c);
            Assert.Equal(Enumerable.Range(0, (int)copied.Count).Select(w => copied.Categories[w * 2 + c]), ids.data<long>().ToArray());
        }
    }

    [Fact]
    public void No_window_reads_a_row_of_another_series_and_a_batch_is_the_windows_it_names()
    {
        // Every value is its series' number, so a window that crossed a boundary would hold two numbers.
        float[][,] raw = Enumerable.Range(0, 4).Select(s =>
        {
            var values = new float[15 + 3 * s, 2];
            for (int r = 0; r < values.GetLength(0); r++) { values[r, 0] = s; values[r, 1] = s; }
            return values;
        }).ToArray();
        using SeriesTensor series = SeriesTensor.From(raw);
        using SeriesWindows windows = series.Windows(new CovariateLayout(6, 3, [1]));
        using Tensor all = windows.All();
        float[] inputs = Read(windows.Inputs(all)), targets = Read(windows.Targets(all));

        for (int w = 0; w < windows.Count; w++)
        {
            long owner = windows.SeriesOf(w);
            Assert.All(inputs.Skip(w * 12).Take(12), v => Assert.Equal(owner, v));
            Assert.All(targets.Skip(w * 3).Take(3), v => Assert.Equal(owner, v));
        }
        // 15 - 6 - 3 + 1 = 7 windows in series 0, then 10, 13 and 16.
        Assert.Equal(7 + 10 + 13 + 16, windows.Count);

        using Tensor some = tensor(new long[] { 40, 0, 7 });
        float[] picked = Read(windows.Targets(some));
        Assert.Equal(targets.Skip(40 * 3).Take(3).Concat(targets.Take(3)).Concat(targets.Skip(7 * 3).Take(3)), picked);
    }

    [Fact]
    public void A_series_too_short_for_a_window_has_none_and_the_windows_after_it_keep_their_series()
    {
        float[][,] raw = [new float[12, 1], new float[4, 1], new float[3, 1], new float[9, 1]];
        for (int s = 0; s < raw.Length; s++)
            for (int r = 0; r < raw[s].GetLength(0); r++) raw[s][r, 0] = s;
        SeriesStatics[] statics = [.. Enumerable.Range(0, 4).Select(s => new SeriesStatics { Categories = [10 * s] })];
        using SeriesTensor series = SeriesTensor.From(raw, statics);
        using SeriesWindows windows = series.Windows(new CovariateLayout(3, 2, [0]));
        using Tensor all = windows.All();

        // 12 - 5 + 1 = 8 windows, none for the series of 4 and 3 rows, then 9 - 5 + 1 = 5.
        Assert.Equal(13, windows.Count);
        Assert.Equal(Enumerable.Repeat(0, 8).Concat(Enumerable.Repeat(3, 5)), Enumerable.Range(0, 13).Select(w => windows.SeriesOf(w)));
        using Tensor ids = windows.Categories(all);
        Assert.Equal(Enumerable.Repeat(0L, 8).Concat(Enumerable.Repeat(30L, 5)), ids.data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(0f, 16).Concat(Enumerable.Repeat(3f, 10)), Read(windows.Targets(all)));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.SeriesOf(13));
    }

    [Fact]
    public void The_seasonal_naive_forecast_repeats_the_last_known_season_and_never_reads_a_target_row()
    {
        // Row r holds r, so a forecast holds the rows it read.
        var values = new float[40, 1];
        for (int r = 0; r < 40; r++) values[r, 0] = r;
        using SeriesTensor series = SeriesTensor.From(values);
        using SeriesWindows windows = series.Windows(new CovariateLayout(8, 7, [0]));
        using Tensor first = tensor(new long[] { 0, 5 });

        // The first window's targets start at row 8; with a period of 3, steps 8..14 read 5, 6, 7, then 5, 6, 7, then 5.
        Assert.Equal(new float[] { 5, 6, 7, 5, 6, 7, 5, 10, 11, 12, 10, 11, 12, 10 }, Read(windows.SeasonalNaive(first, 3)));
        Assert.Equal(Read(windows.RepeatLastValue(first)), Read(windows.SeasonalNaive(first, 1)));
        // A period of 7 over a horizon of 7: each step one week (here 7 rows) back, all before the start.
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7 }, Read(windows.SeasonalNaive(tensor(new long[] { 0 }), 7)));
        // A period longer than the input steps reads further back in the series; past its start, the last value.
        // Period 6 from row 8: rows 2 to 7, then 2 again (two seasons back); from row 13: 7 to 12, then 7.
        Assert.Equal(new float[] { 2, 3, 4, 5, 6, 7, 2, 7, 8, 9, 10, 11, 12, 7 }, Read(windows.SeasonalNaive(first, 6)));
        // Period 10 from row 8: rows −2 and −1 do not exist, so the last value, 7; then rows 0 to 4. From row 13: rows 3 to 9.
        Assert.Equal(new float[] { 7, 7, 0, 1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 9 }, Read(windows.SeasonalNaive(first, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.SeasonalNaive(first, 0));

        // Two series: a season before the second's start repeats its own last value, never the first series' rows.
        using SeriesTensor two = SeriesTensor.From([values, values]);
        using SeriesWindows both = two.Windows(new CovariateLayout(8, 7, [0]));
        using Tensor secondsFirst = tensor(new long[] { both.Count / 2 });
        Assert.Equal(1, both.SeriesOf(both.Count / 2));
        Assert.Equal(new float[] { 7, 7, 0, 1, 2, 3, 4 }, Read(both.SeasonalNaive(secondsFirst, 10)));
    }

    [Fact]
    public void Scaling_the_series_in_place_after_a_batch_was_read_changes_every_later_batch()
    {
        float[,] values = { { 1, 10 }, { 3, 20 }, { 5, 30 }, { 7, 40 }, { 9, 50 } };
        using SeriesTensor series = SeriesTensor.From(values);
        using SeriesWindows windows = series.Windows(new CovariateLayout(2, 1, [1]));
        using Tensor all = windows.All();
        float[] before = Read(windows.Targets(all)); // reads (and keeps) the target column

        var scaler = Standardizer.Fit(values, ..);
        scaler.TransformInPlace(series);

        Assert.Equal([30f, 40, 50], before);
        Assert.Equal(new[] { 2, 3, 4 }.Select(r => (values[r, 1] - scaler.Means[1]) / scaler.Scales[1]), Read(windows.Targets(all)));
    }

    [Fact]
    public void Bad_series_and_indices_are_errors_that_name_them()
    {
        float[,] nan = new float[5, 2];
        nan[3, 1] = float.NaN;

        Assert.Contains("Series 1 has 3 columns, but series 0 has 2",
            Assert.Throws<ArgumentException>(() => SeriesTensor.From([new float[5, 2], new float[5, 3]])).Message);
        Assert.Contains("Series 0, row 3, column 1 is NaN", Assert.Throws<ArgumentException>(() => SeriesTensor.From(nan)).Message);
        Assert.Contains("Series 1 has no rows", Assert.Throws<ArgumentException>(() => SeriesTensor.From([new float[5, 2], new float[0, 2]])).Message);
        Assert.Contains("2 series but statics for 1",
            Assert.Throws<ArgumentException>(() => SeriesTensor.From([new float[5, 2], new float[5, 2]], [new SeriesStatics()])).Message);

        using SeriesTensor series = SeriesTensor.From(new float[20, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Windows(new CovariateLayout(3, 2, [2])));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Windows(new CovariateLayout(3, 2, [1]), stride: 0));
        using SeriesWindows windows = series.Windows(new CovariateLayout(3, 2, [1]));
        using Tensor floats = tensor(new float[] { 0, 1 });
        Assert.Contains("one-dimensional int64", Assert.Throws<ArgumentException>(() => windows.Targets(floats)).Message);
        Assert.Contains("no category ids", Assert.Throws<ArgumentOutOfRangeException>(() => windows.Categories(windows.All())).Message);
    }
}
