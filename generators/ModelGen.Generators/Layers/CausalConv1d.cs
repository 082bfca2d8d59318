using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[CausalConv1d(inChannels, outChannels, kernelSize, Dilation, Groups, Bias)]</c>: PyTorch's
/// <c>nn.Conv1d</c> on the input padded with <c>dilation·(kernelSize − 1)</c> zero steps on the left
/// only, so output step t sees input steps up to t and the sequence keeps its length (a TCN layer).
/// </summary>
internal sealed record CausalConv1dSpec(int InChannels, int OutChannels, int KernelSize, int Dilation, int Groups, bool Bias) : LayerSpec
{
    public override Type AttributeType => typeof(CausalConv1dAttribute);

    /// <summary>The module is a plain <c>Conv1d</c>; causality is the padding in front of it.</summary>
    public override string TorchinfoName => "Conv1d";

    public override string MessageName => "CausalConv1d";

    public override string FieldType => "TorchSharp.Modules.Conv1d";

    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence | LayerTraits.ChannelsFirst;

    public override HeadStrategy? Decoding => null;

    /// <summary>Zero steps added before the first: <c>dilation·(kernelSize − 1)</c>.</summary>
    public long LeftPadding => (long)Dilation * (KernelSize - 1);

    public long CountParameters() => Convolution.Parameters(InChannels, OutChannels, KernelSize, Groups, Bias);

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(CausalConv1dAttribute.InChannels), InChannels) & c.Size(nameof(CausalConv1dAttribute.OutChannels), OutChannels)
        & c.Size(nameof(CausalConv1dAttribute.KernelSize), KernelSize) & c.Size(nameof(CausalConv1dAttribute.Dilation), Dilation)
        & c.Size(nameof(CausalConv1dAttribute.Groups), Groups)
        && CheckPadding(c)
        && Convolution.CheckGroups(c, nameof(CausalConv1dAttribute.InChannels), InChannels, nameof(CausalConv1dAttribute.OutChannels), OutChannels,
            nameof(CausalConv1dAttribute.Groups), Groups);

    /// <summary>The padding is a number of steps, so it has the usual size limit.</summary>
    private bool CheckPadding(LayerContext c)
    {
        if (LeftPadding <= ModelPlanner.MaxSize) return true;
        c.InvalidArgument(nameof(CausalConv1dAttribute.Dilation),
            $"is {Count(Dilation)}, so the layer would pad dilation·(kernelSize − 1) = {Count(LeftPadding)} steps",
            $"at most {Count(ModelPlanner.MaxSize)} steps of padding: a smaller Dilation or kernelSize");
        return false;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[1] != InChannels) c.Mismatch(nameof(CausalConv1dAttribute.InChannels), InChannels, input[1]);
        int steps = input[0];
        long parameters = CountParameters();
        // The convolution itself sees [channels, padded steps] and emits [channels, steps], as torchinfo shows it.
        return c.Result(input, LayerContext.Shape(steps, OutChannels), parameters, checked(parameters * steps),
            moduleInput: LayerContext.Shape(input[1], checked((int)(steps + LeftPadding))), moduleOutput: LayerContext.Shape(OutChannels, steps));
    }

    public override string Describe() =>
        $"causal Conv1d({InChannels}→{OutChannels}, kernel {KernelSize}" +
        (Dilation != 1 ? $", dilation {Dilation}" : "") + (Groups != 1 ? $", groups {Groups}" : "") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Conv1d(in_channels: {Integer(InChannels)}, out_channels: {Integer(OutChannels)}, kernel_size: {Integer(KernelSize)}, " +
        $"stride: 1, padding: 0L, dilation: {Integer(Dilation)}, groups: {Integer(Groups)}, bias: {BoolLiteral(Bias)})";

    // Channels-first: the model transposes around the run of convolutions this one is in.
    public override void WriteTorchSharpForward(TorchSharpForward f) =>
        f.Assign($"{f.Shapes}; causal: {Integer(LeftPadding)} zero steps before the first, none after, so no step sees a later one.",
            $"{f.Module}.call({TorchSharpNames.Nn}.functional.pad({f.Input}, ({Integer(LeftPadding)}L, 0L)))");

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Conv padded {Integer(LeftPadding)} steps at the start only (causal), on [batch, channels, steps].");
        f.Assign(Node("Conv", Value + ", " + f.Weight("weight", "weight") + (Bias ? ", " + f.Weight("bias", "bias") : ""),
            Ints("kernel_shape", KernelSize), Ints("strides", 1), Ints("pads", LeftPadding, 0), Ints("dilations", Dilation), Int("group", Groups)));
    }

    public override string PyTorchConstructor() =>
        $"nn.Conv1d({Integer(InChannels)}, {Integer(OutChannels)}, {Integer(KernelSize)}" +
        (Dilation != 1 ? $", dilation={Integer(Dilation)}" : "") + (Groups != 1 ? $", groups={Integer(Groups)}" : "") +
        (Bias ? "" : ", bias=False") + ")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        f.Comment($"causal: {Integer(LeftPadding)} zero steps before the first, none after");
        f.Assign($"{f.Module}(F.pad({PyTorchForward.Value}, ({Integer(LeftPadding)}, 0)))");
    }
}

internal sealed class CausalConv1dKind : LayerKind<CausalConv1dAttribute>
{
    protected override LayerSpec Read(CausalConv1dAttribute a) =>
        new CausalConv1dSpec(a.InChannels, a.OutChannels, a.KernelSize, a.Dilation, a.Groups, a.Bias) { Frozen = a.Frozen };
}
