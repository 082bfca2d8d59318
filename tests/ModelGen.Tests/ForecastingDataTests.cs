using System;
using System.Linq;
using ModelGen.Forecasting;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class ForecastingDataTests
{
    // Row t, column c holds 100·t + c, so every copied value says where it came from.
    private static float[,] Series(int rows, int columns)
    {
        var series = new float[rows, columns];
        for (int t = 0; t < rows; t++)
            for (int c = 0; c < columns; c++)
                series[t, c] = 100 * t + c;
        return series;
    }

    [Fact]
    public void Windows_hold_the_past_inputs_and_the_next_targets_in_batch_first_layout()
    {
        WindowSet windows = Windowing.Create(Series(20, 3), inputSteps: 4, horizon: 2, targetColumns: [2]);

        Assert.Equal(20 - 4 - 2 + 1, windows.Count);
        Assert.Equal(4, windows.TargetStarts[0]);
        // Window 0: inputs are rows 0..3, all columns; targets are rows 4..5 of column 2.
        Assert.Equal([0f, 1, 2, 100, 101, 102, 200, 201, 202, 300, 301, 302], windows.Inputs[..12].ToArray());
        Assert.Equal([402f, 502], windows.Targets[..2].ToArray());
        // Last window: targets are the series' last two rows.
        Assert.Equal([1802f, 1902], windows.Targets[^2..].ToArray());
    }

    [Fact]
    public void Repeat_last_value_forecasts_the_last_input_of_each_target_column()
    {
        WindowSet windows = Windowing.Create(Series(12, 3), inputSteps: 3, horizon: 2, targetColumns: [0, 2]);

        float[] naive = windows.RepeatLastValue();

        // Window 0's last input row is row 2: 200 (column 0) and 202 (column 2), repeated for both steps.
        Assert.Equal([200f, 202, 200, 202], naive[..4]);
        Assert.Equal(windows.Targets.Length, naive.Length);
    }

    [Fact]
    public void Chronological_split_keeps_every_target_in_its_own_part_in_time_order()
    {
        var split = ChronologicalSplit.ByFraction(100, 0.6, 0.2);

        (WindowSet train, WindowSet validation, WindowSet test) = split.Windows(Series(100, 3), 5, 3, [0]);

        Assert.Equal((60, 80), (split.TrainEnd, split.ValidationEnd));
        Assert.All(train.TargetStarts, t => Assert.InRange(t, 5, 60 - 3));
        Assert.All(validation.TargetStarts, t => Assert.InRange(t, 60, 80 - 3));
        Assert.All(test.TargetStarts, t => Assert.InRange(t, 80, 100 - 3));
        // Validation inputs reach back into training rows (the known past), never forward.
        Assert.Equal(55 * 100, validation.Inputs[0]);
        Assert.Equal((60 - 5 - 3 + 1, 20 - 3 + 1, 20 - 3 + 1), (train.Count, validation.Count, test.Count));
    }

    [Fact]
    public void Standardizer_uses_only_the_rows_it_is_fitted_on()
    {
        float[,] series = { { 1, 10 }, { 3, 10 }, { 1000, -5 } };

        var scaler = Standardizer.Fit(series, 0..2);
        float[,] scaled = scaler.Transform(series);

        Assert.Equal([2f, 10], scaler.Means);
        Assert.Equal([1f, 1], scaler.Scales); // column 1 is constant on the fitted rows: scale 1, not 0
        Assert.Equal(-1f, scaled[0, 0]);
        Assert.Equal(998f, scaled[2, 0]);
        Assert.Equal(1000f, scaler.Inverse(scaled[2, 0], 0));
    }

    [Fact]
    public void Mean_squared_error_is_reported_per_horizon_step()
    {
        // Two windows, horizon 2, one target: step 1 errors 1 and 3, step 2 errors 0 and 2.
        float[] actual = [0, 0, 0, 0];
        float[] predicted = [1, 0, 3, 2];

        double[] mse = ForecastMetrics.MeanSquaredErrorPerStep(predicted, actual, horizon: 2, targets: 1);

        Assert.Equal([5.0, 2.0], mse);
    }

    [Fact]
    public void Mean_squared_error_per_step_averages_over_windows_and_targets()
    {
        // Two windows, horizon 2, two targets, laid out [window, step, target]. Step 1's errors are 1, 3 (window 0)
        // and 1, 1 (window 1): (1 + 9 + 1 + 1) / 4 = 3. Step 2's are 0, 2 and 2, 0: (0 + 4 + 4 + 0) / 4 = 2.
        float[] actual = [0, 0, 0, 0, 0, 0, 0, 0];
        float[] predicted = [1, 3, 0, 2, 1, -1, 2, 0];

        double[] mse = ForecastMetrics.MeanSquaredErrorPerStep(predicted, actual, horizon: 2, targets: 2);

        Assert.Equal([3.0, 2.0], mse);
    }

    [Fact]
    public void Absolute_percentage_and_scaled_errors_per_step_are_the_hand_computed_values()
    {
        // Two windows, horizon 2, one target. Step 1: actual 10 and 4, predicted 12 and 3 (errors 2 and 1).
        // Step 2: actual 5 and 0, predicted 5 and 1 (errors 0 and 1).
        float[] actual = [10, 5, 4, 0];
        float[] predicted = [12, 5, 3, 1];

        Assert.Equal([1.5, 0.5], ForecastMetrics.MeanAbsoluteErrorPerStep(predicted, actual, 2, 1));
        Assert.Equal([Math.Sqrt(2.5), Math.Sqrt(0.5)], ForecastMetrics.RootMeanSquaredErrorPerStep(predicted, actual, 2, 1));
        // sMAPE: 200·2/22 and 200·1/7 at step 1; 0 and 200·1/1 at step 2.
        double[] smape = ForecastMetrics.SymmetricMeanAbsolutePercentageErrorPerStep(predicted, actual, 2, 1);
        Assert.Equal((400.0 / 22 + 200.0 / 7) / 2, smape[0], 12);
        Assert.Equal(100, smape[1], 12);
        Assert.Equal([0.0], ForecastMetrics.SymmetricMeanAbsolutePercentageErrorPerStep([0f], [0f], 1, 1));
        // MAPE: 100·2/10 and 100·1/4 at step 1; the 0 at step 2 of window 1 makes it undefined.
        Assert.Equal([(20.0 + 25) / 2], ForecastMetrics.MeanAbsolutePercentageErrorPerStep([12f, 3], [10f, 4], 1, 1));
        Assert.Contains("window 1, step 2, target 0",
            Assert.Throws<ArgumentException>(() => ForecastMetrics.MeanAbsolutePercentageErrorPerStep(predicted, actual, 2, 1)).Message);
        // MASE: the seasonal naive forecast one row back over rows 1..4 of 1, 3, 2, 6, 100 errs 2, 1, 4: scale 7/3.
        float[,] history = { { 1 }, { 3 }, { 2 }, { 6 }, { 100 } };
        double scale = ForecastMetrics.SeasonalNaiveScale(history, 0..4, column: 0, period: 1);
        Assert.Equal(7.0 / 3, scale, 12);
        Assert.Equal(4.0 / 2, ForecastMetrics.SeasonalNaiveScale(history, 0..4, column: 0, period: 2), 12); // |2 - 1| and |6 - 3|
        double[] mase = ForecastMetrics.MeanAbsoluteScaledErrorPerStep(predicted, actual, 2, 1, [scale]);
        Assert.Equal(1.5 / scale, mase[0], 12);
        Assert.Equal(0.5 / scale, mase[1], 12);
    }

    [Fact]
    public void Scaled_errors_need_a_scale_per_target_and_a_history_that_is_not_constant()
    {
        float[,] flat = { { 2 }, { 2 }, { 2 } };

        Assert.Contains("2 targets, but 1 scales",
            Assert.Throws<ArgumentException>(() => ForecastMetrics.MeanAbsoluteScaledErrorPerStep(new float[4], new float[4], 2, 2, [1.0])).Message);
        Assert.Contains("must be a positive number",
            Assert.Throws<ArgumentException>(() => ForecastMetrics.MeanAbsoluteScaledErrorPerStep(new float[2], new float[2], 2, 1, [0.0])).Message);
        Assert.Contains("repeats itself every 1 rows", Assert.Throws<ArgumentException>(() => ForecastMetrics.SeasonalNaiveScale(flat, .., 0)).Message);
        Assert.Contains("no two rows 3 apart", Assert.Throws<ArgumentException>(() => ForecastMetrics.SeasonalNaiveScale(flat, .., 0, period: 3)).Message);
    }

    [Fact]
    public void Standardizer_fitted_on_later_rows_ignores_the_rows_before_them()
    {
        float[,] series = { { 1000, 7 }, { 1, 10 }, { 3, 14 } };

        var scaler = Standardizer.Fit(series, 1..);

        Assert.Equal([2f, 12], scaler.Means);
        Assert.Equal([1f, 2], scaler.Scales);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_value_and_what_was_expected()
    {
        float[,] series = Series(10, 2);

        Assert.Contains("got 0", Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, 0, 1, [0])).Message);
        Assert.Contains("Target column 2 is outside the series' 2 columns (0..1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => Windowing.Create(series, 2, 1, [2])).Message);
        Assert.Contains("got 1.2", Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.ByFraction(10, 1.2, 0)).Message);
        Assert.Contains("has 10",
            Assert.Throws<ArgumentException>(() => ChronologicalSplit.ByFraction(20, 0.5, 0.2).Windows(series, 2, 1, [0])).Message);
        Assert.Contains("6 values",
            Assert.Throws<ArgumentException>(() => ForecastMetrics.MeanSquaredErrorPerStep(new float[6], new float[5], 2, 1)).Message);
    }

    [Fact]
    public void Split_that_leaves_a_part_empty_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.ByFraction(10, 0.7, 0.25));

        Assert.Contains("0 test rows", error.Message);
    }

    [Fact]
    public void Too_short_a_part_gives_no_windows_rather_than_bad_ones()
    {
        WindowSet windows = Windowing.Create(Series(6, 1), inputSteps: 4, horizon: 3, targetColumns: [0]);

        Assert.Equal(0, windows.Count);
        Assert.True(windows.Inputs.IsEmpty);
    }
}

