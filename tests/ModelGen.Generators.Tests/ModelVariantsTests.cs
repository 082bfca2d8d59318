using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>Valid declarations other than the seed: each must generate code that compiles with no warning at all.</summary>
public class ModelVariantsTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\nusing Tensor = TorchSharp.torch.Tensor;\n";

    [Theory]
    [InlineData("LinearFirst", "[Model(Input = [3])] public partial class M { [Linear(3, 4)] private readonly Linear a; [Linear(4, 2, Bias = false)] private readonly Linear b; }")]
    [InlineData("StackedGrus", "[Model(Input = [10, 3], Output = [320])] public partial class M { [Gru(3, 16, Dropout = 0.25)] private readonly GRU a; [Gru(16, 32, Bidirectional = false, Bias = false)] private readonly GRU b; }")]
    [InlineData("Bidirectional", "[Model(Input = [10, 3], Output = [2])] public partial class M { [Gru(3, 8, NumLayers = 3, Bidirectional = true)] private readonly GRU a; [LastStep][Linear(16, 2)] private readonly Linear b; }")]
    [InlineData("NullableField", "[Model(Input = [10, 3], Output = [5, 1])] public partial class M { [Gru(3, 8)] private readonly GRU? a; [LastStep][Linear(8, 5)] private readonly Linear? b; }")]
    [InlineData("AutoProperty", "[Model(Input = [10, 3])] public partial class M { [field: Gru(3, 8)] public GRU Encoder { get; } [field: LastStep][field: Linear(8, 1)] public Linear Head { get; } }")]
    [InlineData("KeywordNames", "[Model(Input = [4])] public partial class @class { [Linear(4, 2)] private readonly Linear @out; }")]
    [InlineData("KeywordNamespace", "namespace App.@event { [Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; } }")]
    [InlineData("OverloadsAllowed", "[Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; public M(int seed) : this() { } public static string Summary(string title) => title; public void ExportOnnx(int version) { } }")]
    public void Variant_compiles_without_warnings(string name, string declaration)
    {
        BuildResult result = TestCompilation.Build(Usings + declaration);

        Assert.Null(result.Run.Results.Single().Exception);
        Assert.NotEmpty(result.Run.Results.Single().GeneratedSources);
        Diagnostic[] problems = result.WarningsAndErrors.Where(d => d.Id != "MG1001").ToArray();
        Assert.True(problems.Length == 0, name + ":\n" + result.Describe(problems));
    }

    [Fact]
    public void Class_names_that_differ_only_in_case_get_distinct_files()
    {
        BuildResult result = TestCompilation.Build(Usings + """
            namespace Sample;
            [Model(Input = [4])] public partial class MyModel { [Linear(4, 2)] private readonly Linear a; }
            [Model(Input = [4])] public partial class Mymodel { [Linear(4, 3)] private readonly Linear a; }
            """);

        GeneratorRunResult run = result.Run.Results.Single();
        Assert.Null(run.Exception);
        Assert.Equal(["Sample.MyModel.g.cs", "Sample.Mymodel.2.g.cs"], run.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Models_nested_in_types_that_differ_only_in_arity_get_distinct_files()
    {
        BuildResult result = TestCompilation.Build(Usings + """
            namespace Sample;
            public partial class Outer { [Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; } }
            public partial class Outer<T> { [Model(Input = [4])] public partial class M { [Linear(4, 3)] private readonly Linear a; } }
            public partial interface IHolder<T> { [Model(Input = [4])] public partial class M { [Linear(4, 1)] private readonly Linear a; } }
            """);

        GeneratorRunResult run = result.Run.Results.Single();
        Assert.Equal(["Sample.IHolder-1.M.g.cs", "Sample.Outer-1.M.g.cs", "Sample.Outer.M.g.cs"], run.GeneratedSources.Select(s => s.HintName).Order(System.StringComparer.Ordinal));
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Id != "MG1001");
    }

    [Fact]
    public void The_PyTorch_twin_keeps_state_dict_names_Python_reserves_or_changes()
    {
        BuildResult result = TestCompilation.Build(Usings + """
            namespace Sample;
            [Model(Input = [4])] public partial class pass { [Linear(4, 3)] private readonly Linear type; [Tanh] private readonly Tanh __squash; [Linear(3, 2)] private readonly Linear @class; }
            """);

        string source = result.GeneratedSource("Sample.pass.g.cs");
        Assert.Contains("class pass_(nn.Module):", source);
        Assert.Contains("self.add_module(\"\"type\"\", nn.Linear(4, 3))", source);
        Assert.Contains("self.add_module(\"\"__squash\"\", nn.Tanh())", source);
        Assert.Contains("self.add_module(\"\"class\"\", nn.Linear(3, 2))", source);
        Assert.Contains("x = self._modules[\"\"type\"\"](x)", source);
        // The user's own lower-case class name is a warning at their declaration (CS8981), not in generated code.
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Model_attribute_on_two_parts_is_the_compilers_error_not_a_generator_crash()
    {
        BuildResult result = TestCompilation.Build(Usings + """
            [Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; }
            [Model(Input = [4])] public partial class M { }
            """);

        GeneratorRunResult run = result.Run.Results.Single();
        Assert.Null(run.Exception);
        Assert.Single(run.GeneratedSources);
        Assert.Contains(result.Diagnostics, d => d.Id == "CS0579");
        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "CS8785");
    }

    [Theory]
    [InlineData("public Tensor forward(Tensor? x) => x!;", "a method forward(Tensor)")]
    [InlineData("public string Summary => \"\";", "a member named 'Summary'")]
    [InlineData("private static readonly long[] ModelGenInputShape = { 4 };", "a member named 'ModelGenInputShape'")]
    [InlineData("public void ExportOnnx(System.IO.Stream s) { }", "a method ExportOnnx(string) or ExportOnnx(Stream)")]
    [InlineData("public void ExportOnnx(string path) { }", "a method ExportOnnx(string) or ExportOnnx(Stream)")]
    [InlineData("public void ExportOnnx(string path, ModelGen.Forecasting.TrainingRecord r) { }", "a method ExportOnnx(string, TrainingRecord)")]
    public void Members_that_would_clash_with_generated_ones_are_MG0012(string member, string described)
    {
        BuildResult result = TestCompilation.Build(Usings + "[Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; " + member + " }");

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Id == "MG0012");
        Assert.Contains(described, error.GetMessage());
        // Only a shell, without the clashing member, so the user's own member compiles: MG0012 is the only error.
        Assert.Contains(Emit.ModelEmitter.ShellMarker, Assert.Single(result.Run.Results.Single().GeneratedSources).SourceText.ToString());
        Assert.Equal(["MG0012"], result.WarningsAndErrors.Select(d => d.Id).Distinct());
    }

    [Fact]
    public void An_ExportOnnx_overload_of_other_parameters_is_the_users_own_and_compiles_beside_the_generated_ones()
    {
        BuildResult result = TestCompilation.Build(Usings + "[Model(Input = [4])] public partial class M { [Linear(4, 2)] private readonly Linear a; public void ExportOnnx(string path, int copies) { } }");

        Assert.Empty(result.WarningsAndErrors);
        Assert.Contains("ExportOnnx(string path, global::ModelGen.Forecasting.TrainingRecord trainedOn)", result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Generated_documentation_names_the_opset_the_exporter_writes()
    {
        Assert.Equal(ModelGen.Export.OnnxGraph.Opset, Emit.ModelEmitter.OnnxOpset);
    }

    [Fact]
    public void MG0xxx_errors_cannot_be_turned_off_because_the_model_is_not_generated()
    {
        var descriptor = new Diagnostics.ModelAnalyzer().SupportedDiagnostics.First();

        Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, descriptor.CustomTags);
    }
}
