using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Tests;

/// <summary>The pure shape and count arithmetic, without Roslyn.</summary>
public class ModelPlannerTests
{
    private static readonly LayerSpec SeedGru = new RecurrentSpec(RecurrentCell.Gru, 3, 32, 2, true, 0, false);
    private static readonly LayerSpec SeedLinear = new LinearSpec(32, 5, true);

    public static IEnumerable<object[]> PyTorchCounts()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "parameter_counts.json")));
        foreach (JsonElement layer in doc.RootElement.GetProperty("layers").EnumerateArray())
            yield return [layer.GetRawText()];
    }

    [Theory]
    [MemberData(nameof(PyTorchCounts))]
    public void Parameter_counts_match_PyTorch(string fixture)
    {
        JsonElement layer = JsonDocument.Parse(fixture).RootElement;
        long expected = layer.GetProperty("parameters").GetInt64();

        int Int(string name) => layer.GetProperty(name).GetInt32();
        bool Bool(string name) => layer.GetProperty(name).GetBoolean();
        RecurrentSpec Recurrent(RecurrentCell cell) =>
            new(cell, Int("input_size"), Int("hidden_size"), Int("num_layers"), Bool("bias"), 0, Bool("bidirectional"));
        long actual = layer.GetProperty("layer").GetString() switch
        {
            "GRU" => (Recurrent(RecurrentCell.Gru)).CountParameters(),
            "LSTM" => (Recurrent(RecurrentCell.Lstm)).CountParameters(),
            "RNN" => (Recurrent(RecurrentCell.RnnTanh)).CountParameters(),
            "Conv1d" => (new Conv1dSpec(Int("in_channels"), Int("out_channels"), Int("kernel_size"), 1, 0, 1, Int("groups"), Bool("bias"))).CountParameters(),
            "LayerNorm" => ModelPlanner.Plan(new ModelSpec("S", "M", ClassProblems.None, null, null, new[] { 4, Int("normalized_shape") }.ToEquatableArray(),
                EquatableArray<int>.Empty, new[] { Field("norm", new LayerNormSpec(Int("normalized_shape"), 1e-5, Bool("elementwise_affine"))) }.ToEquatableArray(),
                EquatableArray<string>.Empty, false)).Layers.Single().Parameters,
            "Linear" => (new LinearSpec(Int("in_features"), Int("out_features"), Bool("bias"))).CountParameters(),
            var other => throw new InvalidOperationException("No count for " + other),
        };

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Seed_model_shapes_and_counts_are_torchinfos()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed());

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal(2, plan.Layers.Count);
        (LayerPlan gru, LayerPlan fc) = (plan.Layers[0], plan.Layers[1]);
        Assert.Equal([10, 3], gru.InputShape);
        Assert.Equal([10, 32], gru.OutputShape);
        Assert.Equal(9_888, gru.Parameters);
        Assert.Equal(50_626_560, gru.MultAddsPerSample * 512);
        Assert.Equal([32], fc.InputShape);
        Assert.Equal([5], fc.OutputShape);
        Assert.Equal(165, fc.Parameters);
        Assert.Equal(84_480, fc.MultAddsPerSample * 512);
        Assert.Equal([5, 1], plan.Output);
        Assert.True(plan.NeedsView);
    }

    [Fact]
    public void Seed_head_is_multi_output_with_no_step_conditioned_on_another()
    {
        HeadPlan head = ModelPlanner.Plan(Seed()).Head!;

        Assert.Equal(5, head.Horizon);
        Assert.Equal(1, head.ValuesPerStep);
        Assert.Equal(HeadStrategy.MultiOutput, head.Strategy);
        Assert.Equal(1, head.HeadFieldIndex);
        Assert.Equal(5, head.ConditionedOn.Count);
        Assert.False(head.AnyStepConditioned);
    }

    [Fact]
    public void Linear_on_a_sequence_acts_per_step_and_counts_every_step()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [10, 1], fields: [Field("GRU", SeedGru), Field("fc", new LinearSpec(32, 1, true))]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal([10, 1], plan.Layers[1].OutputShape);
        Assert.Equal(33 * 10, plan.Layers[1].MultAddsPerSample);
        Assert.False(plan.NeedsView);
        Assert.Equal(HeadStrategy.PerStepReadout, plan.Head!.Strategy);
    }

    [Fact]
    public void Bidirectional_gru_doubles_its_output_features()
    {
        var gru = new RecurrentSpec(RecurrentCell.Gru, 3, 32, 1, true, 0, true);
        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", gru), Field("fc", new LinearSpec(64, 5, true), lastStep: true)]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal([10, 64], plan.Layers[0].OutputShape);
    }

    [Fact]
    public void Linear_input_mismatch_names_the_value_found_and_expected()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru), Field("fc", new LinearSpec(33, 5, true), lastStep: true)]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.LayerInputMismatch, finding.Id);
        Assert.Equal(Target.LayerArgument(1, "inFeatures"), finding.Target);
        Assert.Equal(["Linear 'fc'", "inFeatures", "33", "[32], the last step of GRU 'GRU'", "32"], finding.Arguments);
        Assert.False(plan.IsValid);
        Assert.Null(plan.Head);
    }

    /// <summary>
    /// Each kind's input size, one smaller and one larger than what it receives: both are MG0001 at that
    /// argument, naming the real size (a check of "too small" only, or "too large" only, fails here).
    /// </summary>
    [Theory]
    [InlineData("Gru", -1)]
    [InlineData("Gru", 1)]
    [InlineData("Linear", -1)]
    [InlineData("Linear", 1)]
    [InlineData("Conv1d", -1)]
    [InlineData("Conv1d", 1)]
    [InlineData("CausalConv1d", -1)]
    [InlineData("CausalConv1d", 1)]
    [InlineData("LayerNorm", -1)]
    [InlineData("LayerNorm", 1)]
    [InlineData("AutoregressiveGru", -1)]
    [InlineData("AutoregressiveGru", 1)]
    [InlineData("DirRec", -1)]
    [InlineData("DirRec", 1)]
    public void An_input_size_that_differs_either_way_is_MG0001(string kind, int offset)
    {
        // After GRU(3→32): a sequence [10, 32], or its last step [32] for the heads.
        int size = 32 + offset;
        (LayerSpec layer, string argument, bool lastStep) = kind switch
        {
            "Gru" => ((LayerSpec)new RecurrentSpec(RecurrentCell.Gru, size, 8, 1, true, 0, false), "inputSize", false),
            "Linear" => (new LinearSpec(size, 4, true), "inFeatures", true),
            "Conv1d" => (new Conv1dSpec(size, 4, 3, 1, 0, 1, 1, true), "inChannels", false),
            "CausalConv1d" => (new CausalConv1dSpec(size, 4, 3, 1, 1, true), "inChannels", false),
            "LayerNorm" => (new LayerNormSpec(size, 1e-5, true), "normalizedShape", false),
            "AutoregressiveGru" => (new AutoregressiveSpec(size, 1, 5, EquatableArray<int>.Empty), "hiddenSize", true),
            _ => (new DirRecSpec(size, 1, 5), "inFeatures", true),
        };

        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields: [Field("GRU", new RecurrentSpec(RecurrentCell.Gru, 3, 32, 1, true, 0, false)), Field("layer", layer, lastStep)]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal((DiagnosticIds.LayerInputMismatch, argument), (finding.Id, finding.Target.Argument));
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.Arguments[2]);
        Assert.Equal("32", finding.Arguments[4]);
    }

    [Fact]
    public void Output_that_does_not_hold_the_last_layers_values_is_an_error()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [5, 2]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.OutputMismatch, finding.Id);
        Assert.Equal(Target.ModelArgument("Output"), finding.Target);
        Assert.Equal(["[5, 2]", "10", "Linear 'fc'", "[5]", "5", "an Output with 5 values"], finding.Arguments);
    }

    [Theory]
    [InlineData(0, 32, 2, 0.0, "inputSize")]
    [InlineData(3, -1, 2, 0.0, "hiddenSize")]
    [InlineData(3, 32, 0, 0.0, "NumLayers")]
    [InlineData(3, 32, 2, 1.5, "Dropout")]
    [InlineData(3, 32, 2, double.NaN, "Dropout")]
    [InlineData(3, ModelPlanner.MaxSize + 1, 2, 0.0, "hiddenSize")]
    public void Invalid_recurrent_arguments_are_reported_once_without_cascading(int input, int hidden, int layers, double dropout, string argument)
    {
        var gru = new RecurrentSpec(RecurrentCell.Gru, input, hidden, layers, true, dropout, false);

        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", gru), Field("fc", SeedLinear, lastStep: true)]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.InvalidLayerArgument, finding.Id);
        Assert.Equal(argument, finding.Target.Argument);
    }

    [Fact]
    public void Recurrent_layer_after_LastStep_needs_a_sequence()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru, lastStep: true)], output: []));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.SequenceRequired, finding.Id);
        Assert.Equal(Target.LayerAttribute(0), finding.Target);
    }

    [Fact]
    public void Counts_too_large_for_64_bits_are_reported_not_thrown()
    {
        var huge = new RecurrentSpec(RecurrentCell.Gru, ModelPlanner.MaxSize, ModelPlanner.MaxSize, ModelPlanner.MaxRecurrentLayers, true, 0, true);

        ModelPlan plan = ModelPlanner.Plan(Seed(input: [1 << 16, ModelPlanner.MaxSize], fields: [Field("GRU", huge)], output: []));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.InvalidLayerArgument, finding.Id);
        Assert.Equal(Target.LayerAttribute(0), finding.Target);
    }

    [Fact]
    public void Shapes_with_more_values_than_the_limit_are_reported_not_thrown()
    {
        const int max = ModelPlanner.MaxSize;

        ModelPlan plan = ModelPlanner.Plan(Seed(input: [max, max, max], output: [max, max, max, max]));

        Assert.Equal([(DiagnosticIds.InvalidInputShape, "Input"), (DiagnosticIds.InvalidInputShape, "Output")],
            plan.Findings.Select(f => (f.Id, f.Target.Argument!)).OrderBy(f => f.Item2));
    }

    [Fact]
    public void Output_mismatch_on_large_layers_names_the_exact_counts()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(input: [1 << 20, 1 << 20], output: [1], fields: [Field("fc", new LinearSpec(1 << 20, 1 << 10, false))]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.OutputMismatch, finding.Id);
        Assert.Equal("1,073,741,824", finding.Arguments[4]);
    }

    [Fact]
    public void Model_without_layers_or_input_reports_both()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(input: [], fields: []));

        Assert.Equal([DiagnosticIds.InvalidInputShape, DiagnosticIds.NoLayers], plan.Findings.Select(f => f.Id).OrderBy(id => id));
    }

    [Fact]
    public void Class_problems_each_get_a_finding()
    {
        ModelSpec spec = Seed() with { Problems = ClassProblems.NotPartial | ClassProblems.Generic, ConflictingMembers = new[] { "a parameterless constructor" }.ToEquatableArray() };

        ModelPlan plan = ModelPlanner.Plan(spec);

        Assert.Equal([DiagnosticIds.ModelNotPartial, DiagnosticIds.UnsupportedModelClass, DiagnosticIds.GeneratedMemberConflict],
            plan.Findings.Select(f => f.Id).OrderBy(id => id));
    }

    [Fact]
    public void Field_problems_are_reported_on_the_field()
    {
        ModelSpec spec = Seed(fields:
        [
            Field("GRU", SeedGru) with { TypeName = "TorchSharp.Modules.Linear" },
            Field("fc", SeedLinear, lastStep: true) with { LayerAttributes = new[] { "Linear", "Gru" }.ToEquatableArray() },
            new FieldSpec("orphan", "TorchSharp.Modules.Linear", false, EquatableArray<string>.Empty, null, new[] { "LastStep" }.ToEquatableArray(), -1),
        ]);

        ModelPlan plan = ModelPlanner.Plan(spec);

        Assert.Equal(
            [(DiagnosticIds.FieldTypeMismatch, 0), (DiagnosticIds.MultipleLayerAttributes, 1), (DiagnosticIds.StepSelectionWithoutLayer, 2)],
            plan.Findings.Select(f => (f.Id, f.Target.Index)).OrderBy(f => f.Id));
    }

    [Fact]
    public void Conv1d_runs_over_time_with_PyTorchs_output_length_and_channels_first_summary_shapes()
    {
        var conv = new Conv1dSpec(3, 8, 3, Stride: 2, Padding: 1, Dilation: 2, Groups: 1, Bias: true);

        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields: [Field("conv", conv)]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        LayerPlan layer = Assert.Single(plan.Layers);
        // ⌊(10 + 2·1 − 2·(3 − 1) − 1) / 2⌋ + 1 = 4
        Assert.Equal([4, 8], layer.OutputShape);
        Assert.Equal([3, 10], layer.ModuleInputShape);
        Assert.Equal([8, 4], layer.ModuleOutputShape);
        Assert.Equal(8 * 3 * 3 + 8, layer.Parameters);
        Assert.Equal(layer.Parameters * 4, layer.MultAddsPerSample);
    }

    [Fact]
    public void Convolutions_and_the_element_wise_layers_between_and_after_them_run_channels_first()
    {
        var conv = new Conv1dSpec(3, 4, 3, 1, 1, 1, 1, true);
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields:
        [
            Field("conv1", conv), Field("relu", new ActivationSpec(ActivationKind.ReLU)), Field("conv2", conv with { InChannels = 4 }),
            Field("drop", new DropoutSpec(0.1)), Field("norm", new LayerNormSpec(4, 1e-5, true)), Field("conv3", conv with { InChannels = 4 }),
            Field("last", new ActivationSpec(ActivationKind.Tanh), step: -1),
        ]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal([true, true, true, true, false, true, false], plan.Layers.Select(l => l.ChannelsFirst));
        // The element-wise layers of a run show channels-first shapes, as torchinfo shows them for that PyTorch module.
        Assert.Equal([4, 10], plan.Layers[1].ModuleInputShape);
        Assert.Equal([10, 4], plan.Layers[1].InputShape);
        Assert.Equal([10, 4], plan.Layers[4].ModuleInputShape);
    }

    [Fact]
    public void Conv1d_whose_kernel_does_not_fit_is_reported_with_the_formula()
    {
        var conv = new Conv1dSpec(3, 8, 9, Stride: 1, Padding: 0, Dilation: 2, Groups: 1, Bias: true);

        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields: [Field("conv", conv)]));

        Finding finding = Assert.Single(plan.Findings);
        Assert.Equal(DiagnosticIds.EmptyConvolutionOutput, finding.Id);
        Assert.Equal("kernelSize", finding.Target.Argument);
        // ⌊(10 + 0 − 2·8 − 1) / 1⌋ + 1 = −6
        Assert.Equal("-6", finding.Arguments[7]);
    }

    [Fact]
    public void Conv1d_groups_must_divide_both_channel_counts()
    {
        var conv = new Conv1dSpec(3, 8, 3, Stride: 1, Padding: 0, Dilation: 1, Groups: 2, Bias: true);

        Finding finding = Assert.Single(ModelPlanner.Plan(Seed(output: [], fields: [Field("conv", conv)])).Findings);

        Assert.Equal((DiagnosticIds.InvalidLayerArgument, "Groups"), (finding.Id, finding.Target.Argument));
        Assert.Contains("a divisor of both inChannels (3) and outChannels (8)", finding.Arguments);
    }

    [Fact]
    public void LayerNorm_must_match_the_last_dimension_and_counts_weight_and_bias()
    {
        ModelPlan good = ModelPlanner.Plan(Seed(output: [], fields: [Field("norm", new LayerNormSpec(3, 1e-5, true))]));
        ModelPlan bad = ModelPlanner.Plan(Seed(output: [], fields: [Field("norm", new LayerNormSpec(4, 1e-5, true))]));

        Assert.Equal(6, Assert.Single(good.Layers).Parameters);
        Assert.Equal([10, 3], good.Layers[0].OutputShape);
        Finding finding = Assert.Single(bad.Findings);
        Assert.Equal((DiagnosticIds.LayerInputMismatch, "normalizedShape"), (finding.Id, finding.Target.Argument));
    }

    [Fact]
    public void Flatten_joins_steps_and_features()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [5, 1], fields: [Field("flat", new FlattenSpec()), Field("fc", new LinearSpec(30, 5, true))]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal([30], plan.Layers[0].OutputShape);
        Assert.Equal(HeadStrategy.MultiOutput, plan.Head!.Strategy);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(9, true)]
    [InlineData(-10, true)]
    [InlineData(10, false)]
    [InlineData(-11, false)]
    public void Step_index_must_be_inside_the_sequence(int step, bool valid)
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru), Field("fc", SeedLinear, step: step)]));

        Assert.Equal(valid, plan.IsValid);
        if (!valid)
        {
            Finding finding = Assert.Single(plan.Findings);
            Assert.Equal(DiagnosticIds.StepOutOfRange, finding.Id);
            Assert.Equal(Target.StepArgument(1), finding.Target);
            Assert.Equal(["fc", step.ToString(System.Globalization.CultureInfo.InvariantCulture), "[10, 32] from GRU 'GRU'", "10", "-10", "9"], finding.Arguments);
        }
    }

    [Fact]
    public void Frozen_layers_count_as_non_trainable()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru with { Frozen = true }), Field("fc", SeedLinear, lastStep: true)]));

        Assert.Equal((9_888, 0), (plan.Layers[0].Parameters, plan.Layers[0].TrainableParameters));
        Assert.Equal((165, 165), (plan.Layers[1].Parameters, plan.Layers[1].TrainableParameters));
    }

    [Fact]
    public void A_recurrent_last_layer_is_an_encoder_sequence_not_a_forecasting_head()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [10, 32], fields: [Field("GRU", SeedGru)]));

        Assert.True(plan.IsValid);
        Assert.Null(plan.Head);
    }

    [Fact]
    public void Autoregressive_head_conditions_each_step_on_all_earlier_predictions()
    {
        var head = new AutoregressiveSpec(32, 1, 5, new[] { 0 }.ToEquatableArray());

        ModelPlan plan = ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru), Field("head", head, lastStep: true)]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal(HeadStrategy.Autoregressive, plan.Head!.Strategy);
        Assert.Equal([0, 1, 2], plan.Head.ConditionedOn[3]);
        Assert.Equal([5, 1], plan.Layers[1].OutputShape);
        Assert.Equal(["head.cell", "head.readout"], plan.Layers[1].Children.Select(c => c.Path));
        Assert.Equal(3 * 32 * 1 + 3 * 32 * 32 + 6 * 32, plan.Layers[1].Children[0].Parameters);
    }

    [Fact]
    public void Autoregressive_head_without_LastStep_needs_a_vector()
    {
        var head = new AutoregressiveSpec(32, 1, 5, EquatableArray<int>.Empty);

        Finding finding = Assert.Single(ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru), Field("head", head)])).Findings);

        Assert.Equal((DiagnosticIds.HeadNeedsVector, Target.LayerAttribute(1)), (finding.Id, finding.Target));
    }

    [Theory]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { -1 })]
    public void Autoregressive_first_input_must_name_one_input_feature_per_value(int[] firstInput)
    {
        var head = new AutoregressiveSpec(32, 1, 5, firstInput.ToEquatableArray());

        Finding finding = Assert.Single(ModelPlanner.Plan(Seed(fields: [Field("GRU", SeedGru), Field("head", head, lastStep: true)])).Findings);

        Assert.Equal((DiagnosticIds.InvalidLayerArgument, "FirstInput"), (finding.Id, finding.Target.Argument));
    }

    [Fact]
    public void DirRec_steps_read_the_state_and_every_earlier_prediction()
    {
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [3, 2], fields: [Field("GRU", SeedGru), Field("head", new DirRecSpec(32, 2, 3), lastStep: true)]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal(HeadStrategy.DirRec, plan.Head!.Strategy);
        Assert.Equal([[32], [34], [36]], plan.Layers[1].Children.Select(c => c.InputShape.ToArray()));
    }

    [Fact]
    public void Field_problems_with_steps_and_names_are_reported_on_the_field()
    {
        ModelSpec spec = Seed(fields:
        [
            Field("GRU", SeedGru) with { HiddenBaseMember = "training" },
            Field("fc", SeedLinear, lastStep: true) with { StepAttributes = new[] { "LastStep", "Step" }.ToEquatableArray() },
        ]);

        ModelPlan plan = ModelPlanner.Plan(spec);

        Assert.Equal([(DiagnosticIds.MultipleStepSelections, 1), (DiagnosticIds.HidesModuleMember, 0)],
            plan.Findings.Select(f => (f.Id, f.Target.Index)).OrderBy(f => f.Id));
    }

    [Fact]
    public void Equal_specs_give_equal_plans()
    {
        Assert.Equal(ModelPlanner.Plan(Seed()), ModelPlanner.Plan(Seed()));
        Assert.NotEqual(ModelPlanner.Plan(Seed()), ModelPlanner.Plan(Seed(output: [5])));
    }

    [Fact]
    public void A_model_without_a_multi_step_head_has_a_horizon_of_one()
    {
        // The GRU's own sequence is the output: an encoder's hidden states, not forecast steps.
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [10, 32], fields: [Field("GRU", SeedGru)]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Null(plan.Head);
        Assert.Equal(1, plan.Horizon);
        Assert.Equal(5, ModelPlanner.Plan(Seed()).Horizon);
    }

    [Fact]
    public void A_graph_keeps_only_values_read_again_later_and_joins_a_vector_to_a_sequence_repeated_over_its_steps()
    {
        // input [10, 3] → gru [10, 32] → last [32]; head reads input and last, joined: [10, 3 + 32].
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields:
        [
            Field("gru", SeedGru),
            Field("last", new LinearSpec(32, 8, true), lastStep: true),
            Field("head", new LinearSpec(11, 1, true)) with { From = FromSpec.Joined("input", "last") },
        ]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        LayerPlan head = plan.Layers[2];
        Assert.Equal([10, 11], head.InputShape);
        Assert.Equal([ValueRef.Input(0), ValueRef.Node(1)], head.Reads.Sources.Select(s => s.Value));
        Assert.Equal([0, 10], head.Reads.Sources.Select(s => s.RepeatSteps));
        // Each value is read once, by the next node: the generated code keeps none in a variable of its own.
        Assert.Equal([false, false, false], plan.Layers.Select(l => l.KeepsOutput));
    }

    [Fact]
    public void A_value_read_by_a_later_node_than_the_next_is_kept_and_ends_a_channels_first_run()
    {
        var conv = new Conv1dSpec(3, 3, 1, 1, 0, 1, 1, true);
        ModelPlan plan = ModelPlanner.Plan(Seed(output: [], fields:
        [
            Field("conv1", conv), Field("conv2", conv),
            Field("sum", new ActivationSpec(ActivationKind.ReLU)) with { From = FromSpec.Summed("conv1", "conv2") },
        ]));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        Assert.Equal([true, false, false], plan.Layers.Select(l => l.KeepsOutput));
        // conv1 is read twice, so it is transposed back on its own; conv2 starts a run of its own.
        Assert.Equal([(true, true), (true, true), (false, false)], plan.Layers.Select(l => (l.StartsRun, l.EndsRun)));
    }

    private static FieldSpec Field(string name, LayerSpec layer, bool lastStep = false, int? step = null) =>
        new(name, layer.FieldType, false, new[] { layer.AttributeName }.ToEquatableArray(), layer,
            (lastStep ? new[] { "LastStep" } : step is null ? [] : new[] { "Step" }).ToEquatableArray(),
            lastStep ? -1 : step);

    private static ModelSpec Seed(int[]? input = null, int[]? output = null, FieldSpec[]? fields = null) =>
        new("Sample", "MyModel", ClassProblems.None, null, null,
            (input ?? [10, 3]).ToEquatableArray(),
            (output ?? [5, 1]).ToEquatableArray(),
            (fields ?? [Field("GRU", SeedGru), Field("fc", SeedLinear, lastStep: true)]).ToEquatableArray(),
            EquatableArray<string>.Empty,
            false);
}
