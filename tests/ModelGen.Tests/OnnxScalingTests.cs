using System;
using System.IO;
using System.Linq;
using ModelGen.Forecasting;
using ModelGen.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>A Normal per step of <see cref="MyModel"/>'s input and output, read out at once, for the raw-unit export.</summary>
[Model(Input = [10, 3], Output = [5, 1], Distribution = OutputDistribution.Normal, MultiOutput = true)]
public partial class ScaledNormalModel
{
    [Gru(3, 8)] private readonly TorchSharp.Modules.GRU encoder;
    [LastStep] [Linear(8, 10)] private readonly TorchSharp.Modules.Linear head;
}

/// <summary>Student's t per step from an autoregressive head (its deterministic path), for the raw-unit export.</summary>
[Model(Input = [10, 3], Output = [5, 1], Distribution = OutputDistribution.StudentT)]
public partial class ScaledDeepAr
{
    [Gru(3, 8)] private readonly TorchSharp.Modules.GRU encoder;
    [LastStep] [AutoregressiveGru(8, 1, 5, FirstInput = [0])] private readonly AutoregressiveGruHead head;
}

/// <summary>A quantile model of <see cref="MyModel"/>'s input and output, for the raw-unit export.</summary>
[Model(Input = [10, 3], Output = [5, 1], Quantiles = [0.1, 0.5, 0.9], MultiOutput = true)]
public partial class ScaledQuantileModel
{
    [Gru(3, 8)] private readonly TorchSharp.Modules.GRU encoder;
    [LastStep] [Linear(8, 15)] private readonly TorchSharp.Modules.Linear head;
}

