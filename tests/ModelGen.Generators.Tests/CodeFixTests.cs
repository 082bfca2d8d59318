using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ModelGen.CodeFixes;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

public class CodeFixTests
{
    private const string SeedWithMarkup = """
        using ModelGen;
        using TorchSharp.Modules;

        namespace Sample;

        [Model(Input = [10, 3], Output = [5, 1])]
        public partial class MyModel
        {
            [Gru(3, 32, NumLayers = 2)]
            private readonly GRU GRU;

            [LastStep]
            [{|MG1001:Linear(32, 5)|}]
            private readonly Linear fc;
        }
        """;

    private const string SeedAutoregressive = """
        using ModelGen;
        using TorchSharp.Modules;

        namespace Sample;

        [Model(Input = [10, 3], Output = [5, 1])]
        public partial class MyModel
        {
            [Gru(3, 32, NumLayers = 2)]
            private readonly GRU GRU;

            [LastStep]
            [AutoregressiveGru(32, 1, 5)]
            private readonly AutoregressiveGruHead fc;
        }
        """;

    [Fact]
    public Task Declaring_multi_output_intent_adds_MultiOutput_to_the_model_attribute() =>
        CodeFixVerifier<MultiOutputIntentCodeFix>.VerifyAsync(SeedWithMarkup,
            SeedWithMarkup.Replace("{|MG1001:Linear(32, 5)|}", "Linear(32, 5)")
                          .Replace("[Model(Input = [10, 3], Output = [5, 1])]", "[Model(Input = [10, 3], Output = [5, 1], MultiOutput = true)]"));

    [Fact]
    public Task Making_the_seed_head_autoregressive_rewrites_the_attribute_and_the_field_type() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyAsync(SeedWithMarkup, SeedAutoregressive);

    [Fact]
    public Task A_nullable_field_keeps_its_annotation() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyAsync(
            SeedWithMarkup.Replace("private readonly Linear fc;", "private readonly Linear? fc;"),
            SeedAutoregressive.Replace("private readonly AutoregressiveGruHead fc;", "private readonly AutoregressiveGruHead? fc;"));

    [Fact]
    public Task A_layer_on_an_auto_property_is_rewritten_too() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyAsync(
            SeedWithMarkup.Replace("""
                [LastStep]
                    [{|MG1001:Linear(32, 5)|}]
                    private readonly Linear fc;
                """, """
                [field: LastStep]
                    [field: {|MG1001:Linear(32, 5)|}]
                    public Linear Head { get; }
                """),
            SeedAutoregressive.Replace("""
                [LastStep]
                    [AutoregressiveGru(32, 1, 5)]
                    private readonly AutoregressiveGruHead fc;
                """, """
                [field: LastStep]
                    [field: AutoregressiveGru(32, 1, 5)]
                    public AutoregressiveGruHead Head { get; }
                """));

    [Fact]
    public Task Without_using_ModelGen_the_rewrite_keeps_names_that_resolve() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyAsync(
            SeedWithMarkup.Replace("using ModelGen;\n", "").Replace("[Model(", "[ModelGen.Model(").Replace("[Gru(", "[ModelGen.Gru(")
                .Replace("[LastStep]", "[ModelGen.LastStep]").Replace("{|MG1001:Linear(32, 5)|}", "{|MG1001:ModelGen.Linear(32, 5)|}"),
            SeedAutoregressive.Replace("using ModelGen;\n", "").Replace("[Model(", "[ModelGen.Model(").Replace("[Gru(", "[ModelGen.Gru(")
                .Replace("[LastStep]", "[ModelGen.LastStep]").Replace("[AutoregressiveGru(", "[ModelGen.AutoregressiveGru(")
                .Replace("private readonly AutoregressiveGruHead fc;", "private readonly ModelGen.AutoregressiveGruHead fc;"));

    [Fact]
    public Task The_autoregressive_rewrite_is_not_offered_beyond_the_decoders_horizon_limit() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyNotOfferedAsync(SeedWithMarkup
            .Replace("{|MG1001:Linear(32, 5)|}", "{|MG1001:Linear(32, 20000)|}")
            .Replace("Output = [5, 1]", "Output = [20000, 1]"));

    [Fact]
    public Task The_autoregressive_rewrite_is_not_offered_when_a_layer_follows_the_head() =>
        // The decoder must be the model's last layer (MG0018), so the rewrite would not build.
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyNotOfferedAsync(SeedWithMarkup
            .Replace("private readonly Linear fc;", "private readonly Linear fc;\n\n    [Tanh]\n    private readonly Tanh squash;"));

    [Fact]
    public Task The_autoregressive_rewrite_is_not_offered_for_a_head_that_joins_the_state_with_other_values() =>
        // The decoder reads the encoder's state alone; a head that also reads the input is no such state.
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyNotOfferedAsync(SeedWithMarkup
            .Replace("[LastStep]", "[From(nameof(GRU), \"input\")]\n    [LastStep]")
            .Replace("{|MG1001:Linear(32, 5)|}", "{|MG1001:Linear(35, 5)|}"));

    [Fact]
    public Task The_autoregressive_rewrite_is_not_offered_for_a_per_step_readout() =>
        CodeFixVerifier<AutoregressiveHeadCodeFix>.VerifyNotOfferedAsync(SeedWithMarkup
            .Replace("[LastStep]", "")
            .Replace("{|MG1001:Linear(32, 5)|}", "{|MG1001:Linear(32, 1)|}")
            .Replace("Output = [5, 1]", "Output = [10, 1]"));

    [Fact]
    public void The_autoregressive_rewrite_builds_and_runs_the_generator_without_MG1001()
    {
        BuildResult result = TestCompilation.Build(SeedAutoregressive);

        Assert.Empty(result.WarningsAndErrors);
        Assert.Single(result.Run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Declared_intent_silences_MG1001_and_still_generates()
    {
        BuildResult result = TestCompilation.Build(Sources.SeedModel.Replace("Output = [5, 1]", "Output = [5, 1], MultiOutput = true"));

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "MG1001");
        Assert.Empty(result.WarningsAndErrors);
        Assert.Single(result.Run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void MG1001_severity_follows_editorconfig()
    {
        BuildResult silenced = TestCompilation.Build(Sources.SeedModel, editorConfig: "[*.cs]\ndotnet_diagnostic.MG1001.severity = none\n");
        BuildResult raised = TestCompilation.Build(Sources.SeedModel, editorConfig: "[*.cs]\ndotnet_diagnostic.MG1001.severity = error\n");

        Assert.DoesNotContain(silenced.Diagnostics, d => d.Id == "MG1001");
        Assert.Contains(raised.Diagnostics, d => d.Id == "MG1001" && d.Severity == DiagnosticSeverity.Error);
    }
}
