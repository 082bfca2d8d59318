using System;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Linear(inFeatures, outFeatures, Bias)]</c>: PyTorch's <c>nn.Linear</c>, on the last dimension (per step on a sequence).</summary>
internal sealed record LinearSpec(int InFeatures, int OutFeatures, bool Bias) : LayerSpec
{
    public override Type AttributeType => typeof(LinearAttribute);

    public override string TorchinfoName => "Linear";

    public override string MessageName => "Linear";

    public override string FieldType => "TorchSharp.Modules.Linear";

    public override LayerTraits Traits => LayerTraits.MapsFeatures;

    public override HeadStrategy? Decoding => null;

    /// <summary><c>in·out</c> weights plus <c>out</c> biases.</summary>
    public long CountParameters() => checked((long)InFeatures * OutFeatures + (Bias ? OutFeatures : 0));

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(LinearAttribute.InFeatures), InFeatures) & c.Size(nameof(LinearAttribute.OutFeatures), OutFeatures);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int features = input[input.Count - 1];
        if (features != InFeatures) c.Mismatch(nameof(LinearAttribute.InFeatures), InFeatures, features);
        var output = input.Take(input.Count - 1).Concat(new[] { OutFeatures }).ToEquatableArray();
        long parameters = CountParameters();
        // torchinfo: Linear parameters × every output dimension but the last (the batch, and steps on a sequence).
        long positions = 1;
        for (int i = 0; i < output.Count - 1; i++) positions = checked(positions * output[i]);
        return c.Result(input, output, parameters, checked(parameters * positions));
    }

    public override string Describe() => $"Linear({InFeatures}→{OutFeatures})" + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Linear(inputSize: {Integer(InFeatures)}, outputSize: {Integer(OutFeatures)}, hasBias: {BoolLiteral(Bias)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: x·Wᵀ{(Bias ? " + b" : "")} as ONNX MatMul{(Bias ? " and Add" : "")}, on the last dimension.");
        f.DeclareLinear("fc", "", Bias);
        f.Assign(ApplyLinear(Value, "fc", Bias));
    }

    public override string PyTorchConstructor() => $"nn.Linear({Integer(InFeatures)}, {Integer(OutFeatures)}{(Bias ? "" : ", bias=False")})";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class LinearKind : LayerKind<LinearAttribute>
{
    protected override LayerSpec Read(LinearAttribute a) => new LinearSpec(a.InFeatures, a.OutFeatures, a.Bias) { Frozen = a.Frozen };
}
