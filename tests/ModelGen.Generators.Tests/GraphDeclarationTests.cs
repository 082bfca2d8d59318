using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// Graph declarations (named inputs, [From], blocks) the robustness fuzzer found mishandled: each builds with
/// exactly the diagnostics it should have, and generated code never adds a compiler error or warning.
/// </summary>
public class GraphDeclarationTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n\nnamespace G;\n\n";

    private static string[] Reported(string source, out BuildResult result)
    {
        result = TestCompilation.Build(Usings + source);
        Assert.Null(result.Run.Results.Single().Exception);
        return result.WarningsAndErrors.Select(d => d.Id).Distinct().Order().ToArray();
    }

    private static void AssertReported(string source, params string[] expected)
    {
        string[] reported = Reported(source, out BuildResult result);
        Assert.True(reported.SequenceEqual(expected.Order()), $"expected [{string.Join(", ", expected)}], got:\n{result.Describe(result.WarningsAndErrors)}");
    }

    [Fact]
    public void Subtract_takes_each_later_source_from_the_first_in_every_backend()
    {
        string[] reported = Reported("""
            [Model(Input = [10, 3], Output = [5, 1], MultiOutput = true)]
            public partial class Remainder
            {
                [Linear(3, 3)] private readonly Linear trend;
                [From("input", nameof(trend), Merge = Merge.Subtract)] [Flatten] private readonly Flatten flatten;
                [Linear(30, 5)] private readonly Linear head;
            }
            """, out BuildResult result);

        Assert.Empty(reported);
        string source = result.Run.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("x = this.flatten.call(input.sub(x));", source);   // TorchSharp
        Assert.Contains("x = g.Node(\"Sub\", new[] { g.Input, x });", source); // ONNX
        Assert.Contains("x = (input - x)", source);                        // the twin
        Assert.Contains("flatten = Flatten ← input − trend", source);
    }

    [Fact]
    public void A_residual_block_whose_uses_keep_the_width_builds_without_warnings()
    {
        // The projection field of a residual block is read only by uses that need it: none here (CS0414 on it).
        AssertReported("""
            [Block(Residual = true)]
            public partial class Body
            {
                public const int In = 4;
                [Linear(In, In)] private readonly Linear fc;
            }

            [Model(Input = [4])]
            public partial class M { private readonly Body body; }
            """);
    }

    [Fact]
    public void A_block_no_model_uses_yet_builds_without_warnings()
    {
        AssertReported("""
            [Block(Residual = true)]
            public partial class NotUsedYet
            {
                public const int In = 4;
                [Linear(In, 2)] private readonly Linear fc;
                [ReLU] private readonly ReLU? act;
            }
            """);
    }

    [Fact]
    public void A_block_whose_input_has_an_error_reports_only_that_error()
    {
        // The block's [From("input")] is not an unknown name (MG0019): its input is unknown because of MG0013.
        AssertReported("""
            [Block]
            public partial class Skip
            {
                public const int In = 3;
                [ReLU] private readonly ReLU act;
                [From("input", nameof(act))] [Linear(2 * In, In)] private readonly Linear fc;
            }

            [Model(Input = [4, 3])]
            public partial class M
            {
                [Step(9)] [Linear(3, 3)] private readonly Linear first;
                private readonly Skip skip;
            }
            """, "MG0013");
    }

    [Theory]
    [InlineData("[property: Shape(0)] TorchSharp.torch.Tensor Bad")]
    [InlineData("[property: Categorical(-1)] TorchSharp.torch.Tensor Bad")]
    [InlineData("TorchSharp.torch.Tensor Bad")]
    [InlineData("[property: Shape(3)] int Bad")]
    public void An_inputs_record_with_an_error_reports_only_that_error(string badProperty)
    {
        // Past is still an input the layers may name (not MG0019), though the record's error keeps the model from planning.
        AssertReported($$"""
            public sealed record Inputs([property: Shape(4, 2)] TorchSharp.torch.Tensor Past, {{badProperty}});

            [Model(Inputs = typeof(Inputs))]
            public partial class M
            {
                [From(nameof(Inputs.Past))] [Gru(2, 8)] private readonly GRU encoder;
                [LastStep] [Linear(8, 1)] private readonly Linear head;
            }
            """, "MG0021");
    }

    [Fact]
    public void An_invalid_Input_read_by_name_reports_only_that_error()
    {
        AssertReported("""
            [Model(Input = [4, 0])]
            public partial class M
            {
                [From(FromAttribute.Input)] [Gru(2, 8)] private readonly GRU encoder;
                [From("input", nameof(encoder))] [LastStep] [Linear(10, 1)] private readonly Linear head;
            }
            """, "MG0004");
    }

    [Fact]
    public void With_on_a_field_with_no_layer_is_MG0011_only()
    {
        string[] reported = Reported("""
            [Model(Input = [4])]
            public partial class M
            {
                [Linear(4, 2)] private readonly Linear fc;
                [With("In", 3)] private readonly Linear? plain;
            }
            """, out _);
        Assert.Contains("MG0011", reported);
        Assert.DoesNotContain("MG0025", reported);
    }

    [Fact]
    public void With_on_a_layer_field_is_MG0025()
    {
        AssertReported("""
            [Model(Input = [4])]
            public partial class M { [With("In", 3)] [Linear(4, 2)] private readonly Linear fc; }
            """, "MG0025");
    }

    [Theory]
    [InlineData("internal sealed record Inputs([property: Shape(4, 2)] TorchSharp.torch.Tensor Past);", "typeof(Inputs)", false)]
    [InlineData("", "typeof(void)", true)]
    [InlineData("", "typeof(int*)", true)]
    [InlineData("", "typeof(System.Collections.Generic.List<>)", true)]
    [InlineData("", "typeof(System.Math)", true)]
    public void The_shell_of_a_model_whose_inputs_type_cannot_be_named_compiles(string declaration, string inputs, bool noProperties)
    {
        // The shell names the inputs type in forward's signature and its base type only when C# lets it: no compiler
        // error in generated code. (A type without properties also leaves "Past" unknown: MG0019.)
        string[] reported = Reported($$"""
            {{declaration}}

            [Model(Inputs = {{inputs}})]
            public partial class M { [From("Past")] [Gru(2, 8)] private readonly GRU encoder; }
            """, out BuildResult result);
        Assert.Equal(noProperties ? ["MG0019", "MG0021"] : ["MG0021"], reported);
        Assert.Contains(result.Run.Results.Single().GeneratedSources, s => s.SourceText.ToString().Contains(Emit.ModelEmitter.ShellMarker));
    }

    [Fact]
    public void A_file_local_inputs_record_is_MG0021_not_generated_code_that_cannot_name_it()
    {
        string[] reported = Reported("""
            file sealed record FileInputs([property: Shape(3)] TorchSharp.torch.Tensor A);

            [Model(Inputs = typeof(FileInputs))]
            internal partial class M { [From("A")] [Linear(3, 2)] private readonly Linear fc; }
            """, out BuildResult result);
        Assert.Equal(["MG0021"], reported);
        Assert.Contains("file-local", result.Diagnostics.Single(d => d.Id == "MG0021").GetMessage());
    }

    [Theory]
    [InlineData("""
        [Model(Input = [3])]
        file partial class M { [Linear(3, 3)] private readonly Linear fc; }
        """)]
    [InlineData("""
        file partial class Outer
        {
            [Model(Input = [3])]
            public partial class M { [Linear(3, 3)] private readonly Linear fc; }
        }
        """)]
    public void A_file_local_model_is_MG0006_with_no_generated_part(string declaration)
    {
        // A generated part in another file would declare another class (CS1061 on every field in generated code).
        string[] reported = Reported(declaration, out BuildResult result);
        Assert.Equal(["MG0006"], reported.Where(id => id.StartsWith("MG", System.StringComparison.Ordinal)));
        Assert.Contains("file-local", result.Diagnostics.Single(d => d.Id == "MG0006").GetMessage());
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal));
        Assert.Empty(result.Run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void A_file_local_block_is_MG0023_with_no_generated_part()
    {
        string[] reported = Reported("""
            [Block]
            file partial class Body
            {
                public const int In = 3;
                [Linear(In, 3)] private readonly Linear fc;
            }

            [Model(Input = [3])]
            file partial class M { private readonly Body body; }
            """, out BuildResult result);
        Assert.Equal(["MG0006", "MG0023"], reported.Where(id => id.StartsWith("MG", System.StringComparison.Ordinal)));
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal));
        Assert.Empty(result.Run.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Blocks_nested_too_deep_are_one_MG0023_naming_the_depth()
    {
        var declarations = new System.Text.StringBuilder("[Block] public partial class D0 { [ReLU] private readonly ReLU act; }\n");
        for (int d = 1; d <= 16; d++) declarations.AppendLine($"[Block] public partial class D{d} {{ private readonly D{d - 1} inner; }}");
        string[] reported = Reported(declarations + "[Model(Input = [3])] public partial class M { private readonly D16 deep; }", out BuildResult result);
        Assert.Equal(["MG0023"], reported);
        Diagnostic finding = Assert.Single(result.Diagnostics, d => d.Id == "MG0023");
        Assert.Contains("nests blocks 17 deep; expected blocks nested at most 16 deep", finding.GetMessage());
    }

    [Fact]
    public void A_With_that_cannot_be_applied_is_MG0025_only()
    {
        // Not also MG0001 from the block planned with the declared In, which the use did not mean.
        AssertReported("""
            [Block]
            public partial class Body
            {
                public const int In = 4;
                [Linear(In, 2)] private readonly Linear fc;
            }

            [Block]
            public partial class Outer
            {
                public const int In = 3, Div = 1;
                [With(nameof(Body.In), In / Div)] private readonly Body body;
            }

            [Model(Input = [8])]
            public partial class M
            {
                [With(nameof(Body.In), "eight")] private readonly Body first;
                [From("input")] [With(nameof(Outer.In), 8)] [With(nameof(Outer.Div), 0)] private readonly Outer second;
                [From(nameof(first), nameof(second))] [Linear(4, 1)] private readonly Linear head;
            }
            """, "MG0025");
    }

    [Fact]
    public void A_With_value_that_cannot_be_computed_is_named_as_written()
    {
        Reported("""
            [Block]
            public partial class Body { public const int In = 4; [Linear(In, 2)] private readonly Linear fc; }

            [Block]
            public partial class Outer { public const int In = 3, Div = 1; [With(nameof(Body.In), In / Div)] private readonly Body body; }

            [Model(Input = [8])]
            public partial class M { [With(nameof(Outer.Div), 0)] private readonly Outer outer; }
            """, out BuildResult result);
        Assert.StartsWith("'outer.body': [With(In, In / Div)] 'In / Div' cannot be computed for this use (a division by zero)",
            result.Diagnostics.Single(d => d.Id == "MG0025").GetMessage());
    }

    [Theory]
    [InlineData("Scale = 2, Hidden = In * Scale", "[With(nameof(Body.In), 65536)] [With(nameof(Body.Scale), 65536)]", 65536,
        "'body': [With(Scale, 65536)] leaves the const Hidden = In * Scale without a value at this use: 'In * Scale' cannot be computed for this use (a result that overflows)")]
    [InlineData("Div = 1, Hidden = In / Div", "[With(nameof(Body.In), 6)] [With(nameof(Body.Div), 0)]", 6,
        "'body': [With(Div, 0)] leaves the const Hidden = In / Div without a value at this use: 'In / Div' cannot be computed for this use (a division by zero)")]
    public void A_const_computed_from_others_that_cannot_be_computed_at_a_use_is_MG0025(string consts, string with, int input, string message)
    {
        // Not the const's declared value, which would make a model of other sizes than declared, without a word.
        string[] reported = Reported($$"""
            [Block]
            public partial class Body
            {
                public const int In = 4, {{consts}};
                [Linear(In, Hidden)] private readonly Linear fc;
            }

            [Model(Input = [{{input}}])]
            public partial class M { {{with}} private readonly Body body; }
            """, out BuildResult result);
        Assert.Equal(["MG0025"], reported);
        Assert.StartsWith(message, result.Diagnostics.Single(d => d.Id == "MG0025").GetMessage());
    }

    [Fact]
    public void A_const_computed_from_one_declared_after_it_gets_the_value_CSharp_gives_it()
    {
        // Hidden = In + Wide reads Wide, computed from In too: 6 + 12 at this use, not 6 + Wide's declared 8.
        string[] reported = Reported("""
            [Block]
            public partial class Body
            {
                public const int In = 4, Hidden = In + Wide, Wide = In * 2;
                [Linear(In, Hidden)] private readonly Linear fc;
            }

            [Model(Input = [6], Output = [18])]
            public partial class M { [With(nameof(Body.In), 6)] private readonly Body body; }
            """, out BuildResult result);
        Assert.Empty(reported);
        Assert.Contains("Linear(inputSize: 6, outputSize: 18, hasBias: true)", result.GeneratedSource("G.M.G.Body.g.cs"));
    }

    [Fact]
    public void A_block_reads_its_own_consts_by_simple_name_and_another_class_const_of_the_same_name_by_member_access()
    {
        // In is the block's, changed to 6 at this use; Sizes.In is another class's and keeps 10, though it is spelled the same;
        // (In), a cast and a comparison read the block's In too (Bias is false as declared, true at this use); Hidden = In * 2 is
        // computed again from it.
        string[] reported = Reported("""
            public static class Sizes { public const int In = 10; }

            [Block]
            public partial class Body
            {
                public const int In = 4, Hidden = In * 2;
                [Linear((In), Hidden + Sizes.In)] private readonly Linear fc;
                [Linear(Hidden + Sizes.In, (int)(long)In, Bias = In > 5)] private readonly Linear back;
            }

            [Model(Input = [6], Output = [6])]
            public partial class M { [With(nameof(Body.In), 6)] private readonly Body body; }
            """, out BuildResult result);
        Assert.Empty(reported);
        string block = result.GeneratedSource("G.M.G.Body.g.cs");
        Assert.Contains("Linear(inputSize: 6, outputSize: 22, hasBias: true)", block);
        Assert.Contains("Linear(inputSize: 22, outputSize: 6, hasBias: true)", block);
    }
    [Fact]
    public void Two_models_whose_names_differ_only_in_dots_and_underscores_share_a_block()
    {
        // Each model names its uses of the block after itself: Shop.Sales_Forecaster and Shop.Sales.Forecaster must not
        // both be ModelGenCreate_Shop_Sales_Forecaster_1 (CS0102 and CS0111 in generated code).
        BuildResult result = TestCompilation.Build("using ModelGen;\nusing TorchSharp.Modules;\n\n" + """
            namespace Blocks
            {
                [Block]
                public partial class Res { public const int In = 3; [Linear(In, 3)] private readonly Linear fc; }
            }

            namespace Shop
            {
                [Model(Input = [3])]
                public partial class Sales_Forecaster { private readonly Blocks.Res body; }
            }

            namespace Shop.Sales
            {
                [Model(Input = [3])]
                public partial class Forecaster { private readonly Blocks.Res body; }
            }
            """);
        Assert.True(result.WarningsAndErrors.Count() == 0, result.Describe(result.WarningsAndErrors));
    }

    [Theory]
    [InlineData("Shop.Sales_Forecaster", "Shop_Sales_0Forecaster")]
    [InlineData("Shop.Sales.Forecaster", "Shop_Sales_Forecaster")]
    [InlineData("A_.B", "A_0_B")]
    [InlineData("A._B", "A__0B")]
    [InlineData("Outer`1.M", "Outer_1_M")]
    [InlineData("Outer_1.M", "Outer_01_M")]
    [InlineData("Sample.DilatedTcn", "Sample_DilatedTcn")]
    public void Model_identifiers_differ_for_different_names(string fullName, string identifier) =>
        Assert.Equal(identifier, Core.BlockVariants.ModelIdentifier(fullName));
}
