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

/// <summary>
/// DeepAR's shape: a recurrent encoder over past values and a covariate, then an autoregressive decoder that forecasts
/// a Normal per step, feeding back the mean on its deterministic path and each path's own draw when sampling.
/// </summary>
[Model(Input = [24, 2], Output = [6, 1], Distribution = OutputDistribution.Normal)]
public partial class DeepArForecaster
{
    [Lstm(2, 16)] private readonly LSTM encoder;
    [LastStep] [AutoregressiveGru(16, 1, 6, FirstInput = [0])] private readonly AutoregressiveGruHead head;
}

/// <summary>Counts: the same decoder forecasting a negative binomial per step.</summary>
[Model(Input = [12, 1], Output = [4, 1], Distribution = OutputDistribution.NegativeBinomial)]
public partial class DeepArCounts
{
    [Gru(1, 8)] private readonly GRU encoder;
    [LastStep] [AutoregressiveGru(8, 1, 4, FirstInput = [0])] private readonly AutoregressiveGruHead head;
}

/// <summary>DeepAR with named inputs: a series embedding joined to the past window, and future covariates fed at each step.</summary>
public sealed record DeepArInputs(
    [property: Shape(12, 2)] Tensor Past,
    [property: Shape(4, 1)] Tensor Future,
    [property: Categorical(3)] Tensor Series);

/// <inheritdoc cref="DeepArInputs"/>
[Model(Inputs = typeof(DeepArInputs), Output = [4, 1], Distribution = OutputDistribution.Normal)]
public partial class DeepArNamed
{
    [From(nameof(DeepArInputs.Series))] [Embedding(3, 2)] private readonly Embedding series;
    [From(nameof(DeepArInputs.Past), nameof(series))] [Lstm(4, 8)] private readonly LSTM encoder;

    [LastStep]
    [AutoregressiveGru(8, 1, 4, FirstInput = [0], FirstInputFrom = nameof(DeepArInputs.Past), Covariates = nameof(DeepArInputs.Future))]
    private readonly AutoregressiveGruHead head;
}

