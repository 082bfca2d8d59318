using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[MovingAverage(kernelSize)]</c>: a centred moving average over time, the ends repeated so the sequence keeps its
/// length (PyTorch's <c>nn.AvgPool1d(kernelSize, stride=1)</c> on the input padded by replication).
/// </summary>
internal sealed record MovingAverageSpec(int KernelSize) : LayerSpec
{
    public override Type AttributeType => typeof(MovingAverageAttribute);

    public override string TorchinfoName => "AvgPool1d";

    public override string MessageName => "MovingAverage";

    public override string FieldType => "TorchSharp.Modules.AvgPool1d";

    public override LayerTraits Traits => LayerTraits.MixesSteps | LayerTraits.NeedsSequence | LayerTraits.ChannelsFirst;

    public override HeadStrategy? Decoding => null;

    /// <summary>Copies of the first step before it, and of the last after it.</summary>
    private int Padding => (KernelSize - 1) / 2;

    public override bool CheckArguments(LayerContext c)
    {
        if (!c.Size(nameof(MovingAverageAttribute.KernelSize), KernelSize)) return false;
        if (KernelSize % 2 == 1) return true;
        c.InvalidArgument(nameof(MovingAverageAttribute.KernelSize), $"is {Count(KernelSize)}, an even number",
            "an odd number of steps, so the average is centred and the trend keeps the window's steps (e.g. 25, as DLinear uses)");
        return false;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int steps = input[0], features = input[1];
        if (KernelSize > steps)
        {
            c.InvalidArgument(nameof(MovingAverageAttribute.KernelSize), $"is {Count(KernelSize)}, longer than its input's {Count(steps)} steps",
                $"at most {Count(steps)} steps: a moving average over no more than the window");
        }
        // The pooling itself sees [features, padded steps] and emits [features, steps], as torchinfo shows it.
        return c.Result(input, input, 0, 0,
            moduleInput: LayerContext.Shape(features, checked(steps + 2 * Padding)), moduleOutput: LayerContext.Shape(features, steps));
    }

    public override string Describe() => $"moving average({KernelSize} steps)";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() => $"{TorchSharpNames.Nn}.AvgPool1d(kernel_size: {Integer(KernelSize)}, stride: 1)";

    // Channels-first: the model transposes around the run of layers this one is in.
    public override void WriteTorchSharpForward(TorchSharpForward f) =>
        f.Assign($"{f.Shapes}; centred: {Integer(Padding)} copies of the first step before it and of the last after it.",
            $"{f.Module}.call({TorchSharpNames.Nn}.functional.pad({f.Input}, new long[] {{ {Integer(Padding)}, {Integer(Padding)} }}, global::TorchSharp.PaddingModes.Replicate))");

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Pad (edge: the first and last steps repeated {Integer(Padding)} times) and AveragePool over {Integer(KernelSize)} steps, on [batch, features, steps].");
        f.Assign(Node("AveragePool", Node("Pad", $"{Value}, {IntsConstant(0, 0, Padding, 0, 0, Padding)}", String("mode", "edge")),
            Ints("kernel_shape", KernelSize), Ints("strides", 1)));
    }

    public override string PyTorchConstructor() => $"nn.AvgPool1d({Integer(KernelSize)}, stride=1)";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        f.Comment($"centred: {Integer(Padding)} copies of the first step before it and of the last after it");
        f.Assign($"{f.Module}(F.pad({PyTorchForward.Value}, ({Integer(Padding)}, {Integer(Padding)}), mode=\"replicate\"))");
    }
}

internal sealed class MovingAverageKind : LayerKind<MovingAverageAttribute>
{
    protected override LayerSpec Read(MovingAverageAttribute a) => new MovingAverageSpec(a.KernelSize);
}
