using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// The graph's diagnostics (named inputs, <c>[From]</c>, blocks, <c>[With]</c>), each at its exact span (the
/// markup) with no other diagnostic, and the messages that name what was found and what was expected.
/// </summary>
public class GraphDiagnosticsTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n";

    private const string Inputs = """
        public sealed record I([property: Shape(6, 3)] Tensor Past, [property: Shape(4, 2)] Tensor Future, [property: Categorical(5)] Tensor Id);

        """;

    private static Task Verify(string markup) => AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Usings + markup);

    /// <summary>The messages of the diagnostics a build reports, generator and analyzers run, as the build prints them.</summary>
    private static string[] Messages(string source, string id) =>
        TestCompilation.Messages(Usings + source, id);

    // ---- MG0019: names in [From] -----------------------------------------------------------------------

    [Fact]
    public Task MG0019_an_unknown_name_points_at_it() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M
        {
            [From(nameof(I.Past))] [Gru(3, 8)] private readonly GRU encoder;
            [From(nameof(encoder), {|MG0019:"encodr"|})] [Linear(16, 2)] private readonly Linear head;
        }
        """);

    [Fact]
    public void MG0019_says_which_names_exist()
    {
        string message = Assert.Single(Messages(Inputs + """
            [Model(Inputs = typeof(I))]
            public partial class M
            {
                [From(nameof(I.Past))] [Gru(3, 8)] private readonly GRU encoder;
                [From("encodr")] [LastStep] [Linear(8, 2)] private readonly Linear head;
            }
            """, "MG0019"));

        Assert.Equal("'head' names 'encodr', which is neither an input nor a field; expected one of 'Past', 'Future', 'Id', 'encoder' (docs/diagnostics/MG0019.md)", message);
    }

    [Fact]
    public Task MG0019_a_name_declared_later_points_at_it() => Verify("""
        [Model(Input = [4])]
        public partial class M
        {
            [From({|MG0019:nameof(second)|})] [Linear(4, 4)] private readonly Linear first;
            [Linear(4, 4)] private readonly Linear second;
        }
        """);

    [Fact]
    public Task MG0019_the_field_itself_points_at_it() => Verify("""
        [Model(Input = [4])]
        public partial class M { [From({|MG0019:nameof(fc)|})] [Linear(4, 4)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0019_the_first_layer_of_a_model_with_named_inputs_must_name_one() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU {|MG0019:encoder|};
            [From(nameof(I.Future))] [Linear(2, 2)] private readonly Linear other;
        }
        """);

    [Fact]
    public Task MG0019_a_name_that_is_an_input_and_a_field_is_ambiguous() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M
        {
            [From(nameof(I.Past))] [LastStep] [Linear(3, 3)] private readonly Linear Future;
            [From({|MG0019:"Future"|})] [Linear(3, 1)] private readonly Linear head;
        }
        """.Replace("[property: Categorical(5)] Tensor Id", "[property: Shape(1)] Tensor Id"));

    // ---- MG0020: sources that do not join -----------------------------------------------------------------

    [Fact]
    public void MG0020_sequences_of_different_steps_name_both()
    {
        string source = Inputs + """
            [Model(Inputs = typeof(I))]
            public partial class M { [From(nameof(I.Past), {|MG0020:nameof(I.Future)|})] [Gru(5, 8)] private readonly GRU encoder; }
            """;

        Assert.Equal(
            "'encoder' concatenates input 'Past' (6 steps, [6, 3]) and input 'Future' (4 steps, [4, 2]) on features; expected sequences with the same number of steps (docs/diagnostics/MG0020.md)",
            Assert.Single(Messages(source.Replace("{|MG0020:", "").Replace("|}", ""), "MG0020")));
    }

    [Fact]
    public Task MG0020_sequences_of_different_steps_point_at_the_second() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M { [From(nameof(I.Past), {|MG0020:nameof(I.Future)|})] [Gru(5, 8)] private readonly GRU encoder; }
        """.Replace("[property: Categorical(5)] Tensor Id", "[property: Shape(1)] Tensor Id"));

    [Theory]
    [InlineData("Add")]
    [InlineData("Subtract")]
    public Task MG0020_adding_or_subtracting_values_of_different_shapes_points_at_the_second(string merge) => Verify($$"""
        [Model(Input = [4])]
        public partial class M
        {
            [Linear(4, 3)] private readonly Linear a;
            [From("input", {|MG0020:nameof(a)|}, Merge = Merge.{{merge}})] [Linear(4, 2)] private readonly Linear b;
        }
        """);

    [Fact]
    public void MG0020_a_vector_subtracted_from_a_sequence_of_other_features_names_both()
    {
        string source = """
            [Model(Input = [12, 2])]
            public partial class M
            {
                [LastStep] [Linear(2, 3)] private readonly Linear level;
                [From("input", {|MG0020:nameof(level)|}, Merge = Merge.Subtract)] [Flatten] private readonly Flatten flat;
            }
            """;

        Assert.Equal(
            "'flat' subtracts [3] from Linear 'level' from [12, 2] from the model Input; expected values of one shape for Merge = Merge.Subtract, or vectors [features] with sequences [steps, features] of as many features (repeated over the steps) (docs/diagnostics/MG0020.md)",
            Assert.Single(Messages(source.Replace("{|MG0020:", "").Replace("|}", ""), "MG0020")));
    }

    [Fact]
    public Task MG0020_a_vector_of_other_features_before_a_sequence_points_at_the_sequence() => Verify("""
        [Model(Input = [12, 2])]
        public partial class M
        {
            [LastStep] [Linear(2, 3)] private readonly Linear level;
            [From(nameof(level), {|MG0020:"input"|}, Merge = Merge.Add)] [Flatten] private readonly Flatten flat;
        }
        """);

    // ---- MG0021: named inputs -------------------------------------------------------------------------------

    [Fact]
    public Task MG0021_inputs_that_are_not_a_record_point_at_the_argument() => Verify("""
        public sealed class NotARecord { [Shape(3)] public Tensor X { get; init; } = null!; }

        [Model({|MG0021:Inputs = typeof(NotARecord)|})]
        public partial class M { [From("X")] [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0021_a_property_without_a_shape_points_at_it() => Verify("""
        public sealed record J([property: Shape(3)] Tensor X, Tensor {|MG0021:Y|});

        [Model(Inputs = typeof(J))]
        public partial class M { [From(nameof(J.X), nameof(J.Y))] [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0021_a_property_that_is_not_a_tensor_points_at_it() => Verify("""
        public sealed record J([property: Shape(3)] Tensor X, [property: {|MG0021:Shape(2)|}] float[] Y);

        [Model(Inputs = typeof(J))]
        public partial class M { [From(nameof(J.X))] [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0021_a_bad_shape_points_at_its_attribute() => Verify("""
        public sealed record J([property: {|MG0021:Shape(3, 0)|}] Tensor X);

        [Model(Inputs = typeof(J))]
        public partial class M { [From(nameof(J.X))] [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0021_Input_and_Inputs_together_point_at_Input() => Verify("""
        public sealed record J([property: Shape(3)] Tensor X);

        [Model({|MG0021:Input = [3]|}, Inputs = typeof(J))]
        public partial class M { [From(nameof(J.X))] [Linear(3, 2)] private readonly Linear fc; }
        """);

    // ---- MG0022: category ids and values ------------------------------------------------------------------

    [Fact]
    public Task MG0022_a_category_into_a_linear_layer_points_at_the_layer() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M
        {
            [From(nameof(I.Id))] [{|MG0022:Linear(1, 2)|}] private readonly Linear fc;
        }
        """);

    [Fact]
    public void MG0022_a_table_smaller_than_the_categories_names_both()
    {
        string message = Assert.Single(Messages("""
            public sealed record J([property: Categorical(20)] Tensor Store);

            [Model(Inputs = typeof(J))]
            public partial class M { [From(nameof(J.Store))] [Embedding(10, 4)] private readonly Embedding store; }
            """, "MG0022"));

        Assert.Equal("Embedding 'store' has numEmbeddings = 10, a row per category, but reads input 'Store', which has 20 categories (0 to 19); expected numEmbeddings = 20 or more (docs/diagnostics/MG0022.md)", message);
    }

    [Fact]
    public Task MG0022_a_table_smaller_than_the_categories_points_at_numEmbeddings() => Verify("""
        public sealed record J([property: Categorical(20)] Tensor Store);

        [Model(Inputs = typeof(J))]
        public partial class M { [From(nameof(J.Store))] [Embedding({|MG0022:10|}, 4)] private readonly Embedding store; }
        """);

    [Fact]
    public Task MG0022_an_embedding_of_values_points_at_the_layer() => Verify("""
        [Model(Input = [3])]
        public partial class M { [{|MG0022:Embedding(10, 4)|}] private readonly Embedding e; }
        """);

    [Fact]
    public Task MG0022_a_category_joined_with_values_points_at_it() => Verify(Inputs + """
        [Model(Inputs = typeof(I))]
        public partial class M
        {
            [From(nameof(I.Past))] [LastStep] [Linear(3, 3)] private readonly Linear a;
            [From(nameof(a), {|MG0022:nameof(I.Id)|})] [Linear(4, 2)] private readonly Linear b;
            [From(nameof(I.Future))] [Linear(2, 2)] private readonly Linear c;
        }
        """);

    // ---- MG0023: blocks ------------------------------------------------------------------------------------

    private const string Block = """
        [Block(Residual = true)]
        public partial class R
        {
            public const int In = 4, Out = 4;
            [Linear(In, Out)] private readonly Linear fc;
        }

        """;

    [Fact]
    public Task A_block_with_its_consts_set_per_use_is_a_valid_model() => Verify(Block + """
        [Model(Input = [3])]
        public partial class M
        {
            [With(nameof(R.In), 3)] private readonly R first;
            [With(nameof(R.In), R.Out)] [With(nameof(R.Out), R.Out * 2)] private readonly R second;
        }
        """);

    [Fact]
    public Task MG0023_a_block_that_is_not_partial_is_reported_at_the_class_and_at_its_use() => Verify("""
        [Block]
        public class {|MG0023:B|} { [Linear(3, 3)] private readonly Linear fc; }

        [Model(Input = [3])]
        public partial class M { private readonly B {|MG0023:block|}; }
        """);

    [Fact]
    public Task MG0023_a_block_that_contains_itself_is_reported_at_the_use() => Verify("""
        [Block]
        public partial class A { [Linear(3, 3)] private readonly Linear fc; private readonly B inner; }

        [Block]
        public partial class B { private readonly A {|MG0023:inner|}; }

        [Model(Input = [3])]
        public partial class M { private readonly A block; }
        """);

    [Fact]
    public void MG0023_a_block_that_contains_itself_names_the_cycle()
    {
        string[] messages = Messages("""
            [Block]
            public partial class A { [Linear(3, 3)] private readonly Linear fc; private readonly B inner; }

            [Block]
            public partial class B { private readonly A inner; }

            [Model(Input = [3])]
            public partial class M { private readonly A block; }
            """, "MG0023");

        Assert.Contains(messages, m => m.StartsWith("A 'block.inner.inner' contains itself (A → B → A)", System.StringComparison.Ordinal));
    }

    [Fact]
    public Task MG0023_a_layer_attribute_on_a_block_field_points_at_it() => Verify(Block + """
        [Model(Input = [4])]
        public partial class M { [{|MG0023:Linear(4, 4)|}] private readonly R block; }
        """);

    [Fact]
    public Task MG0023_a_residual_block_may_not_name_a_member_downsample() => Verify("""
        [Block(Residual = true)]
        public partial class {|MG0023:R|} { [Linear(4, 4)] private readonly Linear downsample; }
        """);

    [Fact]
    public Task MG0023_a_block_with_a_constructor_of_its_own_is_reported_at_the_class() => Verify("""
        [Block]
        public partial class {|MG0023:R|} { [Linear(4, 4)] private readonly Linear fc; public R(int width) { } }
        """);

    // ---- MG0024: residual body that changes the steps --------------------------------------------------------

    [Fact]
    public void MG0024_a_residual_body_that_changes_the_steps_names_both_shapes()
    {
        string message = Assert.Single(Messages("""
            [Block(Residual = true)]
            public partial class Shrink { [Conv1d(4, 4, 3)] private readonly Conv1d conv; }

            [Model(Input = [10, 4])]
            public partial class M { private readonly Shrink block; }
            """, "MG0024"));

        Assert.StartsWith("Shrink 'block' is residual, but its body turns [10, 4] into [8, 4]", message);
    }

    // ---- MG0025: [With] and arguments computed from consts ---------------------------------------------------

    [Fact]
    public Task MG0025_an_unknown_const_points_at_the_name() => Verify(Block + """
        [Model(Input = [4])]
        public partial class M { [With({|MG0025:"Width"|}, 3)] private readonly R block; }
        """);

    [Fact]
    public void MG0025_an_unknown_const_says_which_consts_exist()
    {
        string message = Assert.Single(Messages(Block + """
            [Model(Input = [4])]
            public partial class M { [With("Width", 3)] private readonly R block; }
            """, "MG0025"));

        Assert.Equal("'block': [With(Width, 3)] names a const R does not have; expected one of R's public consts: 'In', 'Out' (docs/diagnostics/MG0025.md)", message);
    }

    [Fact]
    public Task MG0025_a_value_of_another_type_points_at_the_value() => Verify(Block + """
        [Model(Input = [4])]
        public partial class M { [With(nameof(R.In), {|MG0025:"four"|})] private readonly R block; }
        """);

    [Fact]
    public Task MG0025_a_const_set_twice_points_at_the_second() => Verify(Block + """
        [Model(Input = [4])]
        public partial class M { [With(nameof(R.In), 4)] [With({|MG0025:nameof(R.In)|}, 4)] private readonly R block; }
        """);

    [Fact]
    public Task MG0025_With_on_a_layer_points_at_the_name() => Verify("""
        [Model(Input = [4])]
        public partial class M { [With({|MG0025:"In"|}, 4)] [Linear(4, 4)] private readonly Linear fc; }
        """);

    // ---- Inside blocks: each use is checked, and reported where the model uses the block -----------------------

    [Fact]
    public void A_mismatch_inside_a_block_names_the_layer_by_its_path_and_the_value_the_use_sets()
    {
        string message = Assert.Single(Messages(Block + """
            [Model(Input = [3])]
            public partial class M { [With(nameof(R.In), 5)] private readonly R block; }
            """, "MG0001"));

        Assert.Equal("Linear 'block.fc' has inFeatures = 5, but its input is [3] from the input of R 'block'; expected inFeatures = 3 (docs/diagnostics/MG0001.md)", message);
    }

    [Fact]
    public async Task A_mismatch_inside_a_block_of_another_file_is_reported_at_the_use_with_the_place_in_the_block()
    {
        var test = new CSharpAnalyzerTest<ModelAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.TestState.Sources.Add(("Block.cs", Usings + Block.Replace("[Linear(In, Out)]", "[Linear({|#1:In|}, Out)]")));
        test.TestState.Sources.Add(("Model.cs", Usings + """
            [Model(Input = [3])]
            public partial class M { [With(nameof(R.In), 5)] private readonly R {|#0:block|}; }
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.LayerInputMismatch).WithLocation(0).WithLocation(1)
            .WithArguments("Linear 'block.fc'", "inFeatures", "5", "[3] from the input of R 'block'", "3"));
        await test.RunAsync();
    }

    // ---- MG0026: layers in several files --------------------------------------------------------------------

    [Fact]
    public async Task MG0026_layers_on_parts_of_the_class_in_different_files_are_reported()
    {
        var test = new CSharpAnalyzerTest<ModelAnalyzer, DefaultVerifier> { ReferenceAssemblies = new ReferenceAssemblies("net10.0") };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.TestState.Sources.Add(("A.cs", Usings + "[Model(Input = [4])]\npublic partial class M { [Linear(4, 4)] private readonly Linear first; }\n"));
        test.TestState.Sources.Add(("B.cs", Usings + "public partial class M { [Linear(4, 2)] private readonly Linear {|MG0026:second|}; }\n"));
        await test.RunAsync();
    }

    // ---- Warnings: values nothing reads ---------------------------------------------------------------------

    [Fact]
    public Task MG1002_an_input_nothing_reads_points_at_its_shape() => Verify("""
        public sealed record J([property: Shape(3)] Tensor X, [property: {|MG1002:Shape(2)|}] Tensor Y);

        [Model(Inputs = typeof(J))]
        public partial class M { [From(nameof(J.X))] [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG1003_a_layer_whose_output_nothing_reads_points_at_it() => Verify("""
        [Model(Input = [4])]
        public partial class M
        {
            [Linear(4, 3)] private readonly Linear {|MG1003:dead|};
            [From("input")] [Linear(4, 2)] private readonly Linear head;
        }
        """);

    // ---- Channel-independent blocks ----------------------------------------------------------------------

    private const string PerSeries = """
        [Block(ChannelIndependent = true)]
        public partial class S
        {
            public const int Out = 1;
            [Flatten] private readonly Flatten flatten;
            [Linear(6, 2 * Out)] private readonly Linear head;
        }

        """;

    [Fact]
    public void A_channel_independent_block_reads_each_feature_as_a_series_and_joins_them()
    {
        BuildResult result = TestCompilation.Build(Usings + PerSeries + """
            [Model(Input = [6, 3], Output = [2, 3], MultiOutput = true)]
            public partial class M { private readonly S perSeries; }
            """);

        Assert.Empty(result.WarningsAndErrors);
        string source = result.GeneratedSource("M.g.cs");
        Assert.Contains("var x = this.perSeries.call(input.transpose(1, 2).reshape(-1, 6, 1)).reshape(-1, 3, 2).transpose(1, 2);", source);
        Assert.Contains("inputShape: new long[] { batchSize * 3L, 6, 1 }", source);
    }

    [Fact]
    public Task MG0023_a_channel_independent_block_on_a_vector_is_reported_at_its_use() => Verify(PerSeries + """
        [Model(Input = [6])]
        public partial class M { private readonly S {|MG0023:perSeries|}; }
        """);

    [Fact]
    public void MG0023_a_channel_independent_block_needs_a_sequence_and_one_value_per_step_of_each_series()
    {
        string vector = Assert.Single(Messages(PerSeries + """
            [Model(Input = [6])]
            public partial class M { private readonly S perSeries; }
            """, "MG0023"));
        string wide = Assert.Single(Messages("""
            [Block(ChannelIndependent = true)]
            public partial class W { [Linear(1, 2)] private readonly Linear fc; }

            [Model(Input = [6, 3])]
            public partial class M { private readonly W perSeries; }
            """, "MG0023"));

        Assert.Equal("S 'perSeries' reads [6] from the model Input, but its block S is ChannelIndependent; expected a sequence [steps, features], whose features the block reads one at a time as series of their own (docs/diagnostics/MG0023.md)", vector);
        Assert.Equal("W 'perSeries' is channel-independent and returns [6, 2] for each series; expected [steps] or [steps, 1] for each series, which the use joins into [steps, 3] (one column per feature of its input) (docs/diagnostics/MG0023.md)", wide);
    }

    [Fact]
    public Task MG0023_a_residual_channel_independent_block_is_reported_at_its_use() => Verify("""
        [Block(ChannelIndependent = true, Residual = true)]
        public partial class S { [Linear(1, 1)] private readonly Linear fc; }

        [Model(Input = [6, 3])]
        public partial class M { private readonly S {|MG0023:perSeries|}; }
        """);
}