public class SampleDataFlowTests
{
    [Fact]
    public void The_sample_standardises_with_statistics_of_the_training_part_only()
    {
        // A series that rises steadily: the mean of its first 70% is far from the mean of all of it.
        const int Length = 1000;
        var raw = new float[Length, 2];
        for (int row = 0; row < Length; row++) (raw[row, 0], raw[row, 1]) = (row, 2 * row + 5);

        using global::Forecasting.DataPreparation.Prepared prepared = global::Forecasting.DataPreparation.Prepare(raw, inputSteps: 10, horizon: 5, target: 0);

        int trainEnd = prepared.Split.TrainEnd;
        Assert.Equal(700, trainEnd);
        Assert.Equal((trainEnd - 1) / 2.0, prepared.Scaler.Means[0], 3);
        Assert.Equal(2 * (trainEnd - 1) / 2.0 + 5, prepared.Scaler.Means[1], 3);
        // The windows hold the series standardised with those statistics: the first training input is row 0.
        using Tensor firstWindow = prepared.Train.Inputs(tensor(new long[] { 0 }));
        float first = firstWindow[0, 0, 0].item<float>();
        Assert.Equal((0 - prepared.Scaler.Means[0]) / prepared.Scaler.Scales[0], first, 4);
        Assert.True(prepared.Test.Count > 0 && prepared.Validation.Count > 0);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    public void A_series_too_short_for_a_window_in_every_part_says_how_many_rows_it_needs(int rows)
    {
        var error = Assert.Throws<System.IO.InvalidDataException>(() => global::Forecasting.DataPreparation.Prepare(new float[rows, 3], 10, 5, 0));

        Assert.Contains($"The series has {rows} rows", error.Message);
        Assert.Contains("about 34 rows or more", error.Message);
        using var shortest = global::Forecasting.DataPreparation.Prepare(new float[34, 3], 10, 5, 0);
        Assert.Equal(34, shortest.Split.Length);
    }

    [Fact]
    public void The_calendar_is_computed_from_the_row_index_so_it_is_known_for_any_hour_ahead()
    {
        float[,] calendar = global::Forecasting.HourlyCalendar.Of(400);

        Assert.Equal(new[] { "hour sin", "hour cos", "week sin", "week cos" }, global::Forecasting.HourlyCalendar.Columns);
        // Row 30 is 06:00 on the second day: a quarter of the day, 30/168 of the week.
        Assert.Equal(1f, calendar[30, 0], 5);
        Assert.Equal(0f, calendar[30, 1], 5);
        Assert.Equal((float)Math.Sin(2 * Math.PI * 30 / 168), calendar[30, 2], 6);
        Assert.Equal((float)Math.Cos(2 * Math.PI * 30 / 168), calendar[30, 3], 6);
        // A longer calendar starts with the same rows, and a week later the calendar repeats.
        float[,] longer = global::Forecasting.HourlyCalendar.Of(1000);
        for (int t = 0; t < 400; t++)
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(calendar[t, c], longer[t, c]);
                Assert.Equal(longer[t, c], longer[t + 168, c], 5);
            }
    }

