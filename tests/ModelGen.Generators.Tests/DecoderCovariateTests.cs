using System.Linq;
using System.Threading.Tasks;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// An autoregressive decoder fed known future covariates at each step (<c>Covariates</c>) and its first input from a
/// named input or an earlier field (<c>FirstInputFrom</c>): what it accepts, and each mistake at its argument with a
/// message naming what was found and what was expected.
/// </summary>
public class DecoderCovariateTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n";

    private const string Inputs = """
        public sealed record I([property: Shape(6, 3)] Tensor Past, [property: Shape(4, 2)] Tensor Future, [property: Categorical(5)] Tensor Id);

        """;

    private static Task Verify(string markup) => AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Usings + markup);

    private static string[] Messages(string source, string id) =>
        TestCompilation.Messages(Usings + source, id);

    private static string Model(string head, string extra = "") => Inputs + $$"""
        [Model(Inputs = typeof(I), Output = [4, 1])]
        public partial class M
        {
            [From(nameof(I.Id))] [Embedding(5, 2)] private readonly Embedding id;
            [From(nameof(I.Past), nameof(id))] [Gru(5, 8)] private readonly GRU encoder;
            {{extra}}
            [From(nameof(encoder))] [LastStep] {{head}} private readonly AutoregressiveGruHead head;
        }
        """;

    [Fact]
    public Task Named_inputs_feed_the_first_step_and_every_steps_covariates() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, FirstInput = [0], FirstInputFrom = nameof(I.Past), Covariates = nameof(I.Future))]"));

    [Fact]
    public void Covariates_may_be_an_earlier_fields_output_kept_for_the_head()
    {
        // projected runs right before the head, which reads encoder: its output is kept only because the head reads it aside.
        BuildResult result = TestCompilation.Build(Usings + Model(
            "[AutoregressiveGru(8, 1, 4, FirstInput = [0], FirstInputFrom = nameof(I.Past), Covariates = nameof(projected))]",
            "[From(nameof(I.Future))] [Linear(2, 3)] private readonly Linear projected;"));

        Assert.True(result.WarningsAndErrors.ToArray() is [], result.Describe(result.WarningsAndErrors));
        string source = result.GeneratedSource("M.g.cs");
        Assert.Contains("var projected = this.projected.call(inputs.Future);", source);
        Assert.Contains("covariates: projected)", source);
        Assert.Contains("covariateFeatures: 3", source);
    }

    [Fact]
    public void The_cell_reads_the_fed_value_and_the_covariates()
    {
        BuildResult result = TestCompilation.Build(Usings + Model("[AutoregressiveGru(8, 1, 4, FirstInput = [0], FirstInputFrom = nameof(I.Past), Covariates = nameof(I.Future))]"));
        Assert.Empty(result.WarningsAndErrors);
        string source = result.GeneratedSource("M.g.cs");
        Assert.Contains("covariateFeatures: 2", source);
        Assert.Contains("covariates: inputs.Future", source);
        Assert.Contains("inputs.Past.select(1, -1).index_select(1,", source);
    }

    [Fact]
    public Task An_unknown_covariates_name_points_at_the_argument() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, {|MG0019:Covariates = \"Futur\"|})]"));

    [Fact]
    public void An_unknown_covariates_name_says_which_names_exist()
    {
        string message = Assert.Single(Messages(Model("[AutoregressiveGru(8, 1, 4, Covariates = \"Futur\")]"), "MG0019"));
        Assert.Equal("'head' has Covariates = \"Futur\", which is neither an input nor a field; expected one of 'Past', 'Future', 'Id', 'id', 'encoder' (docs/diagnostics/MG0019.md)", message);
    }

    [Fact]
    public Task Covariates_of_other_steps_than_the_horizon_point_at_the_argument() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, {|MG0003:Covariates = nameof(I.Past)|})]"));

    [Fact]
    public void Covariates_of_other_steps_say_what_was_found_and_expected()
    {
        string message = Assert.Single(Messages(Model("[AutoregressiveGru(8, 1, 4, Covariates = nameof(I.Past))]"), "MG0003"));
        Assert.Contains("Covariates names 'Past', input 'Past', which is [6, 3]", message);
        Assert.Contains("expected an input or earlier field of [4, features]: a row of known values for each of the 4 decoded steps", message);
    }

    [Fact]
    public Task Category_ids_as_covariates_point_at_the_argument() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, {|MG0003:Covariates = nameof(I.Id)|})]"));

    [Fact]
    public void FirstInput_on_named_inputs_asks_for_FirstInputFrom()
    {
        string message = Assert.Single(Messages(Model("[AutoregressiveGru(8, 1, 4, FirstInput = [0])]"), "MG0003"));
        Assert.Contains("FirstInput is [0]", message);
        Assert.Contains("expected FirstInputFrom naming the input it reads", message);
    }

    [Fact]
    public void FirstInput_out_of_the_named_inputs_features_names_them()
    {
        string message = Assert.Single(Messages(Model("[AutoregressiveGru(8, 1, 4, FirstInput = [3], FirstInputFrom = nameof(I.Past))]"), "MG0003"));
        Assert.Contains("expected 1 index(es) of the 3 features of input 'Past' (0 to 2)", message);
    }

    [Fact]
    public Task FirstInputFrom_naming_category_ids_points_at_the_argument() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, FirstInput = [0], {|MG0003:FirstInputFrom = nameof(I.Id)|})]"));

    [Fact]
    public Task FirstInputFrom_naming_a_later_field_points_at_the_argument() =>
        Verify(Model("[AutoregressiveGru(8, 1, 4, FirstInput = [0], {|MG0019:FirstInputFrom = nameof(head)|})]"));
}
