using System;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>A small model with the inputs a covariate window set carries: past, known future and a category.</summary>
public sealed record CovariateTestInputs(
    [property: Shape(4, 3)] Tensor Past,
    [property: Shape(2, 2)] Tensor Future,
    [property: Categorical(3)] Tensor Series);

[Model(Inputs = typeof(CovariateTestInputs), Output = [2, 1])]
public partial class CovariateTestModel
{
    [From(nameof(CovariateTestInputs.Series))] [Embedding(3, 2)] private readonly Embedding series;
    [From(nameof(CovariateTestInputs.Past), nameof(series))] [Gru(5, 8)] private readonly GRU encoder;
    [LastStep] [Linear(8, 4)] private readonly Linear context;
    [From(nameof(CovariateTestInputs.Future), nameof(context))] [Linear(6, 1)] private readonly Linear head;
}

public class CovariateWindowingTests
{
    // Row t, column c holds 100·t + c, so every copied value says which row and column it came from.
    private static float[,] Series(int rows, int columns)
    {
        var series = new float[rows, columns];
        for (int t = 0; t < rows; t++)
            for (int c = 0; c < columns; c++)
                series[t, c] = 100 * t + c;
        return series;
    }

    private static int RowOf(float value) => (int)(value / 100);

    private static int ColumnOf(float value) => (int)value % 100;

    // Columns 0–2 are past covariates (the target, column 0, among them); 3 and 4 are known ahead.
    private static readonly CovariateLayout Layout = new(inputSteps: 4, horizon: 2, targetColumns: [0]) { PastColumns = [0, 1, 2], KnownFutureColumns = [3, 4] };

    [Fact]
    public void Windows_have_the_layouts_a_model_with_named_inputs_takes()
    {
        CovariateWindowSet windows = Windowing.Create(Series(20, 5), Layout, statics: new SeriesStatics { Values = [0.5f, -2, 7], Categories = [1] });

        Assert.Equal(20 - 4 - 2 + 1, windows.Count);
        using CovariateTensors tensors = windows.ToTensors();
        Assert.Equal([15L, 4, 3], tensors.Past.shape);
        Assert.Equal([15L, 2, 2], tensors.KnownFuture.shape);
        Assert.Equal([15L, 3], tensors.Statics.shape);
        Assert.Equal([15L], Assert.Single(tensors.Categories).shape);
        Assert.Equal([15L, 2, 1], tensors.Targets.shape);
        Assert.Equal((ScalarType.Float32, ScalarType.Float32, ScalarType.Int64), (tensors.Past.dtype, tensors.KnownFuture.dtype, tensors.Categories[0].dtype));
        // The same windows as the windowing without covariates cuts for the same steps, horizon and targets.
        Assert.Equal(Windowing.Create(Series(20, 5), 4, 2, [0]).TargetStarts, windows.TargetStarts);
    }

    [Fact]
    public void A_window_holds_the_rows_before_its_first_target_and_the_known_future_of_its_target_rows()
    {
        CovariateWindowSet windows = Windowing.Create(Series(20, 5), Layout);

        // Window 0: first target row 4. Past: rows 0..3 of columns 0, 1, 2; known future: rows 4..5 of columns 3, 4.
        Assert.Equal(4, windows.TargetStarts[0]);
        Assert.Equal([0f, 1, 2, 100, 101, 102, 200, 201, 202, 300, 301, 302], windows.Past[..12].ToArray());
        Assert.Equal([403f, 404, 503, 504], windows.KnownFuture[..4].ToArray());
        Assert.Equal([400f, 500], windows.Targets[..2].ToArray());
        // Window 7: first target row 11. Past: rows 7..10; known future and targets: rows 11..12.
        Assert.Equal(11, windows.TargetStarts[7]);
        Assert.Equal([700f, 701, 702, 800, 801, 802, 900, 901, 902, 1000, 1001, 1002], windows.Past.Slice(7 * 12, 12).ToArray());
        Assert.Equal([1103f, 1104, 1203, 1204], windows.KnownFuture.Slice(7 * 4, 4).ToArray());
        Assert.Equal([1100f, 1200], windows.Targets.Slice(7 * 2, 2).ToArray());
        // The last window ends at the series' last row.
        Assert.Equal([1803f, 1804, 1903, 1904], windows.KnownFuture[^4..].ToArray());
    }

