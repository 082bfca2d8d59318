using System.Linq;
using System.Threading.Tasks;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// N-BEATS blocks (<c>[Block(Backcast = ..., Forecast = ...)]</c>), their doubly residual stacks, and N-HiTS's pooling
/// and interpolation: valid declarations report nothing; bad ones are reported at their span, naming what was found
/// and what was expected.
/// </summary>
public class StackDiagnosticsTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n\n";

    /// <summary>A generic N-BEATS block for a window of 8 values and a horizon of <c>Horizon</c>.</summary>
    private const string Generic = """
        [Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
        public partial class G
        {
            public const int Horizon = 2;
            [Linear(8, 16)] private readonly Linear fc;
            [ReLU] private readonly ReLU act;
            [Linear(16, 8)] private readonly Linear backcast;
            [From(nameof(act))] [Linear(16, Horizon)] private readonly Linear forecast;
        }

        """;

    private static Task Verify(string markup) => AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Usings + markup);

    private static string[] Messages(string source, string id) =>
        TestCompilation.Messages(Usings + source, id);

    [Fact]
    public Task A_stack_of_generic_blocks_is_a_valid_model() => Verify(Generic + """
        [Model(Input = [8], Output = [2], MultiOutput = true)]
        public partial class M { private readonly G b1; private readonly G b2; private readonly G b3; }
        """);

    [Fact]
    public Task A_block_with_From_starts_a_stack_of_its_own_whose_horizon_may_differ() => Verify(Generic + """
        [Model(Input = [8], Output = [5], MultiOutput = true)]
        public partial class M
        {
            private readonly G b1;
            [From("input")] [With(nameof(G.Horizon), 3)] private readonly G b2;
            [From(nameof(b1), nameof(b2))] [Identity] private readonly Identity both;
        }
        """);

    [Fact]
    public Task MG0023_a_block_that_disagrees_on_the_horizon_points_at_its_use() => Verify(Generic + """
        [Model(Input = [8], Output = [3], MultiOutput = true)]
        public partial class M { private readonly G b1; [With(nameof(G.Horizon), 3)] private readonly G {|MG0023:b2|}; }
        """);

    [Fact]
    public void A_horizon_disagreement_names_both_forecasts()
    {
        string message = Assert.Single(Messages(Generic + """
            [Model(Input = [8], Output = [3], MultiOutput = true)]
            public partial class M { private readonly G b1; private readonly G b2; [With(nameof(G.Horizon), 3)] private readonly G b3; }
            """, "MG0023"));
        Assert.Equal("G 'b3' forecasts [3], but b2 before it in the stack b1 forecasts [2]; expected the same forecast shape in every block of a " +
                     "doubly residual stack, since their forecasts are summed (or [From] on this field, to start a stack of its own)", message.Split(" (docs/")[0]);
    }

    [Fact]
    public void A_backcast_of_another_shape_than_the_input_is_MG0023()
    {
        string message = Assert.Single(Messages("""
            [Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
            public partial class G
            {
                [Linear(8, 16)] private readonly Linear fc;
                [Linear(16, 6)] private readonly Linear backcast;
                [From(nameof(fc))] [Linear(16, 2)] private readonly Linear forecast;
            }

            [Model(Input = [8], Output = [2], MultiOutput = true)]
            public partial class M { private readonly G b1; }
            """, "MG0023"));
        Assert.StartsWith("G 'b1' has a backcast, backcast, of [6] for its input of [8]; expected a backcast of the input's shape, [8]", message);
    }

    [Theory]
    [InlineData("Backcast = nameof(backcast)", "G 'b1' uses the block G, which names a Backcast but no Forecast; expected both [Block(Backcast = nameof(...), Forecast = nameof(...))]")]
    [InlineData("Backcast = \"bakcast\", Forecast = nameof(forecast)", "G 'b1' uses the block G, whose Backcast is 'bakcast', not one of its layer fields; expected one of its layer fields: 'fc', 'backcast', 'forecast'")]
    [InlineData("Backcast = nameof(forecast), Forecast = nameof(forecast)", "G 'b1' uses the block G, whose Backcast and Forecast are both 'forecast'; expected two different fields")]
    [InlineData("Residual = true, Backcast = nameof(backcast), Forecast = nameof(forecast)", "G 'b1' uses the block G, which is residual and returns a backcast and a forecast; expected one or the other")]
    public void A_block_whose_outputs_are_not_two_of_its_fields_is_MG0023(string block, string expected)
    {
        string message = Assert.Single(Messages($$"""
            [Block({{block}})]
            public partial class G
            {
                [Linear(8, 16)] private readonly Linear fc;
                [Linear(16, 8)] private readonly Linear backcast;
                [From(nameof(fc))] [Linear(16, 2)] private readonly Linear forecast;
            }

            [Model(Input = [8], Output = [2], MultiOutput = true)]
            public partial class M { private readonly G b1; }
            """, "MG0023"));
        Assert.StartsWith(expected, message);
    }

    [Fact]
    public Task MG0003_a_pooling_kernel_longer_than_the_vector_points_at_it() => Verify("""
        [Model(Input = [6])]
        public partial class M { [MaxPool1d({|MG0003:7|})] private readonly MaxPool1d pool; }
        """);

    [Fact]
    public Task MG0003_a_stride_past_the_kernel_in_ceil_mode_points_at_it() => Verify("""
        [Model(Input = [6])]
        public partial class M { [MaxPool1d(2, {|MG0003:Stride = 3|}, CeilMode = true)] private readonly MaxPool1d pool; }
        """);

    [Theory]
    [InlineData("[MaxPool1d(7)] private readonly MaxPool1d pool;", "[6]", "MaxPool1d 'pool': kernelSize is 7, longer than its input's 6 values; expected at most 6")]
    [InlineData("[MaxPool1d(2)] private readonly MaxPool1d pool;", "[6, 2]", "MaxPool1d 'pool': its input is [6, 2] from the model Input; expected a vector [length] per sample")]
    [InlineData("[Interpolate(4)] private readonly Upsample up;", "[6, 2]", "Interpolate 'up': its input is [6, 2] from the model Input; expected a vector [knots] per sample")]
    [InlineData("[MaxPool1d(2, Stride = 3, CeilMode = true)] private readonly MaxPool1d pool;", "[6]", "MaxPool1d 'pool': Stride is 3, more than the kernel's 2 with CeilMode; expected a stride of at most 2")]
    public void Pooling_and_interpolation_say_what_was_found_and_what_is_expected(string field, string input, string expected)
    {
        string message = Assert.Single(Messages($"[Model(Input = {input})] public partial class M {{ {field} }}", "MG0003"));
        Assert.StartsWith(expected, message);
    }

    [Theory]
    [InlineData(24, 5, 0, true, 5)]
    [InlineData(24, 5, 0, false, 4)]
    [InlineData(7, 3, 2, true, 3)]
    [InlineData(7, 3, 2, false, 3)]
    [InlineData(8, 3, 2, true, 4)]
    [InlineData(8, 3, 2, false, 3)]
    [InlineData(5, 1, 0, false, 5)]
    public void Pooling_gives_PyTorchs_length(int length, int kernel, int stride, bool ceil, int expected)
    {
        string options = (stride == 0 ? "" : $", Stride = {stride}") + (ceil ? ", CeilMode = true" : "");
        // The declared Output is what PyTorch's nn.MaxPool1d gives: any other is MG0002.
        var result = TestCompilation.Build(Usings + $"[Model(Input = [{length}], Output = [{expected}])] public partial class M {{ [MaxPool1d({kernel}{options})] private readonly MaxPool1d pool; }}");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id.StartsWith("MG0", System.StringComparison.Ordinal));
        var wrong = TestCompilation.Build(Usings + $"[Model(Input = [{length}], Output = [{expected + 1}])] public partial class M {{ [MaxPool1d({kernel}{options})] private readonly MaxPool1d pool; }}");
        Assert.Contains(wrong.Diagnostics, d => d.Id.StartsWith("MG0", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_block_of_element_wise_layers_after_a_convolution_is_not_transposed_into_its_run()
    {
        // Its two outputs are step-major values; were it part of the convolution's channels-first run, its rows would be swapped.
        BuildResult result = TestCompilation.Build(Usings + """
            [Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
            public partial class E { [ReLU] private readonly ReLU backcast; [From("input")] [Tanh] private readonly Tanh forecast; }

            [Model(Input = [6, 3], Output = [6, 4], MultiOutput = true)]
            public partial class M { [Conv1d(3, 4, 1)] private readonly Conv1d conv; private readonly E b1; }
            """);
        Assert.DoesNotContain(result.WarningsAndErrors, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        string source = result.GeneratedSource("M.g.cs");
        int row = source.IndexOf("name: \"b1\"", System.StringComparison.Ordinal);
        Assert.True(row >= 0, source);
        Assert.StartsWith("inputShape: new long[] { batchSize, 6, 4 }", source.Substring(row).Split('\n')[1].Trim());
    }

    [Fact]
    public void A_field_named_like_a_stacks_generated_locals_still_compiles()
    {
        // The stack's forward declares b1Residual, b2Backcast and b2Forecast; kept values of those names take another.
        BuildResult result = TestCompilation.Build(Usings + Generic + """
            [Model(Input = [8], Output = [2], MultiOutput = true)]
            public partial class M
            {
                private readonly G b1;
                private readonly G b2;
                [Identity] private readonly Identity b1Residual;
                [Identity] private readonly Identity b2Forecast;
                [From(nameof(b1Residual), nameof(b2Forecast), Merge = Merge.Add)] [Identity] private readonly Identity sum;
            }
            """);
        Assert.True(!result.WarningsAndErrors.Any(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error), result.Describe(result.WarningsAndErrors.ToArray()));
    }
}
