using System;
using System.IO;
using System.Linq;
using ModelGen.Forecasting;
using ModelGen.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>A recurrent encoder read out as a Normal distribution for each of 12 steps: [batch, 12, 1, 2] of loc and scale.</summary>
[Model(Input = [48, 3], Output = [12, 1], Distribution = OutputDistribution.Normal, MultiOutput = true)]
public partial class NormalForecaster
{
    [Gru(3, 32)] private readonly GRU encoder;
    [LastStep] [Linear(32, 24)] private readonly Linear head;
}

/// <summary>Student's t for 5 steps of 2 values: [batch, 5, 2, 3] of loc, scale and df.</summary>
[Model(Input = [10, 2], Output = [5, 2], Distribution = OutputDistribution.StudentT, MultiOutput = true)]
public partial class StudentTForecaster
{
    [Gru(2, 16)] private readonly GRU encoder;
    [LastStep] [Linear(16, 30)] private readonly Linear head;
}

/// <summary>Counts: a negative binomial per step, [batch, 6, 1, 2] of mean and dispersion.</summary>
[Model(Input = [24, 1], Output = [6, 1], Distribution = OutputDistribution.NegativeBinomial, MultiOutput = true)]
public partial class CountForecaster
{
    [Flatten] private readonly Flatten flatten;
    [Linear(24, 12)] private readonly Linear head;
}

