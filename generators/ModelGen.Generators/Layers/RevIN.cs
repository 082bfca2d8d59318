using System;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[RevIN(Affine, Eps, Targets)]</c> on the model's first field: each window normalised per feature by its own mean and
/// standard deviation (the runtime's <c>ModelGen.RevIN</c>, neuralforecast's RevIN), the forecast mapped back at the end
/// with the target features' statistics. <see cref="Targets"/> is resolved by the planner (every feature by default).
/// </summary>
internal sealed record RevINSpec(bool Affine, double Eps, EquatableArray<int> Targets) : LayerSpec
{
    /// <summary>The input's features, once planned (0 before).</summary>
    public int Features { get; init; }

    /// <summary>The forecast's features: <see cref="Targets"/>, or every input feature when none are named.</summary>
    public int[] TargetFeatures => Targets.Count > 0 ? Targets.ToArray() : Enumerable.Range(0, Features).ToArray();

    public override int[] MappedBackFeatures => TargetFeatures;

    public override Type AttributeType => typeof(RevINAttribute);

    public override string TorchinfoName => "RevIN";

    public override string MessageName => "RevIN";

    public override string FieldType => "ModelGen.RevIN";

    // Each step is normalised with statistics over all of its window's steps.
    public override LayerTraits Traits => LayerTraits.MixesSteps | LayerTraits.NeedsSequence | LayerTraits.MapsOutputBack;

    public override string StepsReadAs => "its window's statistics";

    public override HeadStrategy? Decoding => null;

    /// <summary>The statistics' locals in the generated forward: <c>revinMean</c>, <c>revinDeviation</c>.</summary>
    private static string Mean(LayerPlan layer) => TorchSharpNames.Identifier(layer.Name) + "Mean";

    private static string Deviation(LayerPlan layer) => TorchSharpNames.Identifier(layer.Name) + "Deviation";

    public override bool CheckArguments(LayerContext c) =>
        c.PositiveReal(nameof(RevINAttribute.Eps), Eps, "a small positive number such as 1e-5");

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int features = input[1];
        if (Targets.Any(t => t < 0 || t >= features))
        {
            c.InvalidArgument(nameof(RevINAttribute.Targets), "is " + Shape(Targets),
                $"indexes of the input's {Count(features)} features (0 to {Count(features - 1)}): the features the forecast is of");
            return null;
        }
        long parameters = Affine ? 2L * features : 0;
        // torchinfo: parameters whose names hold "weight" or "bias" (affine_weight) count the batch × steps × parameters.
        return c.Result(input, input, parameters, checked(parameters * input[0]), resolved: this with { Features = features });
    }

    public override string Describe() => "RevIN" + (Affine ? "(affine)" : "") + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.RevIN(features: {Integer(Features)}, targets: new[] {{ {string.Join(", ", TargetFeatures.Select(t => Integer(t)))} }}, affine: {BoolLiteral(Affine)}, eps: {DoubleLiteral(Eps)})";

    public override void WriteTorchSharpForward(TorchSharpForward f)
    {
        LayerPlan layer = f.Layer;
        f.Writer.Line($"// {layer.Name}: each sample's features normalised by their mean and standard deviation over its {Integer(layer.InputShape[0])} steps (RevIN); forward maps the forecast back with them.");
        f.Writer.Line($"var ({Mean(layer)}, {Deviation(layer)}) = global::ModelGen.RevIN.Statistics({f.Input}, {DoubleLiteral(Eps)});");
        f.Assign(f.Shapes, $"{f.Module}.call({f.Input}, {Mean(layer)}, {Deviation(layer)}, false)");
    }

    public override string TorchSharpOutput(LayerPlan layer, string output) =>
        $"this.{TorchSharpNames.Identifier(layer.Name)}{(layer.FieldIsNullable ? "!" : "")}.call({output}, {Mean(layer)}, {Deviation(layer)}, true)";

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: RevIN, each sample's features normalised by their mean and standard deviation over the steps; the forecast is mapped back at the end.");
        f.Assign($"{Graph}.RevIN({Value}, {DoubleLiteral(Eps)}, {AffineParameters(f.Module)}, {Text(f.Path)})");
    }

    private string AffineParameters(string module) =>
        Affine ? $"{Graph}.Parameter({module}, \"affine_weight\"), {Graph}.Parameter({module}, \"affine_bias\")" : "null, null";

    public override string OnnxOutput(LayerPlan layer, string output) =>
        $"{Graph}.RevINInverse({output}, {Graph}.Input, {DoubleLiteral(Eps)}, new long[] {{ {string.Join(", ", TargetFeatures.Select(t => Integer(t)))} }}, " +
        $"{AffineParameters($"this.{TorchSharpNames.Identifier(layer.Name)}{(layer.FieldIsNullable ? "!" : "")}")}, {Text(layer.Name)})";

    public override string PyTorchConstructor() =>
        $"RevIN({Integer(Features)}, [{string.Join(", ", TargetFeatures.Select(t => Integer(t)))}]{(Affine ? ", affine=True" : "")}" +
        (Eps != 1e-5 ? $", eps={PyTorchForward.Float(Eps)}" : "") + ")";

    // One definition: the class's lines, joined.
    public override string[] PyTorchDefinitions() =>
    [
        string.Join("\n", new[]
        {
            "class RevIN(nn.Module):",
            "    \"\"\"ModelGen's RevIN: windows normalised per feature (neuralforecast's RevIN), forecasts mapped back with the targets' statistics.\"\"\"",
            "",
            "    def __init__(self, features, targets, affine=False, eps=1e-5):",
            "        super().__init__()",
            "        self.targets, self.eps = list(targets), eps",
            "        if affine:",
            "            self.affine_weight = nn.Parameter(torch.ones(features))",
            "            self.affine_bias = nn.Parameter(torch.zeros(features))",
            "        else:",
            "            self.affine_weight = self.affine_bias = None",
            "",
            "    @staticmethod",
            "    def statistics(x, eps):",
            "        # per sample and feature over the steps, not trained through (detached, as neuralforecast's)",
            "        mean = x.mean(1, keepdim=True).detach()",
            "        return mean, torch.sqrt(x.var(1, keepdim=True, unbiased=False) + eps).detach()",
            "",
            "    def forward(self, x, mean, stdev, inverse=False):",
            "        if not inverse:",
            "            x = (x - mean) / stdev",
            "            return x * self.affine_weight + self.affine_bias if self.affine_weight is not None else x",
            "        if self.affine_weight is not None:",
            "            x = (x - self.affine_bias[self.targets]) / (self.affine_weight[self.targets] + self.eps * self.eps)",
            "        return x * stdev[..., self.targets] + mean[..., self.targets]",
        }),
    ];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        string name = f.Layer.Name;
        f.Writer.Line($"{name}_mean, {name}_stdev = RevIN.statistics({PyTorchForward.Value}, {PyTorchForward.Float(Eps)})");
        f.Assign($"{f.Module}({PyTorchForward.Value}, {name}_mean, {name}_stdev)");
    }

    public override string PyTorchOutput(LayerPlan layer, string output) =>
        $"self.{layer.Name}({output}, {layer.Name}_mean, {layer.Name}_stdev, inverse=True)";
}

internal sealed class RevINKind : LayerKind<RevINAttribute>
{
    protected override LayerSpec Read(RevINAttribute a) => new RevINSpec(a.Affine, a.Eps, (a.Targets ?? []).ToEquatableArray()) { Frozen = a.Frozen };
}
