using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[Identity]</c>: PyTorch's <c>nn.Identity()</c>. It computes nothing: it gives a join or a step selection a
/// name, so that later nodes read it, or the model's output is it.
/// </summary>
internal sealed record IdentitySpec : LayerSpec
{
    public override Type AttributeType => typeof(IdentityAttribute);

    public override string TorchinfoName => "Identity";

    public override string MessageName => "Identity";

    public override string FieldType => "TorchSharp.Modules.Identity";

    // It keeps every value where it is, in any layout (between convolutions it stays channels-first).
    public override LayerTraits Traits => LayerTraits.ElementWise;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) => true;

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input) => c.Result(input, input, 0, 0);

    public override string Describe() => "Identity";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() => $"{TorchSharpNames.Nn}.Identity()";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f) => f.Comment($"{f.Path}: the identity, no node of its own.");

    public override string PyTorchConstructor() => "nn.Identity()";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class IdentityKind : LayerKind<IdentityAttribute>
{
    protected override LayerSpec Read(IdentityAttribute a) => new IdentitySpec();
}