    [Fact]
    public void Known_future_values_are_exactly_the_target_rows_of_their_window()
    {
        CovariateWindowSet windows = Windowing.Create(Series(40, 5), Layout, stride: 3);

        for (int w = 0; w < windows.Count; w++)
        {
            for (int h = 0; h < windows.Horizon; h++)
            {
                float target = windows.Targets[w * windows.Horizon + h];
                Assert.Equal(windows.TargetStarts[w] + h, RowOf(target));
                for (int f = 0; f < 2; f++)
                {
                    float known = windows.KnownFuture[(w * windows.Horizon + h) * 2 + f];
                    Assert.Equal(RowOf(target), RowOf(known));
                    Assert.Equal(Layout.KnownFutureColumns[f], ColumnOf(known));
                }
            }
        }
    }

    [Fact]
    public void Nothing_from_the_first_target_row_on_reaches_the_past_window()
    {
        CovariateWindowSet windows = Windowing.Create(Series(30, 5), Layout);

        for (int w = 0; w < windows.Count; w++)
        {
            int[] rows = windows.Past.Slice(w * 4 * 3, 4 * 3).ToArray().Select(RowOf).ToArray();
            // The last past row is the one just before the first target row, and the window is contiguous.
            Assert.Equal(windows.TargetStarts[w] - 1, rows.Max());
            Assert.Equal(windows.TargetStarts[w] - 4, rows.Min());
        }
    }

    [Fact]
    public void Changing_the_future_changes_a_window_only_through_its_known_future_columns_over_its_target_rows()
    {
        float[,] series = Series(20, 5);
        CovariateWindowSet before = Windowing.Create(series, Layout);
        const int W = 5;
        int t0 = before.TargetStarts[W];

        // Everything from the first target row on changes, except the known-future columns over the target rows.
        float[,] changed = (float[,])series.Clone();
        for (int t = t0; t < 20; t++)
            for (int c = 0; c < 5; c++)
                if (!(c >= 3 && t < t0 + 2)) changed[t, c] = -1;
        CovariateWindowSet after = Windowing.Create(changed, Layout);

        Assert.Equal(before.Past.Slice(W * 12, 12).ToArray(), after.Past.Slice(W * 12, 12).ToArray());
        Assert.Equal(before.KnownFuture.Slice(W * 4, 4).ToArray(), after.KnownFuture.Slice(W * 4, 4).ToArray());
        // A known-future value in the window's last target row does reach it.
        changed[t0 + 1, 4] = -7;
        Assert.Equal(-7, Windowing.Create(changed, Layout).KnownFuture[W * 4 + 3]);
    }

    [Fact]
    public void Targets_need_not_be_past_columns_and_the_naive_forecast_is_the_row_before_the_targets()
    {
        var layout = new CovariateLayout(3, 2, [0, 2]) { PastColumns = [1], KnownFutureColumns = [3] };
        CovariateWindowSet windows = Windowing.Create(Series(12, 4), layout);

        float[] naive = windows.RepeatLastValue();

        // Window 0: first target row 3, so the last known target values are row 2's: 200 (column 0) and 202 (column 2).
        Assert.Equal([200f, 202, 200, 202], naive[..4]);
        Assert.Equal([1f, 101, 201], windows.Past[..3].ToArray());
        Assert.Equal(windows.Targets.Length, naive.Length);
        // With every column in the past window it is the plain windowing's naive forecast.
        Assert.Equal(Windowing.Create(Series(12, 4), 3, 2, [0, 2]).RepeatLastValue(),
            Windowing.Create(Series(12, 4), new CovariateLayout(3, 2, [0, 2])).RepeatLastValue());
    }

    [Fact]
    public void Every_window_of_a_series_carries_its_static_values_and_category_ids()
    {
        var statics = new SeriesStatics { Values = [1.5f, -2], Categories = [2, 0] };

        CovariateWindowSet windows = Windowing.Create(Series(12, 5), Layout, statics: statics);

        Assert.Equal((2, 2), (windows.StaticCount, windows.CategoryCount));
        using CovariateTensors tensors = windows.ToTensors();
        for (int w = 0; w < windows.Count; w++)
        {
            Assert.Equal([1.5f, -2], windows.Statics.Slice(w * 2, 2).ToArray());
            Assert.Equal([2L, 0], windows.Categories.Slice(w * 2, 2).ToArray());
        }
        Assert.Equal(Enumerable.Repeat(2L, windows.Count), tensors.Categories[0].data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(0L, windows.Count), tensors.Categories[1].data<long>().ToArray());
        Assert.Equal([1.5f, -2], tensors.Statics[windows.Count - 1].data<float>().ToArray());
    }

