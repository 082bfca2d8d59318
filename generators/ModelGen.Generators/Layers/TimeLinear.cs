using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[TimeLinear(inSteps, outSteps, Bias)]</c>: PyTorch's <c>nn.Linear(inSteps, outSteps)</c> on the time axis, each
/// feature's steps mapped alike (channels-first, so the model transposes around it as around a convolution).
/// </summary>
internal sealed record TimeLinearSpec(int InSteps, int OutSteps, bool Bias) : LayerSpec
{
    public override Type AttributeType => typeof(TimeLinearAttribute);

    public override string TorchinfoName => "Linear";

    public override string MessageName => "TimeLinear";

    public override string FieldType => "TorchSharp.Modules.Linear";

    // It maps steps, not features; as the read-out of a horizon it is the head (every output step reads every input step).
    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence | LayerTraits.ChannelsFirst;

    public override HeadStrategy? Decoding => null;

    /// <summary><c>in·out</c> weights plus <c>out</c> biases.</summary>
    public long CountParameters() => checked((long)InSteps * OutSteps + (Bias ? OutSteps : 0));

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(TimeLinearAttribute.InSteps), InSteps) & c.Size(nameof(TimeLinearAttribute.OutSteps), OutSteps);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int steps = input[0], features = input[1];
        if (steps != InSteps) c.Mismatch(nameof(TimeLinearAttribute.InSteps), InSteps, steps);
        long parameters = CountParameters();
        // torchinfo counts a Linear's parameters once per position of its output but the last: here, per feature.
        return c.Result(input, LayerContext.Shape(OutSteps, features), parameters, checked(parameters * features),
            moduleInput: LayerContext.Shape(features, steps), moduleOutput: LayerContext.Shape(features, OutSteps));
    }

    public override string Describe() => $"TimeLinear({InSteps}→{OutSteps} steps)" + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Linear(inputSize: {Integer(InSteps)}, outputSize: {Integer(OutSteps)}, hasBias: {BoolLiteral(Bias)})";

    // Channels-first: the model transposes around the run this one is in, so the Linear maps the last dimension, the steps.
    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: x·Wᵀ{(Bias ? " + b" : "")} as ONNX MatMul{(Bias ? " and Add" : "")}, on the steps of [batch, features, steps].");
        f.DeclareLinear("fc", "", Bias);
        f.Assign(ApplyLinear(Value, "fc", Bias));
    }

    public override string PyTorchConstructor() => $"nn.Linear({Integer(InSteps)}, {Integer(OutSteps)}{(Bias ? "" : ", bias=False")})";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class TimeLinearKind : LayerKind<TimeLinearAttribute>
{
    protected override LayerSpec Read(TimeLinearAttribute a) => new TimeLinearSpec(a.InSteps, a.OutSteps, a.Bias) { Frozen = a.Frozen };
}
