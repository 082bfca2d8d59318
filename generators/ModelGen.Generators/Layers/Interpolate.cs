using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[Interpolate(size)]</c>: PyTorch's <c>nn.Upsample(size=size, mode="linear")</c> (<c>F.interpolate</c> with
/// <c>align_corners=False</c>) over a vector viewed as one channel, as N-HiTS turns forecast knots into a horizon.
/// </summary>
internal sealed record InterpolateSpec(int Size) : LayerSpec
{
    public override Type AttributeType => typeof(InterpolateAttribute);

    public override string TorchinfoName => "Upsample";

    public override string MessageName => "Interpolate";

    public override string FieldType => "TorchSharp.Modules.Upsample";

    public override LayerTraits Traits => LayerTraits.None;

    public override string StepsReadAs => "the two knots around each value";

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) => c.Size(nameof(InterpolateAttribute.Size), Size);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input.Count != 1)
        {
            c.InvalidLayer("its input", $"is {(c.From.Length > 0 ? c.From : Format.Shape(input))}",
                "a vector [knots] per sample, as N-HiTS interpolates a block's forecast knots: put a [Flatten] before it");
            return null;
        }
        return c.Result(input, LayerContext.Shape(Size), 0, 0,
            moduleInput: LayerContext.Shape(1, input[0]), moduleOutput: LayerContext.Shape(1, Size));
    }

    public override string Describe() => $"linear interpolation to {Size}";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Upsample(size: new long[] {{ {Integer(Size)} }}, mode: global::TorchSharp.torch.UpsampleMode.Linear, align_corners: false)";

    public override void WriteTorchSharpForward(TorchSharpForward f) =>
        f.Assign($"{f.Shapes}; interpolated as one channel, [batch, 1, knots].", $"{f.Module}.call({f.Input}.unsqueeze(1)).squeeze(1)");

    public override void WriteOnnx(OnnxForward f)
    {
        int knots = f.Layer.InputShape[0];
        f.Comment($"{f.Path}: linear interpolation from {Integer(knots)} to {Integer(Size)} values as one MatMul by its constant weights (PyTorch's align_corners=False).");
        f.Assign($"{Graph}.Interpolate({Value}, {Integer(knots)}, {Integer(Size)})");
    }

    public override string PyTorchConstructor() => $"nn.Upsample(size={Integer(Size)}, mode=\"linear\")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        f.Comment("interpolated as one channel, [batch, 1, knots]");
        f.Assign($"{f.Module}({PyTorchForward.Value}.unsqueeze(1)).squeeze(1)");
    }
}

internal sealed class InterpolateKind : LayerKind<InterpolateAttribute>
{
    protected override LayerSpec Read(InterpolateAttribute a) => new InterpolateSpec(a.Size);
}