    [Fact]
    public void Windows_of_several_series_are_joined_each_with_its_own_category()
    {
        float[,] a = Series(10, 5), b = Series(9, 5);
        for (int t = 0; t < 9; t++)
            for (int c = 0; c < 5; c++)
                b[t, c] += 10_000;
        CovariateWindowSet first = Windowing.Create(a, Layout, statics: new SeriesStatics { Categories = [0], Values = [10] });
        CovariateWindowSet second = Windowing.Create(b, Layout, statics: new SeriesStatics { Categories = [1], Values = [20] });

        CovariateWindowSet both = CovariateWindowSet.Concat([first, second]);

        Assert.Equal((5, 4), (first.Count, second.Count));
        Assert.Equal(9, both.Count);
        Assert.Equal([0L, 0, 0, 0, 0, 1, 1, 1, 1], both.Categories.ToArray());
        Assert.Equal([10f, 10, 10, 10, 10, 20, 20, 20, 20], both.Statics.ToArray());
        Assert.Equal([4, 5, 6, 7, 8, 4, 5, 6, 7], both.TargetStarts);
        // The second series' first window: its rows 0..3 and 4..5.
        Assert.Equal(10_000f, both.Past[5 * 12]);
        Assert.Equal([10_403f, 10_404, 10_503, 10_504], both.KnownFuture.Slice(5 * 4, 4).ToArray());
        Assert.Equal(first.RepeatLastValue().Concat(second.RepeatLastValue()), both.RepeatLastValue());
    }

    [Fact]
    public void A_batch_selects_the_same_windows_from_every_tensor()
    {
        CovariateWindowSet windows = Windowing.Create(Series(20, 5), Layout, statics: new SeriesStatics { Categories = [2] });
        using CovariateTensors all = windows.ToTensors();

        using Tensor index = tensor(new long[] { 6, 1 });
        using CovariateTensors batch = all.Select(index);

        Assert.Equal(2, batch.Count);
        // Window 6's first target row is 10, window 1's is 5.
        Assert.Equal([600f, 601, 602], batch.Past[0, 0].data<float>().ToArray());
        Assert.Equal([503f, 504], batch.KnownFuture[1, 0].data<float>().ToArray());
        Assert.Equal([1000f, 1100, 500, 600], batch.Targets.data<float>().ToArray());
        Assert.Equal([2L, 2], batch.Categories[0].data<long>().ToArray());
    }

    [Fact]
    public void A_model_with_named_inputs_takes_a_batch_of_the_tensors()
    {
        var layout = new CovariateLayout(4, 2, [0]) { PastColumns = [0, 1, 2], KnownFutureColumns = [3, 4] };
        CovariateWindowSet windows = CovariateWindowSet.Concat([
            Windowing.Create(Series(12, 5), layout, statics: new SeriesStatics { Categories = [0] }),
            Windowing.Create(Series(12, 5), layout, statics: new SeriesStatics { Categories = [2] })]);
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var model = new CovariateTestModel();
        CovariateTensors tensors = windows.ToTensors();

        Tensor output = model.call(new CovariateTestInputs(tensors.Past, tensors.KnownFuture, tensors.Categories[0]));

        Assert.Equal([windows.Count, 2L, 1], output.shape);
        Assert.Equal(tensors.Targets.shape, output.shape);
        // The two series' windows have the same past and future but not the same category, so the forecasts differ.
        int half = windows.Count / 2;
        Assert.False(output[0].allclose(output[half]));
    }

