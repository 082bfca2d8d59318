using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary><c>Distribution</c> on <c>[Model]</c>: the parameters' dimension, its link, and its errors, at compile time.</summary>
public class DistributionDeclarationTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n";

    private static BuildResult Model(string distribution, int width = 24, string output = "Output = [12, 1], ", string extra = "") => TestCompilation.Build(Usings +
        $"[Model(Input = [48, 3], {output}Distribution = {distribution}{extra}, MultiOutput = true)]\n" +
        $"public partial class P {{ [Gru(3, 64)] private readonly GRU encoder; [LastStep] [Linear(64, {width})] private readonly Linear head; }}");

    [Theory]
    [InlineData("OutputDistribution.Normal", 24, "2", "loc, scale")]
    [InlineData("OutputDistribution.StudentT", 36, "3", "loc, scale, df")]
    [InlineData("OutputDistribution.NegativeBinomial", 24, "2", "mean, dispersion")]
    public void A_valid_declaration_links_the_parameters_and_generates_distribution_and_sample(string distribution, int width, string count, string parameters)
    {
        BuildResult result = Model(distribution, width);

        Assert.Empty(result.WarningsAndErrors);
        string source = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains($"public static global::ModelGen.OutputDistribution Distribution => global::ModelGen.{distribution};", source);
        Assert.Contains("global::ModelGen.IDistributionModel", source);
        Assert.Contains($"return global::ModelGen.Distributions.Link(global::ModelGen.{distribution}, x.reshape(-1, 12, 1, {count})).MoveToOuterDisposeScope();", source);
        Assert.Contains($"({parameters})", source);
        Assert.Contains("public global::TorchSharp.torch.Tensor Sample(global::TorchSharp.torch.Tensor input, int paths, global::TorchSharp.torch.Generator? generator = null)", source);
        Assert.Contains($"x = g.DistributionLink(x, global::ModelGen.{distribution});", source);
        // An export in raw units maps a location and a scale back; counts are modelled unscaled, so they get none.
        Assert.Equal(distribution != "OutputDistribution.NegativeBinomial", source.Contains("TrainingRecord trainedOn", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_twin_links_the_parameters_and_writes_the_loss_with_torch_distributions()
    {
        BuildResult result = Model("OutputDistribution.StudentT", 36);

        string twin = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("return torch.where(torch.tensor([False, True, True], device=x.device), F.softplus(x).clamp_min(torch.finfo(torch.float32).eps) + " +
                        "torch.tensor([0.0, 0.0, 2.0], dtype=x.dtype, device=x.device), x)", twin);
        Assert.Contains("def negative_log_likelihood(prediction, target):", twin);
        Assert.Contains("return -torch.distributions.StudentT(prediction[..., 2], prediction[..., 0], prediction[..., 1]).log_prob(target).mean()", twin);
    }

    [Fact]
    public void A_last_layer_of_the_wrong_width_is_MG0002_counting_the_parameters()
    {
        BuildResult result = Model("OutputDistribution.Normal", width: 12);

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Id == "MG0002");
        Assert.StartsWith(
            "Output = [12, 1] with Normal's 2 parameters (loc, scale) holds 12 · 1 · 2 = 24 values per sample, but the last layer Linear 'head' emits [12] (12 values); " +
            "expected a last layer that emits 24 values (the 12 of Output for each of the Normal's 2 parameters (loc, scale))", error.GetMessage());
    }

    [Fact]
    public void Sampled_decoding_with_named_inputs_needs_inputs_a_with_expression_can_set()
    {
        const string model = "[Model(Inputs = typeof(R), Output = [4, 1], Distribution = OutputDistribution.Normal)]\n" +
            "public partial class D { [From(nameof(R.Past))] [Gru(2, 8)] private readonly GRU encoder; " +
            "[LastStep] [AutoregressiveGru(8, 1, 4, FirstInput = [0], FirstInputFrom = nameof(R.Past))] private readonly AutoregressiveGruHead head; }";
        BuildResult positional = TestCompilation.Build(Usings + "using static TorchSharp.torch;\n" +
            "public sealed record R([property: Shape(6, 2)] Tensor Past);\n" + model);
        BuildResult fixedProperty = TestCompilation.Build(Usings + "using static TorchSharp.torch;\n" +
            "public sealed record R { public R(Tensor past) => Past = past; [Shape(6, 2)] public Tensor Past { get; } }\n" + model);

        Assert.Empty(positional.WarningsAndErrors);
        Assert.Contains("Past = inputs.Past.repeat_interleave(paths, 0)", positional.GeneratedSource("D.g.cs"));
        Assert.Contains("on an autoregressive head, and R.Past has no init accessor; expected inputs whose properties can be set in a with expression",
            Assert.Single(fixedProperty.Diagnostics, d => d.Id == "MG0028").GetMessage());
        Assert.DoesNotContain(fixedProperty.Diagnostics, d => d.Id is "AD0001" or "CS8785" or "CS8852" or "CS0200");
    }

    [Fact]
    public void An_undefined_value_quantiles_as_well_no_output_or_a_decoding_head_are_MG0028_at_the_argument()
    {
        BuildResult undefined = Model("(OutputDistribution)7");
        BuildResult both = Model("OutputDistribution.Normal", extra: ", Quantiles = [0.1, 0.9]");
        BuildResult noOutput = Model("OutputDistribution.Normal", output: "");
        BuildResult decoding = TestCompilation.Build(Usings +
            "[Model(Input = [10, 3], Output = [5, 1], Distribution = OutputDistribution.Normal)]\n" +
            "public partial class D { [Gru(3, 16)] private readonly GRU encoder; [LastStep] [DirRec(16, 1, 5)] private readonly DirRecHead head; }");

        Diagnostic error = Assert.Single(undefined.Diagnostics, d => d.Id == "MG0028");
        Assert.StartsWith("Model 'P' has Distribution = (OutputDistribution)7, which is not a distribution ModelGen knows; " +
                     "expected OutputDistribution.Normal, OutputDistribution.StudentT or OutputDistribution.NegativeBinomial", error.GetMessage());
        Assert.StartsWith("Distribution", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.Contains("with Quantiles as well; expected one of them", Assert.Single(both.Diagnostics, d => d.Id == "MG0028").GetMessage());
        Assert.Contains("but no Output", Assert.Single(noOutput.Diagnostics, d => d.Id == "MG0028").GetMessage());
        Assert.Contains("on a DirRec head; expected a head that reads its steps out at once, or an autoregressive one",
            Assert.Single(decoding.Diagnostics, d => d.Id == "MG0028").GetMessage());
        Assert.All(new[] { undefined, both, noOutput, decoding }, r => Assert.DoesNotContain(r.Diagnostics, d => d.Id is "MG0002" or "AD0001" or "CS8785"));
    }

    [Fact]
    public void None_is_a_point_forecast()
    {
        BuildResult result = Model("OutputDistribution.None", width: 12);

        Assert.Empty(result.WarningsAndErrors);
        Assert.DoesNotContain("Distributions.Link", result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void An_autoregressive_head_links_each_step_feeds_back_the_mean_and_samples_paths()
    {
        BuildResult result = TestCompilation.Build(Usings +
            "[Model(Input = [24, 2], Output = [6, 1], Distribution = OutputDistribution.StudentT)]\n" +
            "public partial class DeepAr { [Lstm(2, 16)] private readonly LSTM encoder; [LastStep] [AutoregressiveGru(16, 1, 6, FirstInput = [0])] private readonly AutoregressiveGruHead head; }");

        Assert.Empty(result.WarningsAndErrors); // no MG1001: each step reads the mean before it
        string source = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("new global::ModelGen.AutoregressiveGruHead(hiddenSize: 16, outFeatures: 1, horizon: 6, levels: 3, fedLevel: 0, distribution: global::ModelGen.OutputDistribution.StudentT)", source);
        // The head links its parameters; the model does not link them again.
        Assert.DoesNotContain("Distributions.Link(", source);
        Assert.Contains("return x.reshape(-1, 6, 1, 3).MoveToOuterDisposeScope();", source);
        Assert.Contains("if (sampling is not null) return x.MoveToOuterDisposeScope();", source);
        Assert.Contains("var draws = this.ModelGenRun(input.repeat_interleave(paths, 0), null, 0.0, null, new global::ModelGen.PathSampling(generator));", source);
        Assert.Contains("private static readonly long[] ModelGenOutputShape = { 6, 1 };", source);
        Assert.Contains("Feedback = \"mean\"", source);
        Assert.Contains("self.head = AutoregressiveGruHead(16, 1, 6, 3, 0)", source);
    }
}
