using System;
using System.Reflection;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Catalogue;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// The dependence probe measures, through the feedback path, what the compiler planned and MG1001
/// reports: zero for heads that produce their steps at once, nonzero below the diagonal for heads
/// that feed predictions back.
/// </summary>
public class DependenceTests
{
    [Fact]
    public void Probe_is_zero_for_the_seed_models_multi_output_head()
    {
        manual_seed(1);
        using var model = new MyModel();
        using Tensor input = randn(8, 10, 3);

        DependenceMatrix matrix = DependenceProbe.Measure(model, input);

        Assert.Equal(5, matrix.Horizon);
        AssertEveryEntry(matrix, belowDiagonal: false);
        Assert.False(matrix.AnyConditioned);
        Assert.False(MyModel.Summary(1).Head!.StepsConditioned);
    }

    [Fact]
    public void Probe_is_nonzero_exactly_below_the_diagonal_for_an_autoregressive_head()
    {
        manual_seed(1);
        using var model = new AutoregressiveForecaster();
        using Tensor input = randn(8, 10, 3);
        model.eval();

        DependenceMatrix matrix = DependenceProbe.Measure(model, input);

        Assert.Equal(5, matrix.Horizon);
        AssertEveryEntry(matrix, belowDiagonal: true);
    }

    [Fact]
    public void Probe_sees_a_DirRec_head_read_every_earlier_prediction()
    {
        manual_seed(1);
        using var model = new DirRecForecaster();
        using Tensor input = randn(8, 8, 2);

        DependenceMatrix matrix = DependenceProbe.Measure(model, input);

        Assert.Equal(3, matrix.Horizon);
        AssertEveryEntry(matrix, belowDiagonal: true);
    }

    [Fact]
    public void The_seed_answers_check_cannot_tell_the_two_heads_apart_but_the_probe_can()
    {
        // y.retain_grad(); y[:, -1].sum().backward(): y.grad is one-hot at the last step for ANY model.
        manual_seed(1);
        using var mimo = new MyModel();
        using var autoregressive = new AutoregressiveForecaster();
        using Tensor input = randn(4, 10, 3);

        float[] SeedCheck(nn.Module<Tensor, Tensor> model)
        {
            using var scope = NewDisposeScope();
            Tensor y = model.call(input);
            y.retain_grad();
            y.select(1, 4).sum().backward();
            Tensor grad = y.grad!;
            Assert.Equal(ScalarType.Float32, grad.dtype);
            return grad.select(1, 0).abs().sum(dim: 0L).data<float>().ToArray();
        }

        Assert.Equal(SeedCheck(mimo), SeedCheck(autoregressive)); // both all zero: the check says nothing
        Assert.NotEqual(DependenceProbe.Measure(mimo, input).AnyConditioned, DependenceProbe.Measure(autoregressive, input).AnyConditioned);
    }

    /// <summary>Every catalogue model with a multi-step output, as heads.json lists them.</summary>
    public static TheoryData<string> MultiStepCatalogueModels() => new(MultiStepNames());

    private static string[] MultiStepNames()
    {
        using JsonDocument heads = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "heads.json")));
        return heads.RootElement.EnumerateObject()
            .Where(p => !p.Name.StartsWith('_') && p.Value.GetProperty("conditioned").ValueKind != JsonValueKind.Null)
            .Select(p => p.Name).ToArray();
    }

    [Fact]
    public void Every_catalogue_model_says_in_heads_json_what_its_output_steps_are()
    {
        using JsonDocument heads = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "heads.json")));

        Assert.Equal(CatalogueModels.Names, heads.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('_')).Order(StringComparer.Ordinal));
        Assert.Contains(nameof(AutoregressiveForecaster), MultiStepNames());
    }

    [Theory]
    [MemberData(nameof(MultiStepCatalogueModels))]
    public void Probe_agrees_with_the_compile_time_plan_and_MG1001_for_every_head_kind(string name)
    {
        using JsonDocument heads = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "heads.json")));
        JsonElement expected = heads.RootElement.GetProperty(name);
        nn.Module model = CatalogueModels.Create(name);
        ModelSummary summary = CatalogueModels.Summary(name, 1);
        using (model)
        {
            manual_seed(2);
            object input = ModelRunner.Bind(model.GetType(), ModelRunner.RandomInputs(model.GetType(), 4));
            DependenceMatrix measured = Measure(model, input);

            bool conditioned = expected.GetProperty("conditioned").GetBoolean();
            AssertEveryEntry(measured, belowDiagonal: conditioned);
            Assert.Equal(conditioned, measured.AnyConditioned);
            Assert.Equal(conditioned, summary.Head!.StepsConditioned);
            // MG1001 fires for a head whose steps are not conditioned, unless MultiOutput = true says that is intended.
            bool intended = model.GetType().GetCustomAttribute<ModelAttribute>()!.MultiOutput;
            Assert.Equal(expected.GetProperty("mg1001").GetBoolean(), !summary.Head.StepsConditioned && !intended);
            Assert.Equal(summary.Head.Horizon, measured.Horizon);
        }
    }

    /// <summary>The probe on a model of either kind: one input tensor (<see cref="IForecastModel"/>), or named inputs.</summary>
    private static DependenceMatrix Measure(nn.Module model, object input)
    {
        if (model is IForecastModel single) return DependenceProbe.Measure(single, (Tensor)input);
        MethodInfo measure = typeof(DependenceProbe).GetMethods().Single(m => m.Name == nameof(DependenceProbe.Measure) && m.IsGenericMethodDefinition)
            .MakeGenericMethod(input.GetType());
        return (DependenceMatrix)measure.Invoke(null, [model, input])!;
    }

    /// <summary>
    /// Every entry of the matrix: nonzero exactly below the diagonal (each step depends on every earlier
    /// prediction) when <paramref name="belowDiagonal"/>, zero everywhere otherwise.
    /// </summary>
    internal static void AssertEveryEntry(DependenceMatrix matrix, bool belowDiagonal)
    {
        for (int k = 0; k < matrix.Horizon; k++)
            for (int j = 0; j < matrix.Horizon; j++)
                Assert.True(belowDiagonal && j < k ? matrix[k, j] > 0 : matrix[k, j] == 0,
                    $"dependence of step {k + 1} on step {j + 1}: {matrix[k, j]}\n{matrix}");
    }
}