    [Fact]
    public void Bad_layouts_and_statics_are_rejected_with_the_value_and_what_was_expected()
    {
        float[,] series = Series(10, 5);

        Assert.Contains("got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CovariateLayout(0, 2, [0])).Message);
        Assert.Contains("got -1", Assert.Throws<ArgumentOutOfRangeException>(() => new CovariateLayout(3, -1, [0])).Message);
        Assert.Contains("TargetColumns is empty", Assert.Throws<ArgumentException>(() => new CovariateLayout(3, 1, [])).Message);
        Assert.Contains("PastColumns holds column 2 twice ([1, 2, 2])",
            Assert.Throws<ArgumentException>(() => new CovariateLayout(3, 1, [0]) { PastColumns = [1, 2, 2] }).Message);
        Assert.Contains("leave PastColumns null for every column",
            Assert.Throws<ArgumentException>(() => new CovariateLayout(3, 1, [0]) { PastColumns = [] }).Message);
        Assert.Contains("KnownFutureColumns holds column -3; columns are numbered from 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => new CovariateLayout(3, 1, [0]) { KnownFutureColumns = [-3] }).Message);
        Assert.Contains("KnownFutureColumns holds column 1, which is a target column ([0, 1])",
            Assert.Throws<ArgumentException>(() => new CovariateLayout(3, 1, [0, 1]) { KnownFutureColumns = [3, 1] }).Message);
        Assert.Contains("The layout's KnownFutureColumns holds column 5, but the series has 5 columns (0..4)",
            Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, new CovariateLayout(3, 1, [0]) { KnownFutureColumns = [5] })).Message);
        Assert.Contains("The layout's TargetColumns holds column 9, but the series has 5 columns (0..4)",
            Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, new CovariateLayout(3, 1, [9]))).Message);
        Assert.Contains("got 0", Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, Layout, stride: 0)).Message);
        Assert.Contains("Values[1] is NaN; a static value must be a finite number",
            Assert.Throws<ArgumentException>(() => new SeriesStatics { Values = [1, float.NaN] }).Message);
        Assert.Contains("Categories[0] is -1; a category id is 0 or more",
            Assert.Throws<ArgumentOutOfRangeException>(() => new SeriesStatics { Categories = [-1] }).Message);
        Assert.Contains("has 10",
            Assert.Throws<ArgumentException>(() => ChronologicalSplit.ByFraction(20, 0.5, 0.2).Windows(series, Layout)).Message);
    }

    [Fact]
    public void Only_window_sets_of_one_layout_are_joined()
    {
        float[,] series = Series(12, 5);
        CovariateWindowSet plain = Windowing.Create(series, Layout);

        Assert.Contains("sets[1] has past columns [0, 1], but sets[0] has [0, 1, 2]", Assert.Throws<ArgumentException>(() =>
            CovariateWindowSet.Concat([plain, Windowing.Create(series, Layout with { PastColumns = [0, 1] })])).Message);
        Assert.Contains("sets[2] has 1 category ids per window, but sets[0] has 0", Assert.Throws<ArgumentException>(() =>
            CovariateWindowSet.Concat([plain, plain, Windowing.Create(series, Layout, statics: new SeriesStatics { Categories = [1] })])).Message);
        Assert.Contains("At least one window set", Assert.Throws<ArgumentException>(() => CovariateWindowSet.Concat([])).Message);
    }

    [Fact]
    public void A_chronological_split_keeps_targets_and_their_known_future_inside_each_part()
    {
        var split = ChronologicalSplit.ByFraction(100, 0.6, 0.2);
        var layout = new CovariateLayout(5, 3, [0]) { KnownFutureColumns = [2] };

        (CovariateWindowSet train, CovariateWindowSet validation, CovariateWindowSet test) = split.Windows(Series(100, 3), layout);

        (WindowSet plainTrain, WindowSet plainValidation, WindowSet plainTest) = split.Windows(Series(100, 3), 5, 3, [0]);
        Assert.Equal(plainTrain.TargetStarts, train.TargetStarts);
        Assert.Equal(plainValidation.TargetStarts, validation.TargetStarts);
        Assert.Equal(plainTest.TargetStarts, test.TargetStarts);
        // Every column is a past column by default: the same past windows as without covariates.
        Assert.Equal(plainTest.Inputs.ToArray(), test.Past.ToArray());
        Assert.All(validation.KnownFuture.ToArray(), v => Assert.InRange(RowOf(v), 60, 79));
        Assert.All(test.KnownFuture.ToArray(), v => Assert.InRange(RowOf(v), 80, 99));
        // Validation's first past window reaches back into training rows (the known past).
        Assert.Equal(55 * 100, validation.Past[0]);
    }
}