public sealed class SampledDecodingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-sampled-decoding-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_deterministic_path_links_each_steps_parameters_and_feeds_back_their_mean()
    {
        manual_seed(11);
        using var model = new DeepArForecaster();
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn(4, 24, 2);
        var fed = new Dictionary<int, Tensor>();

        Tensor output;
        using (no_grad()) output = model.Forecast(x, (step, value) => fed[step] = value.clone().MoveToOuterDisposeScope());

        Assert.Equal([4, 6, 1, 2], output.shape);
        Assert.True(output.select(-1, 1).min().item<float>() >= Distributions.MinimumPositive, "a scale is not positive");
        for (int step = 0; step < 5; step++)
            Assert.True(fed[step].eq(output[.., step, .., 0]).all().item<bool>(), $"step {step + 1} fed back something else than its mean");
        DependenceMatrix dependence = DependenceProbe.Measure(model, x);
        Assert.True(dependence.AnyConditioned && dependence[5, 4] > 0 && dependence[0, 1] == 0);
    }

    /// <summary>
    /// What a sampled path is, written out from the head's documentation: each step's parameters from the cell's state,
    /// a draw from them (the generator's next numbers), and that draw fed to the next step.
    /// </summary>
    [Fact]
    public void A_sampled_path_feeds_each_step_its_own_draw()
    {
        manual_seed(12);
        using var model = new DeepArForecaster();
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn(3, 24, 2);

        Tensor paths = model.Sample(x, 1, new Generator(21));

        // By hand: the encoder's last step seeds the head, whose cell and read-out decode with draws fed back.
        var head = ModelRunner.Child<AutoregressiveGruHead>(model, "head");
        var cell = ModelRunner.Child<GRUCell>(head, "cell");
        var readout = ModelRunner.Child<Linear>(head, "readout");
        var generator = new Generator(21);
        var expected = new List<Tensor>();
        using (no_grad())
        {
            (Tensor encoded, _, _) = ModelRunner.Child<LSTM>(model, "encoder").call(x);
            Tensor state = encoded.select(1, -1), input = x.select(1, -1).narrow(1, 0, 1);
            for (int step = 0; step < 6; step++)
            {
                state = cell.call(input, state);
                Tensor parameters = Distributions.Link(OutputDistribution.Normal, readout.call(state).reshape(-1, 1, 2));
                input = Distributions.Sample(OutputDistribution.Normal, parameters, 1, generator).squeeze(-1);
                expected.Add(input);
            }
        }

        Assert.Equal([3, 6, 1, 1], paths.shape);
        Assert.True(paths.squeeze(-1).allclose(stack(expected, 1), rtol: 1e-5, atol: 1e-6), "the sampled path is not the one its steps' draws make");
        Assert.Contains("Draw at least one path; got 0", Assert.Throws<ArgumentException>(() => model.Sample(x, 0)).Message);
        Assert.Contains("expects input of shape", Assert.Throws<ArgumentException>(() => model.Sample(randn(3, 10, 2), 5)).Message);
    }

    /// <summary>
    /// Every path starts from the same state and input, so its first step is drawn from the deterministic path's first
    /// distribution: the draws' mean and spread match its loc and scale within five standard errors (of the mean,
    /// scale / √n; of the variance, √((m₄ − s⁴) / n)). (That later steps follow each path's own draws is checked by hand above.)
    /// </summary>
    /// <summary>
    /// With named inputs every input is repeated once per path (the series ids too), and each path is decoded with its own
    /// draws and the covariates of each step: the same paths as written out by hand.
    /// </summary>
    [Fact]
    public void Named_inputs_are_repeated_per_path_and_each_path_decoded_with_its_draws()
    {
        manual_seed(13);
        using var model = new DeepArNamed();
        model.eval();
        using var scope = NewDisposeScope();
        var inputs = new DeepArInputs(randn(3, 12, 2), randn(3, 4, 1), tensor(new long[] { 2, 0, 1 }));

        Tensor paths = model.Sample(inputs, 2, new Generator(31));

        var head = ModelRunner.Child<AutoregressiveGruHead>(model, "head");
        var cell = ModelRunner.Child<GRUCell>(head, "cell");
        var readout = ModelRunner.Child<Linear>(head, "readout");
        var generator = new Generator(31);
        var expected = new List<Tensor>();
        using (no_grad())
        {
            Tensor past = inputs.Past.repeat_interleave(2, 0), future = inputs.Future.repeat_interleave(2, 0);
            Tensor series = ModelRunner.Child<Embedding>(model, "series").call(inputs.Series.repeat_interleave(2, 0));
            (Tensor encoded, _, _) = ModelRunner.Child<LSTM>(model, "encoder").call(cat([past, series.unsqueeze(1).expand(-1, 12, -1)], 2));
            Tensor state = encoded.select(1, -1), fed = past.select(1, -1).narrow(1, 0, 1);
            for (int step = 0; step < 4; step++)
            {
                state = cell.call(cat([fed, future.select(1, step)], 1), state);
                Tensor parameters = Distributions.Link(OutputDistribution.Normal, readout.call(state).reshape(-1, 1, 2));
                fed = Distributions.Sample(OutputDistribution.Normal, parameters, 1, generator).squeeze(-1);
                expected.Add(fed);
            }
        }
        Tensor byHand = stack(expected, 1).reshape(3, 2, 4, 1).movedim(new long[] { 1 }, new long[] { -1 });

        Assert.Equal([3, 4, 1, 2], paths.shape);
        Assert.True(paths.allclose(byHand, rtol: 1e-5, atol: 1e-6), "the sampled paths are not the ones their steps' draws make");
        Assert.False(paths[.., .., .., 0].allclose(paths[.., .., .., 1]), "the two paths of each sample are the same");
        Assert.Contains("Series", Assert.ThrowsAny<ArgumentException>(() => model.Sample(inputs with { Series = tensor(new long[] { 0, 1, 5 }) }, 2)).Message);
    }

    [Fact]
    public void Paths_start_from_the_first_steps_distribution()
    {
        const int n = 20_000;
        manual_seed(13);
        using var model = new DeepArForecaster();
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn(2, 24, 2);
        Tensor parameters;
        using (no_grad()) parameters = model.call(x);

        Tensor paths = model.Sample(x, n, new Generator(5));

        Assert.Equal([2, 6, 1, n], paths.shape);
        for (int w = 0; w < 2; w++)
        {
            double[] first = [.. paths[w, 0, 0].data<float>().ToArray().Select(v => (double)v)];
            double loc = parameters[w, 0, 0, 0].item<float>(), scale = parameters[w, 0, 0, 1].item<float>();
            double m = first.Average(), s2 = first.Sum(v => (v - m) * (v - m)) / (n - 1), m4 = first.Sum(v => Math.Pow(v - m, 4)) / n;
            Assert.True(Math.Abs(m - loc) <= 5 * scale / Math.Sqrt(n), $"window {w}: mean {m}, loc {loc}");
            Assert.True(Math.Abs(s2 - scale * scale) <= 5 * Math.Sqrt((m4 - s2 * s2) / n), $"window {w}: variance {s2}, scale² {scale * scale}");
        }
    }

    [Fact]
    public void Count_paths_are_counts()
    {
        manual_seed(14);
        using var model = new DeepArCounts();
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = rand(3, 12, 1) * 10;

        Tensor paths = model.Sample(x, 200, new Generator(3));

        Assert.Equal([3, 4, 1, 200], paths.shape);
        Assert.True(paths.ge(0).all().item<bool>() && paths.eq(paths.floor()).all().item<bool>(), "a sampled count is negative or not whole");
    }

    [Theory]
    [InlineData(nameof(DeepArForecaster))]
    [InlineData(nameof(DeepArCounts))]
    public void The_ONNX_export_is_the_deterministic_path(string name)
    {
        manual_seed(15);
        (nn.Module<Tensor, Tensor> model, Action<string> export, long[] input) = name == nameof(DeepArForecaster)
            ? Make(new DeepArForecaster(), m => m.ExportOnnx, [24, 2])
            : Make(new DeepArCounts(), m => m.ExportOnnx, [12, 1]);
        using var owned = model;
        model.eval();
        using var scope = NewDisposeScope();
        Tensor x = randn([5, .. input]) * 3;
        Tensor expected;
        using (no_grad()) expected = model.call(x);
        string file = Path.Combine(_folder, name + ".onnx");
        export(file);

        using OnnxForecaster forecaster = OnnxForecaster.Load(file);
        var actual = forecaster.Predict(new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(x.data<float>().ToArray(), [.. x.shape.Select(d => (int)d)]));

        Assert.Equal(expected.shape, actual.Dimensions.ToArray().Select(d => (long)d));
        float largest = expected.data<float>().ToArray().Zip(actual.Buffer.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(largest < 1e-5f, $"largest difference {largest}");
        Assert.Equal("mean", forecaster.Feedback);

        static (nn.Module<Tensor, Tensor>, Action<string>, long[]) Make<T>(T model, Func<T, Action<string>> export, long[] input) where T : nn.Module<Tensor, Tensor> =>
            (model, export(model), input);
    }

    [Fact]
    public void The_trainer_trains_it_on_the_negative_log_likelihood_with_teacher_forcing()
    {
        using var series = SeriesTensor.From(QuantileTrainingTests.NoisySeasonalSeries());
        var layout = new CovariateLayout(24, 6, [0]) { PastColumns = [0, 1] };
        using var train = series.Windows(layout, (_, rows) => 0..500);
        using var validation = series.Windows(layout, (_, rows) => 500..700);
        manual_seed(16);
        using var model = new DeepArForecaster();
        var validationData = ForecastData.Of(validation);

        TrainingResult result = ForecastTrainer.Fit(model, ForecastData.Of(train), validationData, new TrainingOptions { Epochs = 3, BatchSize = 32, Seed = 16 });

        using var scope = NewDisposeScope();
        Tensor forecasts = ForecastTrainer.Predict(model, validationData);
        double nll = Losses.NegativeLogLikelihood(forecasts, validation.Targets(validation.All()), OutputDistribution.Normal).item<float>();
        Assert.Equal(nll, result.BestValidationLoss, 4);
        Assert.Contains(result.History, e => e.TeacherForcing > 0);
        Assert.Contains("expects targets of shape [2, 6, 1]",
            Assert.Throws<ArgumentException>(() => model.TrainingForward(randn(2, 24, 2), randn(2, 6, 1, 2), 1.0)).Message);
    }
}
