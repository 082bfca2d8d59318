using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[Patch(length, stride, PadEnd)]</c>: PatchTST's patching, <c>[steps, features]</c> into <c>[patches, features · length]</c>
/// (the runtime's <c>ModelGen.Patching</c>: end padding by repeating the last step, then <c>unfold</c>).
/// </summary>
internal sealed record PatchSpec(int Length, int Stride, bool PadEnd) : LayerSpec
{
    public override Type AttributeType => typeof(PatchAttribute);

    public override string TorchinfoName => "Patching";

    public override string MessageName => "Patch";

    public override string FieldType => "ModelGen.Patching";

    // Each patch gathers several steps; patches overlap when the stride is shorter than the patch.
    public override LayerTraits Traits => LayerTraits.MixesSteps | LayerTraits.NeedsSequence;

    public override string StepsReadAs => "the steps of its patch";

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(PatchAttribute.Length), Length) & c.Size(nameof(PatchAttribute.Stride), Stride);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int steps = input[0], features = input[1];
        if (Length > steps)
        {
            c.InvalidArgument(nameof(PatchAttribute.Length), $"is {Count(Length)}, longer than its input's {Count(steps)} steps",
                $"at most {Count(steps)} steps: a patch within the window");
            return null;
        }
        long width = (long)features * Length;
        if (width > ModelPlanner.MaxSize)
        {
            c.InvalidLayer("patches", $"of {Count(width)} values each", $"at most {Count(ModelPlanner.MaxSize)}");
            return null;
        }
        int patches = (steps - Length) / Stride + 1 + (PadEnd ? 1 : 0);
        return c.Result(input, LayerContext.Shape(patches, (int)width), 0, 0);
    }

    public override string Describe() => $"Patch({Length} steps, stride {Stride}{(PadEnd ? ", end padded" : "")})";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.Patching(length: {Integer(Length)}, stride: {Integer(Stride)}, padEnd: {BoolLiteral(PadEnd)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: patches of {Integer(Length)} steps every {Integer(Stride)}" + (PadEnd ? $", the last step repeated {Integer(Stride)} times first" : "") +
            " (ONNX Gather of each patch's steps; opset 17 has no unfold).");
        f.Assign($"{Graph}.Patches({Value}, {Integer(f.Layer.InputShape[0])}, {Integer(f.Layer.InputShape[1])}, {Integer(Length)}, {Integer(Stride)}, {BoolLiteral(PadEnd)})");
    }

    public override string PyTorchConstructor() => $"Patching({Integer(Length)}, {Integer(Stride)}{(PadEnd ? ", pad_end=True" : "")})";

    // One definition: the class's lines, joined.
    public override string[] PyTorchDefinitions() =>
    [
        string.Join("\n", new[]
        {
            "class Patching(nn.Module):",
            "    \"\"\"ModelGen's Patching: PatchTST's patches, [batch, steps, features] into [batch, patches, features * length].\"\"\"",
            "",
            "    def __init__(self, length, stride, pad_end=False):",
            "        super().__init__()",
            "        self.length, self.stride, self.pad_end = length, stride, pad_end",
            "",
            "    def forward(self, x):",
            "        if self.pad_end:",
            "            x = torch.cat([x, x[:, -1:, :].expand(-1, self.stride, -1)], 1)",
            "        return x.unfold(1, self.length, self.stride).flatten(2)",
        }),
    ];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class PatchKind : LayerKind<PatchAttribute>
{
    protected override LayerSpec Read(PatchAttribute a) => new PatchSpec(a.Length, a.Stride, a.PadEnd);
}
