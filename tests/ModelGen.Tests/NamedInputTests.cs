using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Catalogue;
using ModelGen.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// A model with named inputs (the catalogue's <see cref="CovariateRnn"/>: past [24, 3], future [6, 2], a series id of 7
/// categories) at run time: every input is checked before libtorch sees it, with a message that names it, the value found
/// and what was expected; ONNX Runtime takes the same inputs by name; the summary, the probe and checkpoints work as for
/// a model with one input.
/// </summary>
public class NamedInputTests
{
    private static CovariateInputs Inputs(long batch = 3, Tensor? past = null, Tensor? future = null, Tensor? series = null) =>
        new(past ?? randn(batch, 24, 3), future ?? randn(batch, 6, 2), series ?? tensor(Enumerable.Range(0, (int)batch).Select(i => (long)(i % 7)).ToArray()));

    private static string Error(Func<CovariateInputs> inputs)
    {
        using var model = new CovariateRnn();
        using var scope = NewDisposeScope();
        return Assert.ThrowsAny<ArgumentException>(() => model.call(inputs())).Message;
    }

    [Fact]
    public void Valid_inputs_give_the_declared_output()
    {
        using var model = new CovariateRnn();
        using var scope = NewDisposeScope();

        Tensor output = model.call(Inputs(batch: 5));

        Assert.Equal([5L, 6, 1], output.shape);
    }

    [Fact]
    public void A_category_out_of_range_names_the_input_the_value_and_the_categories() =>
        Assert.StartsWith("CovariateRnn's input 'Series' holds the category 7, but its categories are 0 to 6.",
            Error(() => Inputs(series: tensor(new long[] { 0, 7, 2 }))));

    [Fact]
    public void A_negative_category_is_refused() =>
        Assert.StartsWith("CovariateRnn's input 'Series' holds the category -1, but its categories are 0 to 6.",
            Error(() => Inputs(series: tensor(new long[] { 0, -1, 2 }))));

    [Fact]
    public void Float_values_where_category_ids_are_declared_are_refused() =>
        Assert.StartsWith("CovariateRnn's input 'Series' holds category ids, as int64, but it is Float32; convert it with .to(torch.int64) (values 0 to 6).",
            Error(() => Inputs(series: tensor(new float[] { 0, 1, 2 }))));

    [Fact]
    public void A_null_input_is_named()
    {
        using var model = new CovariateRnn();
        var error = Assert.Throws<ArgumentNullException>(() => model.call(new CovariateInputs(randn(3, 24, 3), null!, tensor(new long[] { 0, 1, 2 }))));

        Assert.StartsWith("CovariateRnn's input 'Future' is null; expected [batch, 6, 2].", error.Message);
        Assert.Throws<ArgumentNullException>(() => model.call(null!));
    }

    [Theory]
    [InlineData(23, 3, "[3, 23, 3]")]
    [InlineData(24, 4, "[3, 24, 4]")]
    public void Wrong_steps_or_features_name_both_shapes(int steps, int features, string found) =>
        Assert.StartsWith($"CovariateRnn expects input 'Past' of shape [*, 24, 3] (batch first), but got {found}.",
            Error(() => Inputs(past: randn(3, steps, features))));

    [Fact]
    public void Batch_sizes_that_differ_between_inputs_are_refused() =>
        Assert.StartsWith("CovariateRnn's input 'Future' has a batch of 2 samples, but 'Past' has 3; every input needs one row per sample.",
            Error(() => Inputs(future: randn(2, 6, 2))));

    [Fact]
    public void A_float64_input_to_a_float32_model_says_how_to_convert_it() =>
        Assert.StartsWith("CovariateRnn's input 'Past' must be Float32, as the model's parameters, but it is Float64",
            Error(() => Inputs(past: randn(3, 24, 3, dtype: float64))));

    [Fact]
    public void The_summary_lists_the_inputs_and_counts_every_inputs_bytes()
    {
        ModelSummary summary = CovariateRnn.Summary(32);

        Assert.Equal(["Past [32, 24, 3] float32", "Future [32, 6, 2] float32", "Series [32] int64 7"],
            summary.Inputs.Select(i => $"{i.Name} {ShapeText(i.Shape)} {i.DType}{(i.Categories is int n ? " " + n : "")}"));
        Assert.Equal([32L, 24, 3], summary.InputShape);
        // float32 past and future, int64 ids: 32·24·3·4 + 32·6·2·4 + 32·8.
        Assert.Equal(32 * 24 * 3 * 4 + 32 * 6 * 2 * 4 + 32 * 8, summary.InputSizeBytes);
    }

    [Fact]
    public void ONNX_Runtime_takes_the_inputs_by_name_and_checks_each()
    {
        using var model = new CovariateRnn();
        model.eval();
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);
        using OnnxForecaster forecaster = OnnxForecaster.Load(stream.ToArray());
        using var scope = NewDisposeScope();
        manual_seed(3);
        CovariateInputs inputs = Inputs(batch: 4);
        Tensor expected;
        using (no_grad()) expected = model.call(inputs);
        var arrays = ModelRunner.Arrays([("Past", inputs.Past), ("Future", inputs.Future), ("Series", inputs.Series)]);

        float[] actual = forecaster.Predict(arrays).Buffer.ToArray();

