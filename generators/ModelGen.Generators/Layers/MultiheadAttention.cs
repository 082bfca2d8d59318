using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[MultiheadAttention(embedDim, numHeads, Dropout, Causal)]</c>: self-attention on its own, PyTorch's
/// <c>nn.MultiheadAttention(..., batch_first=True)</c> called as <c>attn(x, x, x, need_weights=False)[0]</c> (the runtime's
/// <c>ModelGen.SelfAttention</c>: <c>in_proj_weight</c>, <c>in_proj_bias</c>, <c>out_proj</c>).
/// </summary>
internal sealed record MultiheadAttentionSpec(int EmbedDim, int NumHeads, double Dropout, bool Causal) : LayerSpec
{
    public override Type AttributeType => typeof(MultiheadAttentionAttribute);

    public override string TorchinfoName => "MultiheadAttention";

    public override string MessageName => "MultiheadAttention";

    public override string FieldType => "ModelGen.SelfAttention";

    // Every output step attends to every input step (or, causal, to those up to it).
    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence;

    public override string StepsReadAs => Attention.StepsReadAs(Causal);

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c)
    {
        bool ok = c.Size(nameof(MultiheadAttentionAttribute.EmbedDim), EmbedDim)
            & c.Size(nameof(MultiheadAttentionAttribute.NumHeads), NumHeads)
            & c.Probability(nameof(MultiheadAttentionAttribute.Dropout), Dropout);
        return ok && Attention.CheckHeads(c, nameof(MultiheadAttentionAttribute.NumHeads), NumHeads, nameof(MultiheadAttentionAttribute.EmbedDim), EmbedDim);
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[1] != EmbedDim) c.Mismatch(nameof(MultiheadAttentionAttribute.EmbedDim), EmbedDim, input[1]);
        EquatableArray<int> output = LayerContext.Shape(input[0], EmbedDim);
        return c.Result(input, output, Attention.Parameters(EmbedDim), Attention.MultAdds(EmbedDim, input[0]));
    }

    public override string Describe() =>
        $"MultiheadAttention({EmbedDim}, {NumHeads} heads{(Causal ? ", causal" : "")})" + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.SelfAttention(embedDim: {Integer(EmbedDim)}, numHeads: {Integer(NumHeads)}, dropout: {DoubleLiteral(Dropout)}, causal: {BoolLiteral(Causal)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: attention as ONNX nodes (opset 17 has none), {Integer(NumHeads)} heads{(Causal ? ", each step attending to itself and earlier steps" : "")}; dropout is the identity.");
        f.Assign($"{Graph}.SelfAttention({Value}, {f.Parameter("in_proj_weight")}, {f.Parameter("in_proj_bias")}, {f.Parameter("out_proj.weight")}, " +
                 $"{f.Parameter("out_proj.bias")}, {Text(f.Path)}, {Integer(NumHeads)}, {Integer(f.Layer.InputShape[0])}, {BoolLiteral(Causal)})");
    }

    public override string PyTorchConstructor() =>
        $"nn.MultiheadAttention({Integer(EmbedDim)}, {Integer(NumHeads)}" + (Dropout != 0 ? $", dropout={PyTorchForward.Float(Dropout)}" : "") + ", batch_first=True)";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        string x = PyTorchForward.Value;
        if (!Causal)
        {
            f.Assign($"{f.Module}({x}, {x}, {x}, need_weights=False)[0]");
            return;
        }
        f.Comment($"causal: -inf above the diagonal, so step t attends to steps up to t ({f.Layer.InputShape[0]} steps)");
        f.Assign($"{f.Module}({x}, {x}, {x}, need_weights=False, attn_mask={Attention.PythonCausalMask(f.Layer.InputShape[0])})[0]");
    }
}

internal sealed class MultiheadAttentionKind : LayerKind<MultiheadAttentionAttribute>
{
    protected override LayerSpec Read(MultiheadAttentionAttribute a) =>
        new MultiheadAttentionSpec(a.EmbedDim, a.NumHeads, a.Dropout, a.Causal) { Frozen = a.Frozen };
}

/// <summary>What self-attention's kinds share: the head check, the counts, how MG1001 and the twin say causal attention.</summary>
internal static class Attention
{
    /// <summary>The in- and out-projections' parameters, biases included: <c>4·E² + 4·E</c>.</summary>
    public static long Parameters(int width) => checked(4L * width * width + 4L * width);

    /// <summary>Per sample: the projections as torchinfo counts a Linear (parameters per step), plus the scores and the weighted sum, <c>2·L²·E</c>.</summary>
    public static long MultAdds(int width, int steps) => checked(Parameters(width) * steps + 2L * steps * steps * width);

    public static string StepsReadAs(bool causal) => causal ? "its input's steps up to it, by causal attention," : "every step of its input, by attention,";

    /// <summary>PyTorch's square subsequent mask over <paramref name="steps"/>, on the running value's device.</summary>
    public static string PythonCausalMask(int steps) =>
        $"torch.triu(torch.full(({Integer(steps)}, {Integer(steps)}), float(\"-inf\"), device={PyTorchForward.Value}.device), diagonal=1)";

    /// <summary>MG0003 at the head count when it does not divide the width, listing the divisors.</summary>
    public static bool CheckHeads(LayerContext c, string headsProperty, int heads, string widthProperty, int width)
    {
        if (width % heads == 0) return true;
        IEnumerable<int> divisors = Enumerable.Range(1, Math.Min(width, 64)).Where(d => width % d == 0);
        string widthName = c.Argument(widthProperty), headsName = c.Argument(headsProperty);
        c.InvalidArgument(headsProperty, $"is {Count(heads)}, which does not divide {widthName} = {Count(width)}",
            $"a divisor of {Count(width)} ({string.Join(", ", divisors.Select(d => Count(d)))}{(width > 64 ? ", ..." : "")}), so each head has {widthName} / {headsName} features");
        return false;
    }
}
