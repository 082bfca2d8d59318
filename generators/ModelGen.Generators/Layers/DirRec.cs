using System;
using System.Collections.Generic;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[DirRec(inFeatures, outFeatures, horizon)]</c>: a read-out per step, step k reading the state and
/// the predictions for steps 0..k−1 (the runtime's <c>DirRecHead</c>: submodules <c>steps.k</c>, each a <c>Linear</c>).
/// </summary>
internal sealed record DirRecSpec(int InFeatures, int OutFeatures, int Horizon) : LayerSpec
{
    public override Type AttributeType => typeof(DirRecAttribute);

    public override string TorchinfoName => "DirRecHead";

    public override string MessageName => "DirRecHead";

    public override string FieldType => "ModelGen.DirRecHead";

    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.NeedsVector;

    public override HeadStrategy? Decoding => HeadStrategy.DirRec;

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(DirRecAttribute.InFeatures), InFeatures)
        & c.Size(nameof(DirRecAttribute.OutFeatures), OutFeatures)
        & c.Size(nameof(DirRecAttribute.Horizon), Horizon, ModelPlanner.MaxHorizon)
        && CheckWidth(c);

    /// <summary>The last step reads the state and every earlier prediction; that width has the usual size limit.</summary>
    private bool CheckWidth(LayerContext c)
    {
        long widest = InFeatures + (long)(Horizon - 1) * OutFeatures;
        if (widest <= ModelPlanner.MaxSize) return true;
        c.InvalidArgument(nameof(DirRecAttribute.Horizon), $"is {Count(Horizon)}, so its last step would read {Count(widest)} values",
            $"at most {Count(ModelPlanner.MaxSize)} values per step: fewer steps or values per step");
        return false;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[0] != InFeatures) c.Mismatch(nameof(DirRecAttribute.InFeatures), InFeatures, input[0]);
        var children = new List<SubLayerPlan>();
        long total = 0;
        // With quantiles each step reads out every level of each value; later steps read the earlier medians.
        long read = checked((long)OutFeatures * Levels);
        for (int k = 0; k < Horizon; k++)
        {
            long inputs = checked(InFeatures + (long)k * OutFeatures);
            long parameters = checked(inputs * read + read);
            children.Add(new SubLayerPlan($"{c.Field.Name}.steps.{Integer(k)}", "Linear", LayerContext.Shape((int)inputs), LayerContext.Shape((int)read), parameters, parameters));
            total = checked(total + parameters);
        }
        return c.Result(input, LayerContext.Shape(Horizon, (int)read), total, 0, children: children.ToEquatableArray());
    }

    public override string Describe() => $"DirRec head({InFeatures}→{OutFeatures}, {Horizon} steps" +
        (Levels > 1 ? $", {Levels} levels each, the medians read by later steps)" : ")") + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.DirRecHead(inFeatures: {Integer(InFeatures)}, outFeatures: {Integer(OutFeatures)}, horizon: {Integer(Horizon)}" +
        (Levels > 1 ? $", levels: {Integer(Levels)}, fedLevel: {Integer(FedLevel)})" : ")");

    public override void WriteTorchSharpForward(TorchSharpForward f) =>
        f.Assign($"{f.Shapes}: {Integer(Horizon)} read-outs, each also reading the predictions before it.",
            $"{f.Module}.Decode({f.Input}, {TorchSharpForward.StepTargets}, {TorchSharpForward.TeacherForcingRatio}, {TorchSharpForward.Feedback})");

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: {Integer(Horizon)} read-outs, step k as MatMul and Add on the state joined with the k predictions before it.");
        f.Writer.Line($"var read = new global::System.Collections.Generic.List<string> {{ {Value} }};");
        f.Writer.Line($"var steps = new string[{Integer(Horizon)}];");
        using (f.Writer.Block($"for (int step = 0; step < {Integer(Horizon)}; step++)"))
        {
            f.DeclareLinear("step", "steps.{step}", bias: true);
            f.Writer.Line($"string prediction = {ApplyLinear(NodeOf("Concat", "read", Int("axis", 1)), "step", bias: true)};");
            if (Levels > 1)
            {
                f.Comment($"Every level of each value is read out; later steps read the median's (level {Integer(FedLevel)}).");
                f.Writer.Line($"read.Add({Node("Gather", $"{Node("Reshape", $"prediction, {IntsConstant(-1, OutFeatures, Levels)}")}, {Graph}.Scalar({Integer(FedLevel)})", Int("axis", 2))});");
            }
            else
            {
                f.Writer.Line("read.Add(prediction);");
            }
            f.Writer.Line($"steps[step] = {Node("Unsqueeze", $"prediction, {IntsConstant(1)}")};");
        }
        f.Assign(NodeOf("Concat", "steps", Int("axis", 1)));
    }

    public override string PyTorchConstructor() =>
        $"DirRecHead({Integer(InFeatures)}, {Integer(OutFeatures)}, {Integer(Horizon)}" + (Levels > 1 ? $", {Integer(Levels)}, {Integer(FedLevel)})" : ")");

    /// <summary>
    /// The runtime head's class in PyTorch, same submodule names (so the same state_dict); with quantile levels, each
    /// step reads out every level and later steps read the medians.
    /// </summary>
    public override string[] PyTorchDefinitions()
    {
        bool levels = Levels > 1;
        string[] lines =
        [
            "class DirRecHead(nn.Module):",
            .. levels
                ? new[]
                {
                    "    \"\"\"ModelGen's DirRecHead: a read-out per step, of every quantile level of each value; steps.k reads the state and",
                    "    the k earlier medians (level fed_level).\"\"\"",
                }
                : ["    \"\"\"ModelGen's DirRecHead: a read-out per step; steps.k reads the state and the k earlier predictions.\"\"\""],
            "",
            levels ? "    def __init__(self, in_features, out_features, horizon, levels, fed_level):" : "    def __init__(self, in_features, out_features, horizon):",
            "        super().__init__()",
            $"        self.steps = nn.ModuleList([nn.Linear(in_features + k * out_features, out_features{(levels ? " * levels" : "")}) for k in range(horizon)])",
            .. levels ? new[] { "        self.out_features, self.levels, self.fed_level = out_features, levels, fed_level" } : [],
            "",
            "    def forward(self, hidden):",
            "        inputs, outputs = [hidden], []",
            "        for step in self.steps:",
            "            prediction = step(torch.cat(inputs, 1))",
            "            outputs.append(prediction)",
            levels ? "            inputs.append(prediction.reshape(-1, self.out_features, self.levels)[:, :, self.fed_level])" : "            inputs.append(prediction)",
            "        return torch.stack(outputs, 1)",
        ];
        return [string.Join("\n", lines)];
    }

    public override void WritePyTorchForward(PyTorchForward f)
    {
        f.Comment($"{Integer(Horizon)} read-outs, each also reading the predictions before it");
        f.Call();
    }
}

internal sealed class DirRecKind : LayerKind<DirRecAttribute>
{
    protected override LayerSpec Read(DirRecAttribute a) => new DirRecSpec(a.InFeatures, a.OutFeatures, a.Horizon) { Frozen = a.Frozen };
}