    [Fact]
    public void With_the_calendar_the_sample_forecasts_the_same_windows_and_reads_the_calendar_of_the_forecast_hours()
    {
        const int Length = 1000;
        var raw = new float[Length, 3];
        for (int row = 0; row < Length; row++) (raw[row, 0], raw[row, 1], raw[row, 2]) = (row, 2 * row + 5, row % 7);
        float[,] calendar = global::Forecasting.HourlyCalendar.Of(Length);

        using var plain = global::Forecasting.DataPreparation.Prepare(raw, inputSteps: 10, horizon: 5, target: 0);
        using var covariates = global::Forecasting.DataPreparation.PrepareWithKnownFuture(raw, calendar, inputSteps: 10, horizon: 5, target: 0);
        using Tensor train = plain.Train.All(), test = plain.Test.All();
        float[] Values(Tensor t)
        {
            using (t) return t.data<float>().ToArray();
        }

        Assert.Equal(plain.Split, covariates.Split);
        Assert.Equal(plain.Test.TargetStarts, covariates.Test.TargetStarts);
        Assert.Equal(Values(plain.Train.Targets(train)), Values(covariates.Train.Targets(train)));
        Assert.Equal(Values(plain.Test.Targets(test)), Values(covariates.Test.Targets(test)));
        // The series' own columns scale as without covariates (training statistics only); the calendar is appended.
        Assert.Equal(plain.Scaler.Means, covariates.Scaler.Means.Take(3));
        Assert.Equal(plain.Scaler.Scales, covariates.Scaler.Scales.Take(3));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], covariates.Test.Layout.PastColumnsOf(covariates.Series.Columns));
        Assert.Equal([3, 4, 5, 6], covariates.Test.Layout.KnownFutureColumns);
        // A test window's past holds the plain window's values and the calendar of the same rows; its known future
        // is the calendar of its target rows, standardised like the rest.
        const int W = 17;
        int t0 = (int)covariates.Test.TargetStarts[W];
        float[] plainPast = Values(plain.Test.Inputs(test)), past = Values(covariates.Test.Inputs(test)), future = Values(covariates.Test.KnownFuture(test));
        for (int s = 0; s < 10; s++)
            for (int f = 0; f < 3; f++)
                Assert.Equal(plainPast[(W * 10 + s) * 3 + f], past[(W * 10 + s) * 7 + f]);
        for (int h = 0; h < 5; h++)
            for (int c = 0; c < 4; c++)
            {
                float expected = (calendar[t0 + h, c] - covariates.Scaler.Means[3 + c]) / covariates.Scaler.Scales[3 + c];
                Assert.Equal(expected, future[(W * 5 + h) * 4 + c], 5);
            }
        Assert.Contains("The known-ahead columns have 999 rows, but the series has 1000",
            Assert.Throws<ArgumentException>(() => global::Forecasting.DataPreparation.PrepareWithKnownFuture(raw, global::Forecasting.HourlyCalendar.Of(999), 10, 5, 0)).Message);
    }
}
