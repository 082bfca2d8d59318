using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[Conv1d(inChannels, outChannels, kernelSize, Stride, Padding, Dilation, Groups, Bias)]</c>: PyTorch's
/// <c>nn.Conv1d</c> over time, with each step's features as channels. ModelGen keeps <c>[steps, features]</c>;
/// the module itself sees <c>[channels, steps]</c>, which is what the summary shows, as torchinfo does.
/// </summary>
internal sealed record Conv1dSpec(int InChannels, int OutChannels, int KernelSize, int Stride, int Padding, int Dilation, int Groups, bool Bias) : LayerSpec
{
    public override Type AttributeType => typeof(Conv1dAttribute);

    public override string TorchinfoName => "Conv1d";

    public override string MessageName => "Conv1d";

    public override string FieldType => "TorchSharp.Modules.Conv1d";

    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence | LayerTraits.ChannelsFirst;

    public override HeadStrategy? Decoding => null;

    public long CountParameters() => Convolution.Parameters(InChannels, OutChannels, KernelSize, Groups, Bias);

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(Conv1dAttribute.InChannels), InChannels) & c.Size(nameof(Conv1dAttribute.OutChannels), OutChannels)
        & c.Size(nameof(Conv1dAttribute.KernelSize), KernelSize) & c.Size(nameof(Conv1dAttribute.Stride), Stride)
        & c.Size(nameof(Conv1dAttribute.Dilation), Dilation) & c.Size(nameof(Conv1dAttribute.Groups), Groups)
        & c.Range(nameof(Conv1dAttribute.Padding), Padding, 0, ModelPlanner.MaxSize, $"an integer from 0 to {Count(ModelPlanner.MaxSize)}")
        && Convolution.CheckGroups(c, nameof(Conv1dAttribute.InChannels), InChannels, nameof(Conv1dAttribute.OutChannels), OutChannels,
            nameof(Conv1dAttribute.Groups), Groups);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[1] != InChannels) c.Mismatch(nameof(Conv1dAttribute.InChannels), InChannels, input[1]);
        long steps = Convolution.OutputLength(input[0] + 2L * Padding, KernelSize, Stride, Dilation);
        if (steps < 1)
        {
            c.Report(DiagnosticIds.EmptyConvolutionOutput, Target.LayerArgument(c.Index, c.Argument(nameof(Conv1dAttribute.KernelSize))),
                c.Name, c.From, Integer(input[0]), Integer(Padding), Integer(Dilation), Integer(KernelSize), Integer(Stride), Integer(steps));
            return null;
        }
        long parameters = CountParameters();
        // Conv1d itself sees [channels, steps]: the summary shows that, as torchinfo does.
        return c.Result(input, LayerContext.Shape((int)steps, OutChannels), parameters, checked(parameters * steps),
            moduleInput: LayerContext.Shape(input[1], input[0]), moduleOutput: LayerContext.Shape(OutChannels, (int)steps));
    }

    public override string Describe() =>
        $"Conv1d({InChannels}→{OutChannels}, kernel {KernelSize}" +
        (Stride != 1 ? $", stride {Stride}" : "") + (Padding != 0 ? $", padding {Padding}" : "") +
        (Dilation != 1 ? $", dilation {Dilation}" : "") + (Groups != 1 ? $", groups {Groups}" : "") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Conv1d(in_channels: {Integer(InChannels)}, out_channels: {Integer(OutChannels)}, kernel_size: {Integer(KernelSize)}, " +
        $"stride: {Integer(Stride)}, padding: {Integer(Padding)}L, dilation: {Integer(Dilation)}, groups: {Integer(Groups)}, bias: {BoolLiteral(Bias)})";

    // Channels-first: the model transposes around the run of convolutions this one is in.
    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Conv, on [batch, channels, steps].");
        f.Assign(Node("Conv", Value + ", " + f.Weight("weight", "weight") + (Bias ? ", " + f.Weight("bias", "bias") : ""),
            Ints("kernel_shape", KernelSize), Ints("strides", Stride), Ints("pads", Padding, Padding), Ints("dilations", Dilation), Int("group", Groups)));
    }

    public override string PyTorchConstructor() =>
        $"nn.Conv1d({Integer(InChannels)}, {Integer(OutChannels)}, {Integer(KernelSize)}" +
        (Stride != 1 ? $", stride={Integer(Stride)}" : "") + (Padding != 0 ? $", padding={Integer(Padding)}" : "") +
        (Dilation != 1 ? $", dilation={Integer(Dilation)}" : "") + (Groups != 1 ? $", groups={Integer(Groups)}" : "") +
        (Bias ? "" : ", bias=False") + ")";

    public override string[] PyTorchDefinitions() => [];

    // Channels-first: the model transposes around the run of convolutions this one is in.
    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class Conv1dKind : LayerKind<Conv1dAttribute>
{
    protected override LayerSpec Read(Conv1dAttribute a) =>
        new Conv1dSpec(a.InChannels, a.OutChannels, a.KernelSize, a.Stride, a.Padding, a.Dilation, a.Groups, a.Bias) { Frozen = a.Frozen };
}