/// <summary>
/// <c>ExportOnnx(path, trainedOn)</c>: the training record's scaling folded into the graph, so ONNX Runtime takes raw
/// rows and forecasts in the target's units, as the TorchSharp model does between the scalers.
/// </summary>
public sealed class OnnxScalingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-onnx-scaling-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly string[] Columns = ["demand", "price", "weekday"];

    /// <summary>A rising series; its first 30 rows and its second column's first 40 are constant, so some windows hit the constant-window rule.</summary>
    private static float[,] Series(int rows = 300)
    {
        var values = new float[rows, 3];
        for (int r = 0; r < rows; r++)
        {
            values[r, 0] = r < 30 ? 42 : 50 + 0.3f * r + 4 * MathF.Sin(r / 5f);
            values[r, 1] = r < 40 ? 5 : 10 * MathF.Cos(r / 9f);
            values[r, 2] = r % 7;
        }
        return values;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Raw_rows_through_ONNX_Runtime_give_the_TorchSharp_forecast_in_the_targets_units(bool perWindow)
    {
        manual_seed(3);
        using var model = new MyModel();
        OnnxForecaster forecaster = ExportAndCompare(model, model.ExportOnnx, perWindow,
            (onnx, windows) => [.. onnx.Predict(windows).SelectMany(f => f.Cast<float>())]);
        Assert.Equal(Columns, forecaster.Columns);
        Assert.Equal(["demand"], forecaster.Targets);
        Assert.Equal(perWindow ? "series+window" : "series", forecaster.Scaling);
        forecaster.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_quantile_models_raw_export_maps_every_level_back_with_its_targets_statistics(bool perWindow)
    {
        // Many windows in one batch: statistics broadcast over the batch instead of the levels would still run at batch 1.
        manual_seed(4);
        using var model = new ScaledQuantileModel();
        using OnnxForecaster forecaster = ExportAndCompare(model, model.ExportOnnx, perWindow,
            (onnx, windows) => [.. onnx.PredictQuantiles(windows).SelectMany(f => f.Values.Cast<float>())]);
        Assert.Equal(ScaledQuantileModel.Quantiles, forecaster.Quantiles);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_distribution_models_raw_export_maps_locations_and_scales_back_and_keeps_df(bool perWindow, bool decoding)
    {
        manual_seed(5);
        using nn.Module<Tensor, Tensor> model = decoding ? new ScaledDeepAr() : new ScaledNormalModel();
        OutputDistribution distribution = ((IDistributionModel)model).Distribution;
        Action<string, TrainingRecord> export = model is ScaledDeepAr deepAr ? deepAr.ExportOnnx : ((ScaledNormalModel)model).ExportOnnx;

        using OnnxForecaster forecaster = ExportAndCompare(model, export, perWindow,
            (onnx, windows) => [.. onnx.Predict(windows).SelectMany(f => f.Cast<float>())], distribution);

        Assert.Equal(distribution.ToString(), forecaster.Distribution);
    }

    [Fact]
    public void A_count_model_has_no_raw_export_and_the_exporter_refuses_one()
    {
        Assert.Null(typeof(CountForecaster).GetMethod("ExportOnnx", [typeof(string), typeof(TrainingRecord)]));
        Assert.NotNull(typeof(ScaledNormalModel).GetMethod("ExportOnnx", [typeof(string), typeof(TrainingRecord)]));
        Assert.Contains("forecasts counts, which are modelled as they are, not standardised",
            Assert.Throws<NotSupportedException>(() => Distributions.Rescale(OutputDistribution.NegativeBinomial, ones(1, 2), zeros(1), ones(1))).Message);
    }

    /// <summary>
    /// Exports <paramref name="model"/> with a record of <see cref="Series"/> and checks that ONNX Runtime, given every
    /// window's raw rows, forecasts what TorchSharp does between the scalers (for a distribution, its parameters mapped
    /// back with <see cref="Distributions.Rescale"/>); returns the loaded export.
    /// </summary>
    private OnnxForecaster ExportAndCompare(nn.Module<Tensor, Tensor> model, Action<string, TrainingRecord> export, bool perWindow,
        Func<OnnxForecaster, float[][,], float[]> predict, OutputDistribution? distribution = null)
    {
        float[,] raw = Series();
        Standardizer scaler = Standardizer.Fit(raw, 0..200);
        var record = new TrainingRecord(model.GetType().Name, Columns, ["demand"], scaler) { PerWindowScaling = perWindow };
        model.eval();
        string file = Path.Combine(_folder, "model.onnx");
        export(file, record);

        // TorchSharp: the series standardised with the training statistics, each window scaled per window or not,
        // the forecast mapped back the same way.
        using SeriesTensor series = SeriesTensor.From(scaler.Transform(raw));
        using SeriesWindows windows = series.Windows(new CovariateLayout(10, 5, [0]));
        ForecastData<Tensor> data = perWindow ? WindowScaling.Of(windows) : ForecastData.Of(windows);
        using var scope = NewDisposeScope();
        Tensor index = arange(windows.Count, dtype: ScalarType.Int64);
        Tensor forecast;
        using (no_grad()) forecast = model.call(data.Input(windows, index));
        float[] expected;
        if (distribution is { } kind)
        {
            if (perWindow) forecast = WindowScaling.Inverse(forecast, windows, index, kind);
            expected = Distributions.Rescale(kind, forecast, tensor(scaler.Means[0]), tensor(scaler.Scales[0])).data<float>().ToArray();
        }
        else
        {
            if (perWindow) forecast = WindowScaling.Inverse(forecast, windows, index);
            expected = [.. forecast.data<float>().ToArray().Select(v => scaler.Inverse(v, 0))];
        }

        // ONNX Runtime: the raw rows of the same windows.
        OnnxForecaster forecaster = OnnxForecaster.Load(file);
        var inputs = Enumerable.Range(0, (int)windows.Count).Select(w =>
        {
            var window = new float[10, 3];
            for (int s = 0; s < 10; s++)
                for (int c = 0; c < 3; c++) window[s, c] = raw[w + s, c];
            return window;
        }).ToArray();
        float[] actual = predict(forecaster, inputs);

        Assert.Equal(expected.Length, actual.Length);
        // In the target's units (tens to about a hundred here); 1e-5 of its training scale.
        double largest = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(largest <= 1e-5 * scaler.Scales[0], $"largest difference {largest} (scale {scaler.Scales[0]})");
        return forecaster;
    }

    [Fact]
    public void An_export_without_a_record_says_it_takes_the_models_own_units()
    {
        using var model = new MyModel();
        string file = Path.Combine(_folder, "plain.onnx");
        model.ExportOnnx(file);

        using OnnxForecaster forecaster = OnnxForecaster.Load(file);

        Assert.Null(forecaster.Columns);
        Assert.Null(forecaster.Targets);
        Assert.Equal("none", forecaster.Scaling);
    }

    [Fact]
    public void A_record_that_does_not_fit_the_model_or_is_of_many_series_is_refused_and_nothing_is_written()
    {
        using var model = new MyModel();
        string file = Path.Combine(_folder, "refused.onnx");
        var twoColumns = new TrainingRecord(nameof(MyModel), ["demand", "price"], ["demand"], Standardizer.FromStatistics([0f, 0f], [1f, 1f]));
        var panel = new TrainingRecord(nameof(MyModel), Columns, ["demand"], ["north", "south"],
            PerSeriesStandardizer.FromScalers([Standardizer.FromStatistics([0f, 0f, 0f], [1f, 1f, 1f]), Standardizer.FromStatistics([1f, 1f, 1f], [2f, 2f, 2f])]));

        var wrongColumns = Assert.Throws<ArgumentException>(() => model.ExportOnnx(file, twoColumns));
        var manySeries = Assert.Throws<NotSupportedException>(() => model.ExportOnnx(file, panel));

        Assert.Contains("The record is of 2 columns (demand, price), but MyModel takes [10, 3]", wrongColumns.Message);
        Assert.Contains("The record is of 2 series, each standardised with its own statistics", manySeries.Message);
        Assert.Throws<ArgumentNullException>(() => model.ExportOnnx(file, null!));
        Assert.False(File.Exists(file));
    }
}
