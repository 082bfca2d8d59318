using System.Threading.Tasks;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

public class AnalyzerTests
{
    [Fact]
    public Task MG1001_is_reported_on_the_seed_models_head_attribute() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("[Linear(32, 5)]", "[{|MG1001:Linear(32, 5)|}]"));

    [Fact]
    public Task MG1001_is_not_reported_for_a_single_step_output() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel
            .Replace("[Linear(32, 5)]", "[Linear(32, 1)]")
            .Replace("Output = [5, 1]", "Output = [1]"));

    [Fact]
    public Task MG1001_is_not_reported_for_one_step_of_several_values() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("Output = [5, 1]", "Output = [1, 5]"));

    [Fact]
    public Task MG1001_is_reported_for_a_per_step_readout_of_the_sequence() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel
            .Replace("[LastStep]", "")
            .Replace("[Linear(32, 5)]", "[{|MG1001:Linear(32, 1)|}]")
            .Replace("Output = [5, 1]", "Output = [10, 1]"));

    [Fact]
    public Task MG1001_is_not_reported_when_Output_does_not_declare_steps() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel
            .Replace("[LastStep]", "")
            .Replace("[Linear(32, 5)]", "[Linear(32, 1)]")
            .Replace("[Model(Input = [10, 3], Output = [5, 1])]", "[Model(Input = [10, 3])]"));

    [Fact]
    public Task MG1001_is_not_reported_when_a_recurrent_layer_produces_the_steps() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel
            .Replace("""
                [LastStep]
                [Linear(32, 5)]
                private readonly Linear fc;
            """, "")
            .Replace("Output = [5, 1]", "Output = [10, 32]"));

    [Fact]
    public Task MG1001_describes_a_reshaped_readout_as_it_is() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(
            Sources.SeedModel
                .Replace("[LastStep]", "")
                .Replace("[Linear(32, 5)]", "[{|#0:Linear(32, 1)|}]")
                .Replace("Output = [5, 1]", "Output = [2, 5]"),
            new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.UnconditionedMultiStepHead).WithLocation(0)
                .WithArguments("MyModel", 2, "reshaped read-out", "Linear 'fc' emits [10, 1] in one pass, viewed as [2, 5], and nothing is fed back"));

    [Theory]
    [InlineData("AutoregressiveGru(32, 1, 1)", "AutoregressiveGruHead", "Output = [1, 1]")]
    [InlineData("DirRec(32, 1, 1)", "DirRecHead", "Output = [1]")]
    [InlineData("AutoregressiveGru(32, 1, 5)", "AutoregressiveGruHead", "Output = [5, 1]")]
    [InlineData("DirRec(32, 2, 3)", "DirRecHead", "Output = [3, 2]")]
    public Task MG1001_is_not_reported_for_decoding_heads_of_any_horizon(string head, string type, string output) =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel
            .Replace("[Linear(32, 5)]", $"[{head}]")
            .Replace("private readonly Linear fc;", $"private readonly {type} fc;")
            .Replace("Output = [5, 1]", output));

    [Fact]
    public Task MG0003_points_at_a_positional_argument_after_a_named_one() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("[Linear(32, 5)]", "[Linear(inFeatures: 32, {|MG0003:0|})]"));

    [Fact]
    public Task MG0001_points_at_the_in_features_argument() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("[Linear(32, 5)]", "[Linear({|MG0001:33|}, 5)]"));

    [Fact]
    public Task MG0001_points_at_a_named_input_size_argument() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("[Gru(3, 32, NumLayers = 2)]", "[Gru({|MG0001:inputSize: 4|}, hiddenSize: 32, NumLayers = 2)]"));

    [Fact]
    public Task MG0002_points_at_the_output_argument() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("Output = [5, 1]", "{|MG0002:Output = [5, 2]|}"));

    [Fact]
    public Task MG0003_points_at_the_invalid_named_argument() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("NumLayers = 2", "{|MG0003:NumLayers = -1|}"));

    [Fact]
    public Task MG0008_points_at_LastStep_on_a_vector() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace(
            "private readonly Linear fc;",
            """
            private readonly Linear fc;

                [{|MG0008:LastStep|}]
                [Linear(5, 5)]
                private readonly Linear fc2;
            """));

    [Fact]
    public Task Valid_seed_model_has_no_declaration_errors_only_its_MG1001() =>
        AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Sources.SeedModel.Replace("[Linear(32, 5)]", "[{|MG1001:Linear(32, 5)|}]"));
}
