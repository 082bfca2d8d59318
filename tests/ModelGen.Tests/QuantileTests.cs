using System;
using System.IO;
using System.Linq;
using ModelGen.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

// The declaration issue #16 gives, exactly.
[Model(Input = [48, 3], Output = [12, 1], Quantiles = [0.1, 0.5, 0.9])]
public partial class QuantileForecaster          // forward: [batch, 12, 1, 3]
{
    [Gru(3, 64)] private readonly GRU encoder;
    [LastStep] [Linear(64, 36)] private readonly Linear head;    // 12 · 1 · 3 values
}

public sealed class QuantileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-quantiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_contract_model_forecasts_each_step_at_its_quantile_levels_and_trains_with_the_pinball_loss()
    {
        manual_seed(1);
        using var model = new QuantileForecaster();
        using var scope = NewDisposeScope();
        Tensor x = randn(4, 48, 3), y = randn(4, 12, 1);

        Tensor forecast = model.call(x);
        using var loss = Losses.Pinball(model.call(x), y, QuantileForecaster.Quantiles);   // y: [batch, 12, 1]
        loss.backward();

        Assert.Equal(new long[] { 4, 12, 1, 3 }, forecast.shape);
        Assert.Equal([0.1, 0.5, 0.9], QuantileForecaster.Quantiles);
        Assert.Equal(QuantileForecaster.Quantiles, ((IQuantileModel)model).Quantiles);
        Assert.True(loss.item<float>() > 0);
        Assert.NotNull(model.parameters().First().grad);
        Assert.Equal([4, 12, 1, 3], QuantileForecaster.Summary(4).OutputShape);
    }

    [Fact]
    public void The_pinball_loss_is_the_mean_of_max_q_e_and_q_minus_1_e()
    {
        // Two steps, levels 0.1 and 0.9; truth 1 and 3.
        using Tensor prediction = tensor(new float[] { 0, 2, 4, 5 }, [1, 2, 2]);   // step 0: 0, 2; step 1: 4, 5
        using Tensor target = tensor(new float[] { 1, 3 }, [1, 2]);
        // e = 1 − 0 = 1 → max(0.1, −0.9) = 0.1;  e = 1 − 2 = −1 → max(−0.9, 0.1) = 0.1;
        // e = 3 − 4 = −1 → max(−0.1, 0.9) = 0.9;  e = 3 − 5 = −2 → max(−1.8, 0.2) = 0.2.
        double expected = (0.1 + 0.1 + 0.9 + 0.2) / 4;

        using Tensor loss = Losses.Pinball(prediction, target, [0.1, 0.9]);

        Assert.Equal(expected, loss.item<float>(), 6);
    }

    [Fact]
    public void The_pinball_loss_names_shapes_that_do_not_fit_and_levels_outside_0_1()
    {
        using Tensor prediction = zeros(2, 12, 1, 3), target = zeros(2, 12, 1);

        var wrongTarget = Assert.Throws<ArgumentException>(() => Losses.Pinball(prediction, zeros(2, 12), [0.1, 0.5, 0.9]));
        var wrongCount = Assert.Throws<ArgumentException>(() => Losses.Pinball(prediction, target, [0.1, 0.9]));
        var outside = Assert.Throws<ArgumentException>(() => Losses.Pinball(prediction, target, [0.1, 0.5, 1.0]));

        Assert.Contains("The prediction is [2, 12, 1, 3] and the target [2, 12], for 3 quantile level(s): expected a prediction of the target's shape with a last dimension of 3, [2, 12, 3]", wrongTarget.Message);
        Assert.Contains("expected a prediction of the target's shape with a last dimension of 2, [2, 12, 1, 2]", wrongCount.Message);
        Assert.Contains("Quantile level 2 is 1; each level must lie in (0, 1)", outside.Message);
    }

    [Fact]
    public void Sorting_crossed_quantiles_makes_them_increasing_and_never_raises_the_pinball_loss()
    {
        manual_seed(5);
        double[] levels = [0.1, 0.5, 0.9];
        using var scope = NewDisposeScope();
        // Forecasts whose levels cross often (independent noise), against many targets.
        Tensor crossed = randn(500, 12, 1, 3), target = randn(500, 12, 1);

        Tensor sorted = QuantileForecasts.Sorted(crossed);

        Assert.True((crossed[.., .., .., 1] < crossed[.., .., .., 0]).any().item<bool>(), "the test forecasts do not cross");
        Assert.True((sorted[.., .., .., 1..] >= sorted[.., .., .., ..^1]).all().item<bool>());
        Assert.True(Losses.Pinball(sorted, target, levels).item<float>() <= Losses.Pinball(crossed, target, levels).item<float>());
        // Per window too: the rearrangement never costs anything, window by window.
        Tensor perWindowCrossed = PerWindow(crossed, target, levels), perWindowSorted = PerWindow(sorted, target, levels);
        Assert.True((perWindowSorted <= perWindowCrossed + 1e-6f).all().item<bool>());
    }

    private static Tensor PerWindow(Tensor prediction, Tensor target, double[] levels)
    {
        Tensor q = tensor(levels.Select(l => (float)l).ToArray());
        Tensor e = target.unsqueeze(-1) - prediction;
        return maximum(q * e, (q - 1) * e).mean([1, 2, 3]);
    }

    [Fact]
    public void The_ONNX_export_carries_the_quantiles_dimension_and_matches_TorchSharp()
    {
        manual_seed(2);
        using var model = new QuantileForecaster();
        model.eval();
        string file = Path.Combine(_folder, "quantiles.onnx");
        model.ExportOnnx(file);
        using var scope = NewDisposeScope();
        Tensor x = randn(3, 48, 3);
        Tensor expected;
        using (no_grad()) expected = model.call(x);

        using OnnxForecaster forecaster = OnnxForecaster.Load(file);
        var actual = forecaster.Predict(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.data<float>().ToArray(), [3, 48, 3]));

        Assert.Equal([12, 1, 3], forecaster.OutputShape);
        Assert.Equal([0.1, 0.5, 0.9], forecaster.Quantiles);
        Assert.Equal([3, 12, 1, 3], actual.Dimensions.ToArray());
        float largest = expected.data<float>().ToArray().Zip(actual.Buffer.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-5f, $"largest difference {largest}");

        // The same forecasts window by window, with their levels: Values[step, value, level], At(level) one level's.
        float[][,] windows = [.. Enumerable.Range(0, 3).Select(w =>
        {
            var window = new float[48, 3];
            Buffer.BlockCopy(x[w].contiguous().data<float>().ToArray(), 0, window, 0, 48 * 3 * sizeof(float));
            return window;
        })];
        ModelGen.Onnx.QuantileForecast[] quantiles = forecaster.PredictQuantiles(windows);
        Assert.Equal(3, quantiles.Length);
        Assert.Equal([0.1, 0.5, 0.9], quantiles[2].Levels);
        Assert.Equal([12, 1, 3], new[] { 0, 1, 2 }.Select(quantiles[2].Values.GetLength));
        Assert.Equal(actual[2, 7, 0, 1], quantiles[2].Values[7, 0, 1]);
        Assert.Equal(actual[1, 11, 0, 2], quantiles[1].At(0.9)[11, 0]);
        Assert.Contains("The level 0.25 is not among the model's levels (0.1, 0.5, 0.9)", Assert.Throws<ArgumentException>(() => quantiles[0].At(0.25)).Message);
    }

    [Fact]
    public void Quantiles_are_refused_from_a_point_model_saying_so()
    {
        using var model = new MyModel();
        string file = Path.Combine(_folder, "points.onnx");
        model.ExportOnnx(file);
        using OnnxForecaster forecaster = OnnxForecaster.Load(file);

        var error = Assert.Throws<InvalidOperationException>(() => forecaster.PredictQuantiles(new float[10, 3]));

        Assert.Contains("MyModel forecasts points", error.Message);
        Assert.Null(forecaster.Quantiles);
    }

    [Theory]
    [InlineData("modelgen.quantiles", "[0.1, 2]", "metadata 'modelgen.quantiles' is not a list of levels in (0, 1) ([0.1, 2])")]
    [InlineData("modelgen.quantiles", "[0.1, 0.9]", "metadata 'modelgen.quantiles' lists 2 levels, but the output [12, 1, 3] does not end with that many")]
    [InlineData("modelgen.columns", "{}", "metadata 'modelgen.columns' is not a list of column names ({})")]
    public void An_export_with_damaged_quantile_or_column_metadata_is_refused_naming_the_key(string key, string value, string expected)
    {
        using var model = new QuantileForecaster();
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);

        var error = Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(WithMetadata(stream.ToArray(), key, value)));

        Assert.Contains(expected, error.Message);
    }

    /// <summary>An export's bytes with one metadata entry set to <paramref name="value"/> (replaced, or added).</summary>
    internal static byte[] WithMetadata(byte[] export, string key, string value)
    {
        global::Onnx.ModelProto proto = global::Onnx.ModelProto.Parser.ParseFrom(export);
        proto.MetadataProps.Where(p => p.Key == key).ToList().ForEach(p => proto.MetadataProps.Remove(p));
        proto.MetadataProps.Add(new global::Onnx.StringStringEntryProto { Key = key, Value = value });
        return Google.Protobuf.MessageExtensions.ToByteArray(proto);
    }
}