public sealed class DistributionModelTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-distributions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Linear Head(nn.Module model) => ModelRunner.Child<Linear>(model, "head");

    [Fact]
    public void The_forward_ends_with_the_link_so_its_last_dimension_is_valid_parameters()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var model = new StudentTForecaster();
        // With the head's weights zero, its output is its bias: the forward's parameters are the link of the bias.
        using (no_grad())
        {
            Head(model).weight!.zero_();
            Head(model).bias!.copy_(linspace(-30, 30, 30));
        }

        Tensor output = model.call(randn(4, 10, 2));

        Assert.Equal([4, 5, 2, 3], output.shape);
        Tensor expected = Distributions.Link(OutputDistribution.StudentT, linspace(-30, 30, 30).reshape(1, 5, 2, 3)).expand(4, 5, 2, 3);
        Assert.True(output.allclose(expected, rtol: 1e-6, atol: 0), "the forward's parameters are not the link of the layer's values");
        Assert.True(output.select(-1, 1).min().item<float>() >= Distributions.MinimumPositive, "a scale is not positive");
        Assert.True(output.select(-1, 2).min().item<float>() >= 2, "a df is below 2");
        Assert.Equal(OutputDistribution.StudentT, StudentTForecaster.Distribution);
        Assert.Equal(OutputDistribution.StudentT, ((IDistributionModel)model).Distribution);
        Assert.Equal([1, 5, 2, 3], StudentTForecaster.Summary(1).OutputShape);
    }

    [Fact]
    public void Sample_draws_paths_from_the_forwards_distribution()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var model = new NormalForecaster();
        model.eval();
        Tensor x = randn(2, 48, 3);
        Tensor parameters;
        using (no_grad()) parameters = model.call(x);

        Tensor paths = model.Sample(x, 20_000, new Generator(9));

        Assert.Equal([2, 12, 1, 20_000], paths.shape);
        Assert.False(paths.requires_grad);
        // Each value's paths center on its loc within five standard errors of the mean, scale / √n.
        Tensor error = (paths.mean([-1]) - parameters.select(-1, 0)).abs();
        Tensor bound = 5 * parameters.select(-1, 1) / Math.Sqrt(20_000);
        Assert.True(error.le(bound).all().item<bool>(), $"largest error {error.max().item<float>()}");
        Assert.True(paths.eq(model.Sample(x, 20_000, new Generator(9))).all().item<bool>(), "the same seed drew other paths");
        Assert.Contains("Draw at least one path; got 0", Assert.Throws<ArgumentException>(() => model.Sample(x, 0)).Message);
    }

    [Theory]
    [InlineData(OutputDistribution.Normal)]
    [InlineData(OutputDistribution.StudentT)]
    [InlineData(OutputDistribution.NegativeBinomial)]
    public void The_ONNX_export_links_the_parameters_as_TorchSharp_does_and_names_the_distribution(OutputDistribution distribution)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        (nn.Module<Tensor, Tensor> model, Action<string> export, long[] input) = distribution switch
        {
            OutputDistribution.Normal => Make(new NormalForecaster(), m => m.ExportOnnx, [48, 3]),
            OutputDistribution.StudentT => Make(new StudentTForecaster(), m => m.ExportOnnx, [10, 2]),
            _ => Make(new CountForecaster(), m => m.ExportOnnx, [24, 1]),
        };
        using var owned = model;
        model.eval();
        // Wide inputs, so some values reach softplus's linear end and some its floor.
        Tensor x = randn([5, .. input]) * 20;
        Tensor expected;
        using (no_grad()) expected = model.call(x);
        string file = Path.Combine(_folder, $"{distribution}.onnx");
        export(file);

        using OnnxForecaster forecaster = OnnxForecaster.Load(file);
        var actual = forecaster.Predict(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.data<float>().ToArray(), [.. x.shape.Select(d => (int)d)]));

        Assert.Equal(distribution.ToString(), forecaster.Distribution);
        Assert.Equal(Distributions.ParameterNames(distribution), forecaster.DistributionParameters);
        Assert.Null(forecaster.Quantiles);
        Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d));
        float largest = expected.data<float>().ToArray().Zip(actual.Buffer.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-5f, $"largest difference {largest}");

        static (nn.Module<Tensor, Tensor>, Action<string>, long[]) Make<T>(T model, Func<T, Action<string>> export, long[] input) where T : nn.Module<Tensor, Tensor> =>
            (model, export(model), input);
    }

    [Theory]
    [InlineData("modelgen.quantiles", "[0.1, 0.9]", "metadata lists both quantile levels ('modelgen.quantiles') and a distribution ('modelgen.distribution')")]
    [InlineData("modelgen.feedback", "draws", "metadata 'modelgen.feedback' is 'draws'; expected mean or median")]
    [InlineData("modelgen.distribution", "Gumbel", "metadata 'modelgen.distribution' is 'Gumbel', which is not a distribution ModelGen knows")]
    public void An_export_with_damaged_distribution_metadata_is_refused_naming_it(string key, string value, string expected)
    {
        using var model = new NormalForecaster();
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);

        var error = Assert.Throws<InvalidDataException>(() => OnnxForecaster.Load(QuantileTests.WithMetadata(stream.ToArray(), key, value)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Quantiles_are_refused_from_a_distribution_export_saying_what_it_holds()
    {
        using var model = new NormalForecaster();
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);
        using OnnxForecaster forecaster = OnnxForecaster.Load(stream.ToArray());

        var error = Assert.Throws<InvalidOperationException>(() => forecaster.PredictQuantiles(new float[48, 3]));

        Assert.Contains("NormalForecaster forecasts Normal parameters (loc, scale), not quantile levels", error.Message);
    }

    [Fact]
    public void The_trainer_trains_a_distribution_model_on_its_negative_log_likelihood()
    {
        using var series = SeriesTensor.From(QuantileTrainingTests.NoisySeasonalSeries());
        var layout = new CovariateLayout(48, 12, [0]);
        using var train = series.Windows(layout, (_, rows) => 0..500);
        using var validation = series.Windows(layout, (_, rows) => 500..700);
        manual_seed(6);
        using var model = new NormalForecaster();
        var validationData = ForecastData.Of(validation);
        double before = Nll(model, validation, validationData);

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(train), validationData, new TrainingOptions { Epochs = 4, BatchSize = 32, Seed = 6 });

        // The validation loss it kept is the negative log-likelihood of the kept weights' forecasts, and it fell.
        double after = Nll(model, validation, validationData);
        Assert.Equal(after, result.BestValidationLoss, 4);
        Assert.True(after < before, $"NLL {before} before training, {after} after");
        Assert.Contains("forecasts Normal parameters, which have no one squared error",
            Assert.Throws<ArgumentException>(() => ForecastTrainer.MeanSquaredError(model, validationData)).Message);

        static double Nll(NormalForecaster model, SeriesWindows windows, ForecastData<Tensor> data)
        {
            using var scope = NewDisposeScope();
            return Losses.NegativeLogLikelihood(ForecastTrainer.Predict(model, data), windows.Targets(windows.All()), OutputDistribution.Normal).item<float>();
        }
    }
}