        Assert.True(forecaster.HasNamedInputs);
        Assert.Equal(["Past [24, 3]", "Future [6, 2]", "Series [] 7"], forecaster.Inputs.Select(i => $"{i.Name} [{string.Join(", ", i.Shape)}]{(i.Categories is int n ? " " + n : "")}"));
        float error = expected.data<float>().ToArray().Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(error < 1e-5f, $"ONNX Runtime differs from TorchSharp by up to {error}");

        string Refused(Action predict) => Assert.Throws<ArgumentException>(predict).Message;
        Assert.StartsWith("CovariateRnn's input 'Series' holds the category 9, but its categories are 0 to 6.",
            Refused(() => forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Series"] = new long[] { 0, 9, 1, 2 } })));
        Assert.StartsWith("CovariateRnn needs input 'Future' float[batch, 6, 2]",
            Refused(() => forecaster.Predict(arrays.Where(a => a.Key != "Future").ToDictionary(a => a.Key, a => a.Value))));
        Assert.StartsWith("CovariateRnn has no input 'Static'",
            Refused(() => forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Static"] = new float[4] })));
        Assert.StartsWith("CovariateRnn expects input 'Past' float[batch, 24, 3], but it is [4, 24, 4]",
            Refused(() => forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Past"] = new float[4, 24, 4] })));
        Assert.StartsWith("CovariateRnn's input 'Future' has a batch of 2, but 'Past' has 4",
            Refused(() => forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Future"] = new float[2, 6, 2] })));
        Assert.StartsWith("CovariateRnn's input 'Series' holds category ids as long[] (or int[]), but it is Single[]",
            Refused(() => forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Series"] = new float[4] })));
        // The one-window calls of a single-input model say what to use instead.
        Assert.Contains("has named inputs (Past, Future, Series)", Assert.Throws<InvalidOperationException>(() => forecaster.Predict(new float[24, 3])).Message);
    }

    [Fact]
    public void Int32_category_ids_are_taken_as_int64_by_ONNX_Runtime()
    {
        using var model = new CovariateRnn();
        using var stream = new MemoryStream();
        model.ExportOnnx(stream);
        using OnnxForecaster forecaster = OnnxForecaster.Load(stream.ToArray());
        var arrays = new Dictionary<string, Array> { ["Past"] = new float[2, 24, 3], ["Future"] = new float[2, 6, 2] };

        float[] fromLongs = forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Series"] = new long[] { 1, 6 } }).Buffer.ToArray();
        float[] fromInts = forecaster.Predict(new Dictionary<string, Array>(arrays) { ["Series"] = new[] { 1, 6 } }).Buffer.ToArray();

        Assert.Equal(fromLongs, fromInts);
    }

    [Fact]
    public void A_checkpoint_of_a_model_with_blocks_holds_the_nested_names_and_loads_back_exactly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"modelgen-{Guid.NewGuid():N}.pt");
        try
        {
            using var saved = new TideMlp();
            saved.SaveCheckpoint(path);
            using var loaded = new TideMlp();
            Assert.Contains("encoder.residual.downsample.weight", loaded.state_dict().Keys);
            Assert.NotEqual(saved.state_dict()["head.weight"].data<float>().ToArray(), loaded.state_dict()["head.weight"].data<float>().ToArray());

            loaded.LoadCheckpoint(path);

            foreach ((string key, Tensor value) in saved.state_dict())
                Assert.Equal(value.data<float>().ToArray(), loaded.state_dict()[key].data<float>().ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_probe_runs_a_model_with_named_inputs()
    {
        using var model = new CovariateRnn();
        using var scope = NewDisposeScope();

        DependenceMatrix matrix = DependenceProbe.Measure(model, Inputs(batch: 4));

        Assert.Equal(6, matrix.Horizon);
        Assert.False(matrix.AnyConditioned);
    }

    private static string ShapeText(IReadOnlyList<long> shape) => "[" + string.Join(", ", shape) + "]";
}

/// <summary>A model with named inputs and an autoregressive decoder: teacher forcing and the probe take the record.</summary>
public class NamedAutoregressiveTests
{
    private static DemandInputs Inputs() => new(randn(5, 12, 2), tensor(new long[] { 0, 1, 2, 3, 1 }));

    [Fact]
    public void Each_step_depends_on_the_predictions_before_it()
    {
        using var model = new NamedAutoregressive();
        using var scope = NewDisposeScope();

        DependenceMatrix matrix = DependenceProbe.Measure(model, Inputs());

        DependenceTests.AssertEveryEntry(matrix, belowDiagonal: true);
    }

    [Fact]
    public void Teacher_forcing_feeds_the_true_values_and_checks_the_targets_against_the_batch()
    {
        using var model = new NamedAutoregressive();
        using var scope = NewDisposeScope();
        model.train();
        DemandInputs inputs = Inputs();
        Tensor targets = randn(5, 3, 1);

        Tensor forced = model.TrainingForward(inputs, targets, teacherForcingRatio: 1.0);
        Tensor free = model.TrainingForward(inputs, targets, teacherForcingRatio: 0.0);

        Assert.Equal([5L, 3, 1], forced.shape);
        // The first step is fed zeros either way; later steps differ when fed the true values instead of predictions.
        Assert.Equal(forced[.., 0].data<float>().ToArray(), free[.., 0].data<float>().ToArray());
        Assert.NotEqual(forced[.., 1].data<float>().ToArray(), free[.., 1].data<float>().ToArray());
        var error = Assert.Throws<ArgumentException>(() => model.TrainingForward(inputs, randn(4, 3, 1), 1.0));
        Assert.StartsWith("NamedAutoregressive expects targets of shape [5, 3, 1]", error.Message);
    }
}
