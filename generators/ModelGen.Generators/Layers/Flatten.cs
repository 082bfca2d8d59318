using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;

namespace ModelGen.Generators.Layers;

/// <summary><c>[Flatten]</c>: PyTorch's <c>nn.Flatten()</c>, every per-sample dimension into one.</summary>
internal sealed record FlattenSpec : LayerSpec
{
    public override Type AttributeType => typeof(FlattenAttribute);

    public override string TorchinfoName => "Flatten";

    public override string MessageName => "Flatten";

    public override string FieldType => "TorchSharp.Modules.Flatten";

    public override LayerTraits Traits => LayerTraits.None;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) => true;

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        long? values = ModelPlanner.Elements(input);
        if (values is not { } flat || flat > ModelPlanner.MaxSize)
        {
            c.InvalidLayer($"flattening {Format.Shape(input)}", $"gives {Format.Count(values ?? long.MaxValue)} values per sample",
                $"at most {Format.Count(ModelPlanner.MaxSize)}");
            return null;
        }
        return c.Result(input, LayerContext.Shape((int)flat), 0, 0);
    }

    public override string Describe() => "Flatten";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() => $"{TorchSharpNames.Nn}.Flatten()";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Flatten after the batch dimension.");
        f.Assign(Node("Flatten", Value, Int("axis", 1)));
    }

    public override string PyTorchConstructor() => "nn.Flatten()";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class FlattenKind : LayerKind<FlattenAttribute>
{
    protected override LayerSpec Read(FlattenAttribute a) => new FlattenSpec();
}
