using System;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[AutoregressiveGru(hiddenSize, outFeatures, horizon, FirstInput)]</c>: a GRU cell seeded with the
/// encoder's final state, fed its own previous prediction for each of <paramref name="Horizon"/> steps
/// (the runtime's <c>AutoregressiveGruHead</c>: submodules <c>cell</c>, a <c>GRUCell</c>, and <c>readout</c>, a <c>Linear</c>).
/// </summary>
internal sealed record AutoregressiveSpec(int HiddenSize, int OutFeatures, int Horizon, EquatableArray<int> FirstInput,
    string? FirstFrom = null, string? Covariates = null) : LayerSpec
{
    /// <summary>The features of <see cref="Covariates"/> fed to each step beside the prediction (0 without); set by <see cref="Plan"/>.</summary>
    public int CovariateFeatures { get; init; }

    public override EquatableArray<(string Property, string Name)> SideInputs =>
        new (string, string)?[]
        {
            FirstFrom is null ? null : (nameof(AutoregressiveGruAttribute.FirstInputFrom), FirstFrom),
            Covariates is null ? null : (nameof(AutoregressiveGruAttribute.Covariates), Covariates),
        }.Where(p => p is not null).Select(p => p!.Value).ToEquatableArray();

    public override Type AttributeType => typeof(AutoregressiveGruAttribute);

    public override string TorchinfoName => "AutoregressiveGruHead";

    public override string MessageName => "AutoregressiveGruHead";

    public override string FieldType => "ModelGen.AutoregressiveGruHead";

    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.NeedsVector;

    public override HeadStrategy? Decoding => HeadStrategy.Autoregressive;

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(AutoregressiveGruAttribute.HiddenSize), HiddenSize)
        & c.Size(nameof(AutoregressiveGruAttribute.OutFeatures), OutFeatures)
        & c.Size(nameof(AutoregressiveGruAttribute.Horizon), Horizon, ModelPlanner.MaxHorizon)
        & CheckFirstInput(c)
        & CheckCovariates(c);

    /// <summary>FirstInput names features of the model's input, or of what FirstInputFrom names (at its last step), one per output value.</summary>
    private bool CheckFirstInput(LayerContext c)
    {
        string from = nameof(AutoregressiveGruAttribute.FirstInputFrom);
        EquatableArray<int>? named = FirstFrom is null ? null : c.SideShape(from);
        if (named is { Count: not (1 or 2) } shape)
        {
            // Category ids (no per-sample shape) or a value of a higher rank: no last step of features to read.
            c.InvalidArgument(from, $"names '{FirstFrom}', {(shape.Count == 0 ? "which holds category ids" : $"which is {Shape(shape)}")}",
                "an input or earlier field of [steps, features] or [features], whose last step's features FirstInput indexes");
            return false;
        }
        if (FirstInput.Count == 0) return true;
        EquatableArray<int> input = named ?? c.ModelInput;
        if (named is null && c.ModelInputHasError) return true; // a missing or invalid Input is MG0004: its features are not known
        bool readable = input.Count is 1 or 2; // a model with named inputs has no single Input to read
        int features = readable ? input[input.Count - 1] : 0;
        if (FirstInput.Count == OutFeatures && FirstInput.All(i => i >= 0 && i < features)) return true;
        string of = named is null ? $"the model's {Count(features)} input features" : $"the {Count(features)} features of {c.Side[from].Description}";
        c.InvalidArgument(nameof(AutoregressiveGruAttribute.FirstInput), "is " + Shape(FirstInput),
            readable
                ? $"{Count(OutFeatures)} index(es) of {of} (0 to {Count(features - 1)}), one per output value, or none to start from zeros"
                : $"FirstInputFrom naming the input it reads (a model with named inputs has no single Input), or no FirstInput: it reads the last step of a value of [steps, features] or [features]");
        return false;
    }

    /// <summary>Covariates names a value of [horizon, features]: one row for each decoded step.</summary>
    private bool CheckCovariates(LayerContext c)
    {
        string property = nameof(AutoregressiveGruAttribute.Covariates);
        if (Covariates is null || c.SideShape(property) is not { } shape) return true;
        if (shape.Count == 2 && shape[0] == Horizon && (long)OutFeatures + shape[1] <= ModelPlanner.MaxSize) return true;
        string found = shape.Count == 0 ? $"names '{Covariates}', which holds category ids" : $"names '{Covariates}', {c.Side[property].Description}, which is {Shape(shape)}";
        c.InvalidArgument(property, found,
            $"an input or earlier field of [{Count(Horizon)}, features]: a row of known values for each of the {Count(Horizon)} decoded steps");
        return false;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[0] != HiddenSize) c.Mismatch(nameof(AutoregressiveGruAttribute.HiddenSize), HiddenSize, input[0]);
        int covariates = c.SideShape(nameof(AutoregressiveGruAttribute.Covariates)) is [_, int features] ? features : 0;
        long h = HiddenSize, f = OutFeatures + covariates, read = checked((long)OutFeatures * Levels);
        long cell = checked(3 * h * f + 3 * h * h + 6 * h), readout = checked(h * read + read);
        // A decoder step costs its parameters per sample (as torchinfo counts a Linear); the head runs `horizon` steps.
        // With quantiles the read-out emits every level of each value, and the cell is fed the median's.
        var children = new[]
        {
            new SubLayerPlan(c.Field.Name + ".cell", "GRUCell", LayerContext.Shape((int)f), LayerContext.Shape(HiddenSize), cell, checked(cell * Horizon)),
            new SubLayerPlan(c.Field.Name + ".readout", "Linear", LayerContext.Shape(HiddenSize), LayerContext.Shape((int)read), readout, checked(readout * Horizon)),
        };
        return c.Result(input, LayerContext.Shape(Horizon, (int)read), checked(cell + readout), 0, children: children.ToEquatableArray(),
            resolved: this with { CovariateFeatures = covariates });
    }

    public override string Describe() => $"autoregressive GRU decoder({HiddenSize}→{OutFeatures}, {Horizon} steps" +
        (Distribution is { } kind ? $", {kind.Name} parameters each, the mean fed back)" : Levels > 1 ? $", {Levels} levels each, the median fed back)" : ")") +
        (Covariates is null ? "" : $", fed {Covariates} at each step") + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.AutoregressiveGruHead(hiddenSize: {Integer(HiddenSize)}, outFeatures: {Integer(OutFeatures)}, horizon: {Integer(Horizon)}" +
        (Distribution is { } kind ? $", levels: {Integer(Levels)}, fedLevel: {Integer(FedLevel)}, distribution: {kind.Expression}"
            : Levels > 1 ? $", levels: {Integer(Levels)}, fedLevel: {Integer(FedLevel)}" : "") +
        (CovariateFeatures > 0 ? $", covariateFeatures: {Integer(CovariateFeatures)})" : ")");

    /// <summary>Whether the value FirstInputFrom names (or the model's Input) is a sequence, whose last step is read.</summary>
    private static bool FirstIsSequence(LayerPlan layer, ModelPlan model) =>
        layer.Side.FirstOrDefault(s => s.Property == nameof(AutoregressiveGruAttribute.FirstInputFrom)) is { } named
            ? named.Source.Shape.Count == 2
            : model.Spec.Input.Count == 2;

    /// <summary>The value FirstInput indexes: what FirstInputFrom names, or the model's input.</summary>
    private static string FirstSource(System.Collections.Generic.IReadOnlyDictionary<string, string> side, string modelInput) =>
        side.TryGetValue(nameof(AutoregressiveGruAttribute.FirstInputFrom), out string? named) ? named : modelInput;

    /// <summary>How comments name the first step's input: <c>input features [0] of the last step</c>, <c>of Past's last step</c>.</summary>
    private string FirstDescription(bool sequence) =>
        FirstInput.Count == 0 ? " (the first is fed zeros)"
        : FirstFrom is null ? $" (the first is fed input features {Shape(FirstInput)} of the last step)"
        : $" (the first is fed features {Shape(FirstInput)} of {FirstFrom}'s {(sequence ? "last step" : "value")})";

    public override void WriteTorchSharpForward(TorchSharpForward f)
    {
        string input = FirstSource(f.Side, TorchSharpForward.ModelInputName);
        bool sequence = FirstIsSequence(f.Layer, f.Model);
        string first = FirstInput.Count == 0
            ? "null"
            : (sequence ? $"{input}.select(1, -1)" : input) +
              $".index_select(1, global::TorchSharp.torch.tensor(new long[] {{ {string.Join(", ", FirstInput.Select(i => Integer(i)))} }}, device: {input}.device))";
        string covariates = f.Side.TryGetValue(nameof(AutoregressiveGruAttribute.Covariates), out string? known) ? $", covariates: {known}" : "";
        f.Assign($"{f.Shapes}: {Integer(Horizon)} steps, each fed the previous {(Distribution is null ? "prediction" : "step's mean (or, sampling, its draw)")}" +
                 (Covariates is null ? "" : $" and its row of {Covariates}") + FirstDescription(sequence) + ".",
            $"{f.Module}.Decode({f.Input}, {first}, {TorchSharpForward.StepTargets}, {TorchSharpForward.TeacherForcingRatio}, {TorchSharpForward.Feedback}" +
            (Distribution is null ? "" : $", {TorchSharpForward.Sampling}") + covariates + ")");
    }

    public override void WriteOnnx(OnnxForward f)
    {
        string gates(params string[] parameters) =>
            $"global::ModelGen.Export.OnnxGraph.Gates(new[] {{ new[] {{ {string.Join(", ", parameters.Select(p => f.Parameter(p)))} }} }}, 3, new[] {{ 1, 0, 2 }})";
        string input = FirstSource(f.Side, $"{Graph}.Input");
        bool sequence = FirstIsSequence(f.Layer, f.Model);
        f.Comment($"{f.Path}: the decoder unrolled for its {Integer(Horizon)} steps. Each step is an ONNX GRU node over one step (gate blocks");
        f.Comment("reordered to ONNX's z, r, h; linear_before_reset = 1, as PyTorch's GRUCell), seeded with the previous state and fed");
        f.Comment(Covariates is null ? "the previous prediction, then the read-out as MatMul and Add."
            : $"the previous prediction joined with the step's row of {Covariates}, then the read-out as MatMul and Add.");
        f.Writer.Line($"string state = {Value};");
        f.Writer.Line($"string w = {Graph}.Weight({Text(f.WeightName("cell.W"))}, {gates("cell.weight_ih")});");
        f.Writer.Line($"string r = {Graph}.Weight({Text(f.WeightName("cell.R"))}, {gates("cell.weight_hh")});");
        f.Writer.Line($"string b = {Graph}.Weight({Text(f.WeightName("cell.B"))}, {gates("cell.bias_ih", "cell.bias_hh")});");
        if (FirstInput.Count == 0)
        {
            f.Comment($"The first step is fed zeros, [batch, {Integer(OutFeatures)}].");
            f.Writer.Line($"string fed = {Node("ConstantOfShape", Node("Concat", $"{Node("Shape", "state", Int("start", 0), Int("end", 1))}, {IntsConstant(OutFeatures)}", Int("axis", 0)))};");
        }
        else
        {
            string last = sequence ? Node("Gather", $"{input}, {Graph}.Scalar(-1)", Int("axis", 1)) : input;
            f.Comment(FirstFrom is null ? $"The first step is fed input features {Shape(FirstInput)} of the last input step."
                : $"The first step is fed features {Shape(FirstInput)} of {FirstFrom}'s {(sequence ? "last step" : "value")}.");
            f.Writer.Line($"string fed = {Node("Gather", $"{last}, {IntsConstant(FirstInput.Select(i => (long)i).ToArray())}", Int("axis", 1))};");
        }
        f.DeclareLinear("readout", "readout", bias: true);
        f.Writer.Line($"var steps = new string[{Integer(Horizon)}];");
        using (f.Writer.Block($"for (int step = 0; step < {Integer(Horizon)}; step++)"))
        {
            string stepInput = "fed";
            if (f.Side.TryGetValue(nameof(AutoregressiveGruAttribute.Covariates), out string? covariates))
            {
                f.Writer.Line($"string stepInput = {Node("Concat", $"fed, {Node("Gather", $"{covariates}, {Graph}.Scalar(step)", Int("axis", 1))}", Int("axis", 1))};");
                stepInput = "stepInput";
            }
            f.Writer.Line($"string[] cell = {Node("GRU", $"{Node("Unsqueeze", $"{stepInput}, {IntsConstant(0)}")}, w, r, b, \"\", {Node("Unsqueeze", $"state, {IntsConstant(0)}")}", 2, Int("hidden_size", HiddenSize), Int("linear_before_reset", 1))};");
            f.Writer.Line($"state = {Node("Squeeze", $"cell[1], {IntsConstant(0)}")};");
            if (Distribution is { } kind)
            {
                f.Comment($"Each value's {kind.Name} parameters are read out and linked; their mean (parameter 0) is fed to the next step.");
                f.Writer.Line($"string parameters = {Graph}.DistributionLink({Node("Reshape", $"{ApplyLinear("state", "readout", bias: true)}, {IntsConstant(-1, OutFeatures, Levels)}")}, {kind.Expression});");
                f.Writer.Line($"fed = {Node("Gather", $"parameters, {Graph}.Scalar(0)", Int("axis", 2))};");
                f.Writer.Line($"steps[step] = {Node("Unsqueeze", $"{Node("Reshape", $"parameters, {IntsConstant(-1, (long)OutFeatures * Levels)}")}, {IntsConstant(1)}")};");
            }
            else if (Levels > 1)
            {
                f.Comment($"Every level of each value is read out; the median's (level {Integer(FedLevel)}) is fed to the next step.");
                f.Writer.Line($"string prediction = {ApplyLinear("state", "readout", bias: true)};");
                f.Writer.Line($"fed = {Node("Gather", $"{Node("Reshape", $"prediction, {IntsConstant(-1, OutFeatures, Levels)}")}, {Graph}.Scalar({Integer(FedLevel)})", Int("axis", 2))};");
                f.Writer.Line($"steps[step] = {Node("Unsqueeze", $"prediction, {IntsConstant(1)}")};");
            }
            else
            {
                f.Writer.Line($"fed = {ApplyLinear("state", "readout", bias: true)};");
                f.Writer.Line($"steps[step] = {Node("Unsqueeze", $"fed, {IntsConstant(1)}")};");
            }
        }
        f.Assign(NodeOf("Concat", "steps", Int("axis", 1)));
    }

    public override string PyTorchConstructor() =>
        $"AutoregressiveGruHead({Integer(HiddenSize)}, {Integer(OutFeatures)}, {Integer(Horizon)}" + (Levels > 1 ? $", {Integer(Levels)}, {Integer(FedLevel)}" : "") +
        (CovariateFeatures > 0 ? $", covariate_features={Integer(CovariateFeatures)})" : ")");

    // The twin head's lines that covariates change: each step's row of them joins the value fed to the cell.
    private string PythonInit(string parameters) => $"    def __init__(self, {parameters}{(CovariateFeatures > 0 ? ", covariate_features" : "")}):";

    private string PythonForward => CovariateFeatures > 0
        ? "    def forward(self, hidden, first_input=None, covariates=None):"
        : "    def forward(self, hidden, first_input=None):";

    private string PythonCellWidth => CovariateFeatures > 0 ? "out_features + covariate_features" : "out_features";

    private string PythonCellInput => CovariateFeatures > 0 ? "torch.cat([fed, covariates[:, step]], 1)" : "fed";

    /// <summary>The runtime head's class in PyTorch, same submodule names (so the same state_dict).</summary>
    public override string[] PyTorchDefinitions() => Levels > 1 ?
    [
        LevelsClass(),
    ] :
    [
        string.Join("\n", new[]
        {
            "class AutoregressiveGruHead(nn.Module):",
            CovariateFeatures > 0
                ? "    \"\"\"ModelGen's AutoregressiveGruHead: a GRU cell seeded with the encoder's state, fed each prediction back with the step's covariates.\"\"\""
                : "    \"\"\"ModelGen's AutoregressiveGruHead: a GRU cell seeded with the encoder's state, fed each prediction back.\"\"\"",
            "",
            PythonInit("hidden_size, out_features, horizon"),
            "        super().__init__()",
            $"        self.cell = nn.GRUCell({PythonCellWidth}, hidden_size)",
            "        self.readout = nn.Linear(hidden_size, out_features)",
            "        self.horizon = horizon",
            "",
            PythonForward,
            "        fed = first_input if first_input is not None else hidden.new_zeros(hidden.shape[0], self.readout.out_features)",
            "        outputs = []",
            CovariateFeatures > 0 ? "        for step in range(self.horizon):" : "        for _ in range(self.horizon):",
            $"            hidden = self.cell({PythonCellInput}, hidden)",
            "            fed = self.readout(hidden)",
            "            outputs.append(fed)",
            "        return torch.stack(outputs, 1)",
        }),
    ];

    /// <summary>
    /// The head's class when it reads out several values for each (quantile levels or a distribution's parameters): the
    /// distribution's steps linked before their first parameter, the mean, is fed back; the median's level for quantiles.
    /// </summary>
    private string LevelsClass()
    {
        string[] lines =
        [
            "class AutoregressiveGruHead(nn.Module):",
            .. Distribution is { } kind
                ? new[]
                {
                    $"    \"\"\"ModelGen's AutoregressiveGruHead: a GRU cell seeded with the encoder's state; each step reads out each value's {kind.Name}",
                    $"    parameters ({string.Join(", ", kind.Parameters)}), linked, and feeds their mean (the first) back: the deterministic path.\"\"\"",
                }
                : [
                    "    \"\"\"ModelGen's AutoregressiveGruHead: a GRU cell seeded with the encoder's state; each step reads out every quantile",
                    "    level of each value and feeds the median's (level fed_level) back.\"\"\"",
                ],
            "",
            PythonInit("hidden_size, out_features, horizon, levels, fed_level"),
            "        super().__init__()",
            $"        self.cell = nn.GRUCell({PythonCellWidth}, hidden_size)",
            "        self.readout = nn.Linear(hidden_size, out_features * levels)",
            "        self.horizon, self.out_features, self.levels, self.fed_level = horizon, out_features, levels, fed_level",
            "",
            PythonForward,
            "        fed = first_input if first_input is not None else hidden.new_zeros(hidden.shape[0], self.out_features)",
            "        outputs = []",
            CovariateFeatures > 0 ? "        for step in range(self.horizon):" : "        for _ in range(self.horizon):",
            $"            hidden = self.cell({PythonCellInput}, hidden)",
            .. Distribution is { } linked
                ? new[]
                {
                    "            x = self.readout(hidden).reshape(-1, self.out_features, self.levels)",
                    $"            parameters = {linked.PythonLink("x")}",
                    "            outputs.append(parameters.reshape(-1, self.out_features * self.levels))",
                    "            fed = parameters[:, :, self.fed_level]",
                }
                : [
                    "            prediction = self.readout(hidden)",
                    "            outputs.append(prediction)",
                    "            fed = prediction.reshape(-1, self.out_features, self.levels)[:, :, self.fed_level]",
                ],
            "        return torch.stack(outputs, 1)",
        ];
        return string.Join("\n", lines);
    }

    public override void WritePyTorchForward(PyTorchForward f)
    {
        string input = FirstSource(f.Side, PyTorchForward.ModelInputName);
        bool sequence = FirstIsSequence(f.Layer, f.Model);
        string first = FirstInput.Count == 0
            ? "None"
            : (sequence ? $"{input}[:, -1, [" : $"{input}[:, [") + string.Join(", ", FirstInput.Select(i => Integer(i))) + "]]";
        string covariates = f.Side.TryGetValue(nameof(AutoregressiveGruAttribute.Covariates), out string? known) ? ", " + known : "";
        f.Comment($"{Integer(Horizon)} steps, each fed the previous prediction" + (Covariates is null ? "" : $" and its row of {Covariates}") + FirstDescription(sequence));
        f.Assign($"{f.Module}({PyTorchForward.Value}, {first}{covariates})");
    }
}

internal sealed class AutoregressiveGruKind : LayerKind<AutoregressiveGruAttribute>
{
    protected override LayerSpec Read(AutoregressiveGruAttribute a) =>
        new AutoregressiveSpec(a.HiddenSize, a.OutFeatures, a.Horizon, (a.FirstInput ?? []).ToEquatableArray(), a.FirstInputFrom, a.Covariates) { Frozen = a.Frozen };
}
