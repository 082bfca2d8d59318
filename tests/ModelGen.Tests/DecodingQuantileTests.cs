using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Forecasting;
using ModelGen.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>An autoregressive head forecasting quantiles: each step reads out three levels and feeds the median back.</summary>
[Model(Input = [10, 3], Output = [5, 1], Quantiles = [0.1, 0.5, 0.9])]
public partial class AutoregressiveQuantiles
{
    [Gru(3, 16)] private readonly GRU encoder;
    [LastStep] [AutoregressiveGru(16, 1, 5, FirstInput = [0])] private readonly AutoregressiveGruHead decoder;
}

/// <summary>A DirRec head forecasting quantiles of two values: later steps read the earlier medians.</summary>
[Model(Input = [10, 3], Output = [4, 2], Quantiles = [0.25, 0.5, 0.75, 0.95])]
public partial class DirRecQuantiles
{
    [Gru(3, 16)] private readonly GRU encoder;
    [LastStep] [DirRec(16, 2, 4)] private readonly DirRecHead heads;
}

public sealed class DecodingQuantileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-decoding-quantiles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Models() => new([nameof(AutoregressiveQuantiles), nameof(DirRecQuantiles)]);

    private static (nn.Module<Tensor, Tensor> Model, IForecastModel Forecaster, int Median, Action<string> Export) Create(string name)
    {
        manual_seed(name.Length);
        if (name == nameof(AutoregressiveQuantiles))
        {
            var model = new AutoregressiveQuantiles();
            return (model, model, 1, model.ExportOnnx);
        }
        var dirRec = new DirRecQuantiles();
        return (dirRec, dirRec, 1, dirRec.ExportOnnx);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Each_step_reads_out_every_level_and_feeds_back_the_median(string name)
    {
        (nn.Module<Tensor, Tensor> model, IForecastModel forecaster, int median, _) = Create(name);
        using var owned = model;
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn(4, 10, 3);
        var fed = new Dictionary<int, Tensor>();

        Tensor output;
        using (no_grad()) output = forecaster.Forecast(x, (step, value) => fed[step] = value.clone().MoveToOuterDisposeScope());

        int horizon = forecaster.Horizon;
        long values = output.shape[2];
        Assert.Equal(4, output.shape[0]);
        Assert.Equal(horizon, output.shape[1]);
        Assert.Equal(horizon - 1, fed.Count);
        // What each step fed on is its median forecast: [batch, values], level 0.5 of each value.
        for (int step = 0; step < horizon - 1; step++)
        {
            Assert.Equal([4, values], fed[step].shape);
            Assert.True(fed[step].eq(output[.., step, .., median]).all().item<bool>(),
                $"step {step + 1} fed back something else than its median");
        }
        // Every step after the first depends on the medians before it, none on a later one.
        DependenceMatrix dependence = DependenceProbe.Measure(forecaster, x);
        for (int k = 0; k < horizon; k++)
            for (int j = 0; j < horizon - 1; j++)
                Assert.True(j < k ? dependence[k, j] > 0 : dependence[k, j] == 0, $"y{k + 1} on ŷ{j + 1}: {dependence[k, j]}");
    }

    [Fact]
    public void Teacher_forcing_takes_targets_without_the_levels_and_feeds_them_back()
    {
        using var model = new AutoregressiveQuantiles();
        using var scope = NewDisposeScope();
        Tensor x = randn(3, 10, 3), targets = randn(3, 5, 1);
        model.train();

        Tensor forced = model.TrainingForward(x, targets, 1.0);
        var fed = new List<Tensor>();
        model.eval();
        Tensor free;
        using (no_grad()) free = model.Forecast(x, (_, value) => { fed.Add(value); return value; });

        Assert.Equal([3, 5, 1, 3], forced.shape);
        Assert.Equal([3, 5, 1, 3], free.shape);
        // The first step is fed the input either way; later steps were fed the truth, so they differ from inference.
        Assert.True(forced[.., 0].allclose(free[.., 0], atol: 1e-6));
        Assert.False(forced[.., 1].allclose(free[.., 1], atol: 1e-3));
        Assert.Contains("expects targets of shape [3, 5, 1]",
            Assert.Throws<ArgumentException>(() => model.TrainingForward(x, randn(3, 5, 1, 3), 1.0)).Message);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_ONNX_export_feeds_back_the_median_as_TorchSharp_does(string name)
    {
        (nn.Module<Tensor, Tensor> model, _, _, Action<string> export) = Create(name);
        using var owned = model;
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn(5, 10, 3);
        Tensor expected;
        using (no_grad()) expected = model.call(x);
        string file = Path.Combine(_folder, name + ".onnx");
        export(file);

        using OnnxForecaster forecaster = OnnxForecaster.Load(file);
        var actual = forecaster.Predict(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.data<float>().ToArray(), [5, 10, 3]));

        Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d));
        Assert.Equal(expected.shape[^1], forecaster.Quantiles!.Count);
        Assert.Equal("median", forecaster.Feedback);
        float largest = expected.data<float>().ToArray().Zip(actual.Buffer.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-5f, $"largest difference {largest}");
    }

    [Fact]
    public void The_trainer_trains_an_autoregressive_quantile_model_on_the_pinball_loss_with_teacher_forcing()
    {
        float[,] values = QuantileTrainingTests.NoisySeasonalSeries();
        using var series = SeriesTensor.From(values);
        var layout = new CovariateLayout(10, 5, [0]);
        using var train = series.Windows(layout, (_, rows) => 0..500);
        using var validation = series.Windows(layout, (_, rows) => 500..700);
        manual_seed(8);
        using var model = new AutoregressiveQuantiles();
        var validationData = ForecastData.Of(validation);

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(train), validationData, new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 8 });

        using var scope = NewDisposeScope();
        Tensor forecasts = ForecastTrainer.Predict(model, validationData);
        Assert.Equal(new long[] { validation.Count, 5, 1, 3 }, forecasts.shape);
        double pinball = Losses.Pinball(forecasts, validation.Targets(validation.All()), AutoregressiveQuantiles.Quantiles).item<float>();
        Assert.Equal(pinball, result.BestValidationLoss, 4);
        Assert.Contains(result.History, e => e.TeacherForcing > 0);
    }
}