public class QuantileTrainingTests
{
    /// <summary>A noisy seasonal series of 700 rows and three columns, for windows of 48 steps and 12 ahead.</summary>
    internal static float[,] NoisySeasonalSeries()
    {
        var values = new float[700, 3];
        var random = new Random(4);
        for (int r = 0; r < 700; r++)
        {
            values[r, 0] = MathF.Sin(r / 6f) + 0.3f * (float)(random.NextDouble() - 0.5);
            values[r, 1] = MathF.Cos(r / 6f);
            values[r, 2] = r % 5 / 5f;
        }
        return values;
    }

    [Fact]
    public void The_trainer_trains_a_quantile_model_on_the_pinball_loss_of_its_levels()
    {
        using var series = Forecasting.SeriesTensor.From(NoisySeasonalSeries());
        var layout = new Forecasting.CovariateLayout(48, 12, [0]);
        using var train = series.Windows(layout, (_, rows) => 0..500);
        using var validation = series.Windows(layout, (_, rows) => 500..700);
        manual_seed(6);
        using var model = new QuantileForecaster();
        var validationData = Forecasting.ForecastData.Of(validation);

        Forecasting.TrainingResult result = Forecasting.ForecastTrainer.Fit(model, Forecasting.ForecastData.Of(train), validationData,
            new Forecasting.TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 6 });

        // The validation loss it kept is the pinball loss of the kept weights' forecasts, not a squared error.
        using var scope = NewDisposeScope();
        Tensor all = validation.All();
        Tensor forecasts = Forecasting.ForecastTrainer.Predict(model, validationData);
        double pinball = Losses.Pinball(forecasts, validation.Targets(all), QuantileForecaster.Quantiles).item<float>();
        Assert.Equal(pinball, result.BestValidationLoss, 4);
        Assert.Equal(new long[] { validation.Count, 12, 1, 3 }, forecasts.shape);
        Assert.Contains("forecasts quantiles, which have no one squared error",
            Assert.Throws<ArgumentException>(() => Forecasting.ForecastTrainer.MeanSquaredError(model, validationData)).Message);
    }
}
