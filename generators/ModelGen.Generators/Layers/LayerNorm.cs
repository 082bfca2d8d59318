using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary><c>[LayerNorm(normalizedShape, Eps, ElementwiseAffine)]</c>: PyTorch's <c>nn.LayerNorm</c> over the last dimension.</summary>
/// <remarks>With <paramref name="Steps"/> (the two-argument form), over each sample's <c>[steps, features]</c> as a whole.</remarks>
internal sealed record LayerNormSpec(int Features, double Eps, bool ElementwiseAffine, int Steps = 0) : LayerSpec
{
    /// <summary>The attribute's defaults, for a description that names only what differs.</summary>
    private static readonly LayerNormAttribute Defaults = new(1);

    public override Type AttributeType => typeof(LayerNormAttribute);

    public override string TorchinfoName => "LayerNorm";

    public override string MessageName => "LayerNorm";

    public override string FieldType => "TorchSharp.Modules.LayerNorm";

    // Over steps and features, each output step depends on every input step, through the statistics.
    public override LayerTraits Traits => Steps > 0 ? LayerTraits.MixesSteps | LayerTraits.NeedsSequence : LayerTraits.None;

    public override string StepsReadAs => "every step of its input, through the mean and variance it normalises by,";

    /// <summary>The normalised values per sample.</summary>
    private long Normalised => Steps > 0 ? (long)Steps * Features : Features;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(LayerNormAttribute.NormalizedShape), Features)
        & (Steps == 0 || c.Size(nameof(LayerNormAttribute.Steps), Steps))
        & c.PositiveReal(nameof(LayerNormAttribute.Eps), Eps, "a small positive number such as 1e-5");

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int features = input[input.Count - 1];
        if (Steps > 0 && input[0] != Steps) c.Mismatch(nameof(LayerNormAttribute.Steps), Steps, input[0]);
        if (features != Features) c.Mismatch(nameof(LayerNormAttribute.NormalizedShape), Features, features);
        long parameters = ElementwiseAffine ? checked(2L * Normalised) : 0;
        // torchinfo: parameters named weight/bias in a layer that is neither Linear nor Conv count output[0] (the batch) × params.
        return c.Result(input, input, parameters, parameters);
    }

    public override string Describe() =>
        $"LayerNorm({(Steps > 0 ? $"[{Steps}, {Features}]" : Integer(Features))}" + (Eps != Defaults.Eps ? $", eps {DoubleLiteral(Eps)}" : "") + (ElementwiseAffine ? "" : ", no affine") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.LayerNorm(normalized_shape: {(Steps > 0 ? $"new long[] {{ {Integer(Steps)}, {Integer(Features)} }}" : Integer(Features) + "L")}, eps: {DoubleLiteral(Eps)}, elementwise_affine: {BoolLiteral(ElementwiseAffine)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        string dims = Steps > 0 ? $"{Integer(Steps)}, {Integer(Features)}" : Integer(Features);
        string scale = ElementwiseAffine ? f.Weight("weight", "weight") : $"{Graph}.Filled(1f, {dims})";
        string shift = ElementwiseAffine ? f.Weight("bias", "bias") : $"{Graph}.Filled(0f, {dims})";
        f.Comment($"{f.Path}: ONNX LayerNormalization over {(Steps > 0 ? "the steps and the features" : "the last dimension")}" +
                  (ElementwiseAffine ? "." : ", with scale 1 and shift 0 (no affine)."));
        f.Assign(Node("LayerNormalization", $"{Value}, {scale}, {shift}", Int("axis", Steps > 0 ? -2 : -1), Float("epsilon", Eps)));
    }

    public override string PyTorchConstructor() =>
        $"nn.LayerNorm({(Steps > 0 ? $"({Integer(Steps)}, {Integer(Features)})" : Integer(Features))}" + (Eps != Defaults.Eps ? $", eps={PyTorchForward.Float(Eps)}" : "") +
        (ElementwiseAffine ? "" : ", elementwise_affine=False") + ")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class LayerNormKind : LayerKind<LayerNormAttribute>
{
    protected override LayerSpec Read(LayerNormAttribute a) => new LayerNormSpec(a.NormalizedShape, a.Eps, a.ElementwiseAffine, a.Steps) { Frozen = a.Frozen };
}
