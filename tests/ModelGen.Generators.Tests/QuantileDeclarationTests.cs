using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary><c>Quantiles</c> on <c>[Model]</c>: the output's extra dimension, checked at compile time.</summary>
public class QuantileDeclarationTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n";

    private static BuildResult Model(string quantiles, int width = 36, string output = "Output = [12, 1], ") => TestCompilation.Build(Usings +
        $"[Model(Input = [48, 3], {output}Quantiles = {quantiles}, MultiOutput = true)]\n" +
        $"public partial class Q {{ [Gru(3, 64)] private readonly GRU encoder; [LastStep] [Linear(64, {width})] private readonly Linear head; }}");

    [Fact]
    public void A_valid_declaration_generates_the_levels_and_the_output_with_their_dimension()
    {
        BuildResult result = Model("[0.1, 0.5, 0.9]");

        Assert.Empty(result.WarningsAndErrors);
        string source = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public static global::System.Collections.Generic.IReadOnlyList<double> Quantiles { get; } =", source);
        Assert.Contains("global::System.Array.AsReadOnly(new double[] { 0.1, 0.5, 0.9 });", source);
        Assert.Contains("global::ModelGen.IQuantileModel", source);
        Assert.Contains("return x.reshape(-1, 12, 1, 3)", source);
    }

    [Theory]
    [InlineData("[]", "an empty list")]
    [InlineData("[0.1, 1.0]", "whose level 1 is not in (0, 1)")]
    [InlineData("[0.0, 0.5]", "whose level 0 is not in (0, 1)")]
    [InlineData("[0.5, 0.5]", "which repeats 0.5")]
    [InlineData("[0.5, 0.1, 0.9]", "which is not increasing (0.5 before 0.1)")]
    public void Levels_that_are_not_a_strictly_increasing_list_in_0_1_are_MG0027_at_the_argument(string quantiles, string found)
    {
        BuildResult result = Model(quantiles);

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Id == "MG0027");
        Assert.Contains($"Model 'Q' has Quantiles = ", error.GetMessage());
        Assert.Contains(found, error.GetMessage());
        Assert.StartsWith("Quantiles", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "MG0002");
    }

    private static BuildResult Decoding(string quantiles, string head = "[AutoregressiveGru(16, 1, 5, FirstInput = [0])] private readonly AutoregressiveGruHead head;") =>
        TestCompilation.Build(Usings +
            $"[Model(Input = [10, 3], Output = [5, 1], Quantiles = {quantiles})]\n" +
            $"public partial class D {{ [Gru(3, 16)] private readonly GRU encoder; [LastStep] {head} }}");

    [Fact]
    public void Quantiles_without_an_Output_or_without_the_median_on_a_decoding_head_are_MG0027()
    {
        BuildResult noOutput = Model("[0.1, 0.9]", output: "");
        BuildResult noMedian = Decoding("[0.1, 0.9]");

        Assert.Contains("but no Output", Assert.Single(noOutput.Diagnostics, d => d.Id == "MG0027").GetMessage());
        Assert.Contains("without 0.5, on a model whose head feeds its predictions back; expected 0.5 among the levels: a decoding head feeds back the median",
            Assert.Single(noMedian.Diagnostics, d => d.Id == "MG0027").GetMessage());
    }

    [Theory]
    [InlineData("[AutoregressiveGru(16, 1, 5, FirstInput = [0])] private readonly AutoregressiveGruHead head;",
        "new global::ModelGen.AutoregressiveGruHead(hiddenSize: 16, outFeatures: 1, horizon: 5, levels: 3, fedLevel: 1)", "AutoregressiveGruHead(16, 1, 5, 3, 1)")]
    [InlineData("[DirRec(16, 1, 5)] private readonly DirRecHead head;",
        "new global::ModelGen.DirRecHead(inFeatures: 16, outFeatures: 1, horizon: 5, levels: 3, fedLevel: 1)", "DirRecHead(16, 1, 5, 3, 1)")]
    public void A_decoding_head_reads_out_every_level_feeds_back_the_median_and_is_conditioned(string head, string factory, string twin)
    {
        BuildResult result = Decoding("[0.1, 0.5, 0.9]", head);

        Assert.Empty(result.WarningsAndErrors); // no MG1001: each step reads the medians before it
        string source = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains(factory, source);
        Assert.Contains($"self.head = {twin}", source);
        Assert.Contains("return x.reshape(-1, 5, 1, 3)", source);
        // Teacher forcing takes the truth without the levels: [batch, 5, 1], fed back as [batch, 5, 1].
        Assert.Contains("private static readonly long[] ModelGenOutputShape = { 5, 1 };", source);
        Assert.Contains("var stepTargets = targets?.reshape(-1, 5, 1);", source);
    }

    [Fact]
    public void A_last_layer_of_the_wrong_width_is_MG0002_saying_how_many_values_the_quantiles_need()
    {
        BuildResult result = Model("[0.1, 0.5, 0.9]", width: 12);

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Id == "MG0002");
        Assert.StartsWith(
            "Output = [12, 1] with 3 quantiles holds 12 · 1 · 3 = 36 values per sample, but the last layer Linear 'head' emits [12] (12 values); " +
            "expected a last layer that emits 36 values (the 12 of Output for each of the 3 quantiles)", error.GetMessage());
    }

    [Fact]
    public void A_member_named_Quantiles_is_MG0012_on_a_quantile_model_and_free_on_a_point_model()
    {
        const string Member = "public static int Quantiles => 3;";
        BuildResult quantile = TestCompilation.Build(Usings +
            "[Model(Input = [48, 3], Output = [12, 1], Quantiles = [0.1, 0.5, 0.9], MultiOutput = true)]\n" +
            $"public partial class Q {{ [Gru(3, 64)] private readonly GRU encoder; [LastStep] [Linear(64, 36)] private readonly Linear head; {Member} }}");
        BuildResult point = TestCompilation.Build(Usings +
            "[Model(Input = [48, 3], Output = [12, 1], MultiOutput = true)]\n" +
            $"public partial class P {{ [Gru(3, 64)] private readonly GRU encoder; [LastStep] [Linear(64, 12)] private readonly Linear head; {Member} }}");
        BuildResult sample = TestCompilation.Build(Usings +
            "[Model(Input = [48, 3], Output = [12, 1], Distribution = OutputDistribution.Normal, MultiOutput = true)]\n" +
            "public partial class S { [Gru(3, 64)] private readonly GRU encoder; [LastStep] [Linear(64, 24)] private readonly Linear head; " +
            "public TorchSharp.torch.Tensor Sample(TorchSharp.torch.Tensor x, int n, TorchSharp.torch.Generator? g) => x; }");

        Assert.Contains("a member named 'Quantiles'", Assert.Single(quantile.Diagnostics, d => d.Id == "MG0012").GetMessage());
        Assert.DoesNotContain(quantile.Diagnostics, d => d.Id.StartsWith("CS", System.StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(point.WarningsAndErrors);
        Assert.Contains("Sample(Tensor, int, Generator?)", Assert.Single(sample.Diagnostics, d => d.Id == "MG0012").GetMessage());
    }

    [Fact]
    public void A_users_ExportOnnx_with_a_record_is_MG0012_only_where_one_is_generated()
    {
        const string Member = "public void ExportOnnx(string path, ModelGen.Forecasting.TrainingRecord record) { }";
        BuildResult normal = TestCompilation.Build(Usings +
            "[Model(Input = [24, 1], Output = [6, 1], Distribution = OutputDistribution.Normal, MultiOutput = true)]\n" +
            $"public partial class N {{ [Flatten] private readonly Flatten flatten; [Linear(24, 12)] private readonly Linear head; {Member} }}");
        BuildResult counts = TestCompilation.Build(Usings +
            "[Model(Input = [24, 1], Output = [6, 1], Distribution = OutputDistribution.NegativeBinomial, MultiOutput = true)]\n" +
            $"public partial class C {{ [Flatten] private readonly Flatten flatten; [Linear(24, 12)] private readonly Linear head; {Member} }}");

        Assert.Contains("a method ExportOnnx(string, TrainingRecord)", Assert.Single(normal.Diagnostics, d => d.Id == "MG0012").GetMessage());
        Assert.Empty(counts.WarningsAndErrors);
    }
}
