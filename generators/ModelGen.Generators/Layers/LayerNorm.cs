using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary><c>[LayerNorm(normalizedShape, Eps, ElementwiseAffine)]</c>: PyTorch's <c>nn.LayerNorm</c> over the last dimension.</summary>
internal sealed record LayerNormSpec(int Features, double Eps, bool ElementwiseAffine) : LayerSpec
{
    /// <summary>The attribute's defaults, for a description that names only what differs.</summary>
    private static readonly LayerNormAttribute Defaults = new(1);

    public override Type AttributeType => typeof(LayerNormAttribute);

    public override string TorchinfoName => "LayerNorm";

    public override string MessageName => "LayerNorm";

    public override string FieldType => "TorchSharp.Modules.LayerNorm";

    public override LayerTraits Traits => LayerTraits.None;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(LayerNormAttribute.NormalizedShape), Features)
        & c.PositiveReal(nameof(LayerNormAttribute.Eps), Eps, "a small positive number such as 1e-5");

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int features = input[input.Count - 1];
        if (features != Features) c.Mismatch(nameof(LayerNormAttribute.NormalizedShape), Features, features);
        long parameters = ElementwiseAffine ? 2L * Features : 0;
        // torchinfo: parameters named weight/bias in a layer that is neither Linear nor Conv count output[0] (the batch) × params.
        return c.Result(input, input, parameters, parameters);
    }

    public override string Describe() =>
        $"LayerNorm({Features}" + (Eps != Defaults.Eps ? $", eps {DoubleLiteral(Eps)}" : "") + (ElementwiseAffine ? "" : ", no affine") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.LayerNorm(normalized_shape: {Integer(Features)}L, eps: {DoubleLiteral(Eps)}, elementwise_affine: {BoolLiteral(ElementwiseAffine)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        string scale = ElementwiseAffine ? f.Weight("weight", "weight") : $"{Graph}.Filled(1f, {Integer(Features)})";
        string shift = ElementwiseAffine ? f.Weight("bias", "bias") : $"{Graph}.Filled(0f, {Integer(Features)})";
        f.Comment($"{f.Path}: ONNX LayerNormalization over the last dimension" + (ElementwiseAffine ? "." : ", with scale 1 and shift 0 (no affine)."));
        f.Assign(Node("LayerNormalization", $"{Value}, {scale}, {shift}", Int("axis", -1), Float("epsilon", Eps)));
    }

    public override string PyTorchConstructor() =>
        $"nn.LayerNorm({Integer(Features)}" + (Eps != Defaults.Eps ? $", eps={PyTorchForward.Float(Eps)}" : "") +
        (ElementwiseAffine ? "" : ", elementwise_affine=False") + ")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class LayerNormKind : LayerKind<LayerNormAttribute>
{
    protected override LayerSpec Read(LayerNormAttribute a) => new LayerNormSpec(a.NormalizedShape, a.Eps, a.ElementwiseAffine) { Frozen = a.Frozen };
}
