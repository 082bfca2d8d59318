using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[PositionalEmbedding(steps, features, Encoding)]</c>: <c>x + weight</c>, a learned <c>[steps, features]</c> parameter
/// (PatchTST's <c>W_pos</c>) or fixed sinusoids (the runtime's <c>ModelGen.PositionalEmbedding</c>).
/// </summary>
internal sealed record PositionalEmbeddingSpec(int Steps, int Features, PositionalEncoding Encoding) : LayerSpec
{
    public override Type AttributeType => typeof(PositionalEmbeddingAttribute);

    public override string TorchinfoName => "PositionalEmbedding";

    public override string MessageName => "PositionalEmbedding";

    public override string FieldType => "ModelGen.PositionalEmbedding";

    // Each step gets its own position added: nothing moves between steps or features.
    public override LayerTraits Traits => LayerTraits.NeedsSequence;

    public override HeadStrategy? Decoding => null;

    private bool Learned => Encoding == PositionalEncoding.Learned;

    public override bool CheckArguments(LayerContext c)
    {
        bool ok = c.Size(nameof(PositionalEmbeddingAttribute.Steps), Steps) & c.Size(nameof(PositionalEmbeddingAttribute.Features), Features);
        if (!Enum.IsDefined(typeof(PositionalEncoding), Encoding))
        {
            c.InvalidArgument(nameof(PositionalEmbeddingAttribute.Encoding), "is " + Integer((int)Encoding),
                $"{nameof(PositionalEncoding)}.{PositionalEncoding.Learned} or {nameof(PositionalEncoding)}.{PositionalEncoding.Sinusoidal}");
            return false;
        }
        if (Frozen && !Learned)
        {
            c.InvalidArgument(nameof(PositionalEmbeddingAttribute.Frozen), "is true on fixed sinusoids",
                "no Frozen: sinusoids are not parameters, so nothing trains them");
            return false;
        }
        return ok;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[0] != Steps) c.Mismatch(nameof(PositionalEmbeddingAttribute.Steps), Steps, input[0]);
        if (input[1] != Features) c.Mismatch(nameof(PositionalEmbeddingAttribute.Features), Features, input[1]);
        long parameters = Learned ? checked((long)Steps * Features) : 0;
        // torchinfo: a parameter named weight in a layer that is neither Linear nor Conv counts the batch × parameters.
        return c.Result(input, input, parameters, parameters);
    }

    public override string Describe() => $"PositionalEmbedding([{Steps}, {Features}], {(Learned ? "learned" : "sinusoidal")})" + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.PositionalEmbedding(steps: {Integer(Steps)}, features: {Integer(Features)}, encoding: global::ModelGen.PositionalEncoding.{Encoding})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Add of the {(Learned ? "learned" : "sinusoidal")} positions [{Integer(Steps)}, {Integer(Features)}].");
        string weight = Learned
            ? f.Weight("weight", "weight")
            : $"{Graph}.Weight({Text(f.WeightName("weight"))}, global::ModelGen.PositionalEmbedding.Sinusoids({Integer(Steps)}, {Integer(Features)}))";
        f.Assign(Node("Add", $"{Value}, {weight}"));
    }

    public override string PyTorchConstructor() =>
        $"PositionalEmbedding({Integer(Steps)}, {Integer(Features)}{(Learned ? "" : ", learned=False")})";

    // One definition: the class's lines, joined.
    public override string[] PyTorchDefinitions() =>
    [
        string.Join("\n", new[]
        {
            "class PositionalEmbedding(nn.Module):",
            "    \"\"\"ModelGen's PositionalEmbedding: x + weight, learned (uniform in +-0.02, as PatchTST's W_pos) or fixed sinusoids.\"\"\"",
            "",
            "    def __init__(self, steps, features, learned=True):",
            "        super().__init__()",
            "        if learned:",
            "            self.weight = nn.Parameter(torch.empty(steps, features).uniform_(-0.02, 0.02))",
            "        else:",
            "            # feature 2i of step t: sin(t / 10000^(2i/features)); feature 2i + 1: its cosine (not in the state_dict)",
            "            t = torch.arange(steps, dtype=torch.float64).unsqueeze(1)",
            "            f = torch.arange(features)",
            "            angle = t / torch.pow(10000.0, (2 * (f // 2)).double() / features)",
            "            self.register_buffer(\"weight\", torch.where(f % 2 == 0, torch.sin(angle), torch.cos(angle)).float(), persistent=False)",
            "",
            "    def forward(self, x):",
            "        return x + self.weight",
        }),
    ];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class PositionalEmbeddingKind : LayerKind<PositionalEmbeddingAttribute>
{
    protected override LayerSpec Read(PositionalEmbeddingAttribute a) => new PositionalEmbeddingSpec(a.Steps, a.Features, a.Encoding) { Frozen = a.Frozen };
}
