using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>Each MG0xxx diagnostic at its exact span (the markup), with no other diagnostic.</summary>
public class DeclarationAnalyzerTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n\n";

    private static Task Verify(string markup) => AnalyzerVerifier<ModelAnalyzer>.VerifyAsync(Usings + markup);

    [Fact]
    public Task MG0004_invalid_input_points_at_the_argument() => Verify("""
        [Model({|MG0004:Input = [10, 0]|})]
        public partial class M { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0004_invalid_input_is_not_also_an_invalid_FirstInput() => Verify("""
        [Model({|MG0004:Input = [7, 0]|})]
        public partial class M { [LastStep] [AutoregressiveGru(4, 1, 3, FirstInput = [2])] private readonly AutoregressiveGruHead head; }
        """);

    [Fact]
    public Task MG0004_missing_input_is_not_also_an_invalid_FirstInput() => Verify("""
        [{|MG0004:Model(Output = [3, 1])|}]
        public partial class M { [Linear(2, 4)] private readonly Linear fc; [AutoregressiveGru(4, 1, 3, FirstInput = [0])] private readonly AutoregressiveGruHead head; }
        """);

    [Fact]
    public Task MG0004_missing_input_points_at_the_attribute() => Verify("""
        [{|MG0004:Model(Output = [2])|}]
        public partial class M { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0005_points_at_the_class_name() => Verify("""
        [Model(Input = [3])]
        public class {|MG0005:M|} { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0006_generic_class_points_at_the_class_name() => Verify("""
        [Model(Input = [3])]
        public partial class {|MG0006:M|}<T> { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0006_class_nested_in_a_type_that_is_not_partial_points_at_the_class_name() => Verify("""
        public partial class Outer
        {
            public class Middle
            {
                [Model(Input = [3])]
                public partial class {|MG0006:M|} { [Linear(3, 2)] private readonly Linear fc; }
            }
        }
        """);

    [Fact]
    public Task A_class_nested_in_partial_types_is_a_model() => Verify("""
        public partial class Outer<T>
        {
            internal partial struct Middle
            {
                [Model(Input = [3])]
                public partial class M { [Linear(3, 2)] private readonly Linear fc; }
            }
        }
        """);

    [Fact]
    public Task MG0003_an_undefined_RNN_nonlinearity_points_at_the_argument() => Verify("""
        [Model(Input = [4, 2])]
        public partial class M { [Rnn(2, 3, {|MG0003:Nonlinearity = (RnnNonlinearity)7|})] private readonly RNN rnn; }
        """);

    [Fact]
    public Task MG0006_abstract_class_points_at_the_class_name() => Verify("""
        [Model(Input = [3])]
        public abstract partial class {|MG0006:M|} { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0006_foreign_base_class_points_at_the_class_name() => Verify("""
        public class Base { }

        [Model(Input = [3])]
        public partial class {|MG0006:M|} : Base { [Linear(3, 2)] private readonly Linear fc; }
        """);

    [Fact]
    public Task MG0007_points_at_the_class_name() => Verify("""
        [Model(Input = [3])]
        public partial class {|MG0007:M|} { }
        """);

    [Fact]
    public Task MG0009_points_at_the_field() => Verify("""
        [Model(Input = [3])]
        public partial class M { [Linear(3, 2)] private readonly GRU {|MG0009:fc|}; }
        """);

    [Fact]
    public Task MG0009_static_field_points_at_the_field() => Verify("""
        [Model(Input = [3])]
        public partial class M { [Linear(3, 2)] private static readonly Linear {|MG0009:fc|}; }
        """);

    [Fact]
    public Task MG0010_points_at_the_field() => Verify("""
        [Model(Input = [3])]
        public partial class M { [Linear(3, 2)] [ReLU] private readonly Linear {|MG0010:fc|}; }
        """);

    [Fact]
    public Task MG0011_points_at_the_step_attribute() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [{|MG0011:LastStep|}] private readonly Linear orphan;
        }
        """);

    [Fact]
    public Task MG0012_points_at_the_conflicting_constructor() => Verify("""
        [Model(Input = [3])]
        public partial class M
        {
            [Linear(3, 2)] private readonly Linear fc;
            public {|MG0012:M|}() { fc = null!; }
        }
        """);

    [Fact]
    public Task MG0013_points_at_the_step_index() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [Step({|MG0013:10|})] [Linear(8, 2)] private readonly Linear head;
        }
        """);

    [Fact]
    public Task MG0014_points_at_the_kernel_size() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [Conv1d(3, 8, {|MG0014:9|}, Dilation = 2)] private readonly Conv1d conv; }
        """);

    [Fact]
    public Task MG0015_points_at_the_field() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [LastStep] [Step(0)] [Linear(8, 2)] private readonly Linear {|MG0015:head|};
        }
        """);

    [Fact]
    public Task MG0016_points_at_the_field() => Verify("""
        [Model(Input = [3])]
        public partial class M { [Linear(3, 2)] private readonly Linear {|MG0016:training|}; }
        """);

    [Fact]
    public Task MG0003_groups_point_at_the_groups_argument() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [Conv1d(3, 8, 3, {|MG0003:Groups = 2|})] private readonly Conv1d conv; }
        """);

    [Fact]
    public Task MG0003_an_even_moving_average_kernel_points_at_it() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [MovingAverage({|MG0003:4|})] private readonly AvgPool1d trend; }
        """);

    [Fact]
    public Task MG0003_a_moving_average_kernel_longer_than_the_window_points_at_it() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [MovingAverage({|MG0003:11|})] private readonly AvgPool1d trend; }
        """);

    [Fact]
    public void A_moving_average_kernel_says_what_was_found_and_what_is_expected()
    {
        string Message(int kernel) => Assert.Single(TestCompilation.Build(Usings +
            $"[Model(Input = [10, 3])] public partial class M {{ [MovingAverage({kernel})] private readonly AvgPool1d trend; }}").Diagnostics, d => d.Id == "MG0003").GetMessage();

        Assert.StartsWith("MovingAverage 'trend': kernelSize is 4, an even number; expected an odd number of steps", Message(4));
        Assert.StartsWith("MovingAverage 'trend': kernelSize is 11, longer than its input's 10 steps; expected at most 10 steps", Message(11));
    }

    [Fact]
    public Task MG0001_a_layer_norm_over_steps_and_features_points_at_the_steps_that_differ() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [LayerNorm({|MG0001:12|}, 3)] private readonly LayerNorm norm; }
        """);

    [Fact]
    public void A_layer_norm_over_steps_and_features_says_what_it_found()
    {
        string message = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [10, 3])] public partial class M { [LayerNorm(12, 3)] private readonly LayerNorm norm; }").Diagnostics,
            d => d.Id == "MG0001").GetMessage();
        Assert.StartsWith("LayerNorm 'norm' has steps = 12, but its input is [10, 3] from the model Input; expected steps = 10", message);
        // Over a vector there are no steps to normalise: a sequence is required.
        Assert.Contains(TestCompilation.Build(Usings +
            "[Model(Input = [3])] public partial class M { [LayerNorm(1, 3)] private readonly LayerNorm norm; }").Diagnostics, d => d.Id == "MG0008");
    }

    [Fact]
    public Task MG0003_a_head_count_that_does_not_divide_the_width_points_at_it() => Verify("""
        [Model(Input = [10, 16])]
        public partial class M { [TransformerEncoderLayer(16, {|MG0003:3|}, DimFeedforward = 32)] private readonly TransformerLayer encoder; }
        """);

    [Fact]
    public void A_head_count_says_what_was_found_and_which_counts_divide_the_width()
    {
        string message = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [10, 12])] public partial class M { [TransformerEncoderLayer(12, 5)] private readonly TransformerLayer encoder; }").Diagnostics,
            d => d.Id == "MG0003").GetMessage();

        Assert.StartsWith("TransformerEncoderLayer 'encoder': nHead is 5, which does not divide dModel = 12; expected a divisor of 12 (1, 2, 3, 4, 6, 12)", message);
    }

    [Fact]
    public Task MG0001_a_transformer_width_points_at_d_model() => Verify("""
        [Model(Input = [10, 8])]
        public partial class M { [TransformerEncoderLayer({|MG0001:16|}, 4)] private readonly TransformerLayer encoder; }
        """);

    [Fact]
    public void A_horizon_read_out_by_attention_is_multi_output_and_MG1001_says_every_step_is_read()
    {
        BuildResult result = TestCompilation.Build(Usings +
            "[Model(Input = [4, 8], Output = [4, 8])] public partial class M { [TransformerEncoderLayer(8, 2, DimFeedforward = 16)] private readonly TransformerLayer encoder; }");

        Diagnostic warning = Assert.Single(result.Diagnostics, d => d.Id == "MG1001");
        Assert.Contains("TransformerEncoderLayer 'encoder' computes each step from every step of its input, by attention, and nothing is fed back", warning.GetMessage());
    }

    [Fact]
    public void Self_attentions_head_count_and_width_are_checked_at_their_arguments()
    {
        string heads = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [10, 12])] public partial class M { [MultiheadAttention(12, 5)] private readonly SelfAttention attn; }").Diagnostics,
            d => d.Id == "MG0003").GetMessage();
        string width = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [10, 8])] public partial class M { [MultiheadAttention(16, 4)] private readonly SelfAttention attn; }").Diagnostics,
            d => d.Id == "MG0001").GetMessage();

        Assert.StartsWith("MultiheadAttention 'attn': numHeads is 5, which does not divide embedDim = 12; expected a divisor of 12 (1, 2, 3, 4, 6, 12), so each head has embedDim / numHeads features", heads);
        Assert.StartsWith("MultiheadAttention 'attn' has embedDim = 16", width);
    }

    [Fact]
    public Task MG0003_self_attentions_head_count_points_at_it() => Verify("""
        [Model(Input = [10, 16])]
        public partial class M { [MultiheadAttention(16, {|MG0003:3|})] private readonly SelfAttention attn; }
        """);

    [Fact]
    public void Causal_self_attention_reads_the_steps_up_to_each_for_MG1001()
    {
        BuildResult result = TestCompilation.Build(Usings +
            "[Model(Input = [4, 8], Output = [4, 8])] public partial class M { [MultiheadAttention(8, 2, Causal = true)] private readonly SelfAttention attn; }");

        Diagnostic warning = Assert.Single(result.Diagnostics, d => d.Id == "MG1001");
        Assert.Contains("MultiheadAttention 'attn' computes each step from its input's steps up to it, by causal attention, and nothing is fed back", warning.GetMessage());
    }

    [Fact]
    public Task MG0001_a_trend_basis_of_another_degree_than_its_coefficients_points_at_the_degree() => Verify("""
        [Model(Input = [8])]
        public partial class M { [Linear(8, 4)] private readonly Linear theta; [TrendBasis({|MG0001:2|}, 6)] private readonly Basis basis; }
        """);

    [Fact]
    public void A_seasonality_basis_says_how_many_coefficients_its_length_reads()
    {
        string message = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [8])] public partial class M { [Linear(8, 4)] private readonly Linear theta; [SeasonalityBasis(6)] private readonly Basis basis; }").Diagnostics,
            d => d.Id == "MG0003").GetMessage();

        Assert.Contains("SeasonalityBasis 'basis': its input is [4] from Linear 'theta'; expected [5]: a seasonality basis over 6 values reads 2·2 + 1 coefficients (a constant, 2 cosines, 2 sines)", message);
    }

    [Fact]
    public Task MG0003_a_basis_on_a_sequence_points_at_the_attribute() => Verify("""
        [Model(Input = [4, 3])]
        public partial class M { [{|MG0003:TrendBasis(2, 6)|}] private readonly Basis basis; }
        """);

    [Fact]
    public Task MG0003_a_patch_longer_than_the_sequence_points_at_its_length() => Verify("""
        [Model(Input = [10, 1])]
        public partial class M { [Patch({|MG0003:12|}, 4)] private readonly Patching patches; }
        """);

    [Fact]
    public void A_patch_length_says_what_was_found_and_what_is_expected()
    {
        string message = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [10, 1])] public partial class M { [Patch(12, 4)] private readonly Patching patches; }").Diagnostics,
            d => d.Id == "MG0003").GetMessage();

        Assert.StartsWith("Patch 'patches': length is 12, longer than its input's 10 steps; expected at most 10 steps", message);
    }

    [Fact]
    public Task MG0001_a_positional_embedding_of_other_steps_points_at_them() => Verify("""
        [Model(Input = [10, 4])]
        public partial class M { [PositionalEmbedding({|MG0001:12|}, 4)] private readonly PositionalEmbedding position; }
        """);

    [Fact]
    public Task MG0003_frozen_sinusoids_point_at_frozen() => Verify("""
        [Model(Input = [10, 4])]
        public partial class M { [PositionalEmbedding(10, 4, Encoding = PositionalEncoding.Sinusoidal, {|MG0003:Frozen = true|})] private readonly PositionalEmbedding position; }
        """);

    [Fact]
    public Task MG0003_RevIN_after_another_layer_points_at_it() => Verify("""
        [Model(Input = [12, 2], Output = [4, 2], MultiOutput = true)]
        public partial class M
        {
            [Linear(2, 2)] private readonly Linear first;
            [{|MG0003:RevIN|}] private readonly RevIN revin;
            [Flatten] private readonly Flatten flat;
            [Linear(24, 8)] private readonly Linear head;
        }
        """);

    [Fact]
    public void RevIN_says_which_forecast_it_maps_back_and_how_to_name_the_targets()
    {
        string Message(string revin, string output) => Assert.Single(TestCompilation.Build(Usings +
            $"[Model(Input = [12, 2], Output = {output}, MultiOutput = true)] public partial class M {{ [{revin}] private readonly RevIN revin; " +
            "[Flatten] private readonly Flatten flat; [Linear(24, 4)] private readonly Linear head; }").Diagnostics, d => d.Id == "MG0003").GetMessage();

        Assert.StartsWith("RevIN 'revin': the forecast it maps back is [4, 1]; expected [horizon, 2]: the model forecasts all 2 input features; " +
            "name the input features the forecast is of with Targets (e.g. Targets = [0])", Message("RevIN", "[4, 1]"));
        Assert.StartsWith("RevIN 'revin': the forecast it maps back is [2, 2]; expected [horizon, 1]: the model forecasts input features [1]",
            Message("RevIN(Targets = [1])", "[2, 2]"));
        Assert.StartsWith("RevIN 'revin': Targets is [2]; expected indexes of the input's 2 features (0 to 1)", Message("RevIN(Targets = [2])", "[4, 1]"));
    }

    [Fact]
    public void RevIN_refuses_quantiles_for_now()
    {
        string message = Assert.Single(TestCompilation.Build(Usings +
            "[Model(Input = [12, 1], Output = [4, 1], Quantiles = [0.1, 0.5, 0.9], MultiOutput = true)] public partial class M { [RevIN] private readonly RevIN revin; " +
            "[Flatten] private readonly Flatten flat; [Linear(12, 12)] private readonly Linear head; }").Diagnostics, d => d.Id == "MG0003").GetMessage();

        Assert.StartsWith("RevIN 'revin': its model has Quantiles; expected a point forecast", message);
    }

    [Fact]
    public Task MG0001_time_linear_steps_point_at_in_steps() => Verify("""
        [Model(Input = [10, 3], MultiOutput = true)]
        public partial class M { [TimeLinear({|MG0001:12|}, 4)] private readonly Linear time; }
        """);

    [Fact]
    public void A_horizon_read_out_over_time_is_multi_output_and_MG1001_says_so()
    {
        BuildResult result = TestCompilation.Build(Usings +
            "[Model(Input = [12, 2], Output = [4, 2])] public partial class M { [TimeLinear(12, 4)] private readonly Linear time; }");

        Diagnostic warning = Assert.Single(result.Diagnostics, d => d.Id == "MG1001");
        Assert.Contains("TimeLinear 'time'", warning.GetMessage());
    }

    [Fact]
    public Task MG0001_conv_channels_point_at_in_channels() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M { [Conv1d({|MG0001:4|}, 8, 3)] private readonly Conv1d conv; }
        """);

    [Fact]
    public Task MG0008_recurrent_layer_fed_a_vector_points_at_its_attribute() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [LastStep] [{|MG0008:Lstm(8, 4)|}] private readonly LSTM lstm;
        }
        """);

    [Fact]
    public Task MG0017_head_on_a_sequence_points_at_its_attribute() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [{|MG0017:AutoregressiveGru(8, 1, 5)|}] private readonly AutoregressiveGruHead head;
        }
        """);

    [Fact]
    public Task MG0018_points_at_a_head_that_is_not_last() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [LastStep] [{|MG0018:AutoregressiveGru(8, 1, 5)|}] private readonly AutoregressiveGruHead head;
            [Sigmoid] private readonly Sigmoid squash;
        }
        """);

    [Fact]
    public Task MG0003_first_input_points_at_the_argument() => Verify("""
        [Model(Input = [10, 3])]
        public partial class M
        {
            [Gru(3, 8)] private readonly GRU gru;
            [LastStep] [AutoregressiveGru(8, 1, 5, {|MG0003:FirstInput = [3]|})] private readonly AutoregressiveGruHead head;
        }
        """);
}
