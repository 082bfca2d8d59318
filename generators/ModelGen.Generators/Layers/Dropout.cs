using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Dropout(p)]</c>: PyTorch's <c>nn.Dropout</c>; the identity in eval mode.</summary>
internal sealed record DropoutSpec(double P) : LayerSpec
{
    public override Type AttributeType => typeof(DropoutAttribute);

    public override string TorchinfoName => "Dropout";

    public override string MessageName => "Dropout";

    public override string FieldType => "TorchSharp.Modules.Dropout";

    public override LayerTraits Traits => LayerTraits.ElementWise;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) => c.Probability(nameof(DropoutAttribute.P), P);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input) => c.Result(input, input, 0, 0);

    public override string Describe() => $"Dropout({DoubleLiteral(P)})";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() => $"{TorchSharpNames.Nn}.Dropout(p: {DoubleLiteral(P)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f) => f.Comment($"{f.Path}: dropout is the identity in an inference graph.");

    public override string PyTorchConstructor() => $"nn.Dropout({PyTorchForward.Float(P)})";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class DropoutKind : LayerKind<DropoutAttribute>
{
    protected override LayerSpec Read(DropoutAttribute a) => new DropoutSpec(a.P);
}
