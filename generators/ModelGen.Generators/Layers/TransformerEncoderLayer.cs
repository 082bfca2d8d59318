using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[TransformerEncoderLayer(dModel, nHead, ...)]</c>: PyTorch's <c>nn.TransformerEncoderLayer(..., batch_first=True)</c>,
/// as the runtime's <c>ModelGen.TransformerLayer</c> composes it (self-attention and a feed-forward network, each with
/// dropout, a residual sum and a LayerNorm, after the sum or, with NormFirst, before the sub-block).
/// </summary>
internal sealed record TransformerEncoderLayerSpec(
    int DModel, int NHead, int DimFeedforward, double Dropout, TransformerActivation Activation, bool NormFirst, double LayerNormEps, bool Causal) : LayerSpec
{
    private static readonly TransformerEncoderLayerAttribute Defaults = new(1, 1);

    public override Type AttributeType => typeof(TransformerEncoderLayerAttribute);

    public override string TorchinfoName => "TransformerEncoderLayer";

    public override string MessageName => "TransformerEncoderLayer";

    public override string FieldType => "ModelGen.TransformerLayer";

    // Every output step attends to every input step (or, causal, to those up to it): it mixes steps and maps features.
    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence;

    public override string StepsReadAs => Attention.StepsReadAs(Causal);

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c)
    {
        bool ok = c.Size(nameof(TransformerEncoderLayerAttribute.DModel), DModel)
            & c.Size(nameof(TransformerEncoderLayerAttribute.NHead), NHead)
            & c.Size(nameof(TransformerEncoderLayerAttribute.DimFeedforward), DimFeedforward)
            & c.Probability(nameof(TransformerEncoderLayerAttribute.Dropout), Dropout)
            & c.PositiveReal(nameof(TransformerEncoderLayerAttribute.LayerNormEps), LayerNormEps, "a small positive number such as 1e-5");
        if (!Enum.IsDefined(typeof(TransformerActivation), Activation))
        {
            c.InvalidArgument(nameof(TransformerEncoderLayerAttribute.Activation), "is " + Integer((int)Activation),
                $"{nameof(TransformerActivation)}.{TransformerActivation.ReLU} or {nameof(TransformerActivation)}.{TransformerActivation.GELU}");
            ok = false;
        }
        return ok && Attention.CheckHeads(c, nameof(TransformerEncoderLayerAttribute.NHead), NHead, nameof(TransformerEncoderLayerAttribute.DModel), DModel);
    }

    /// <summary>Parameters of the attention (in- and out-projections, with biases), a LayerNorm and the feed-forward Linears.</summary>
    private long AttentionParameters => Attention.Parameters(DModel);

    private long NormParameters => 2L * DModel;

    private long Linear1Parameters => checked((long)DModel * DimFeedforward + DimFeedforward);

    private long Linear2Parameters => checked((long)DimFeedforward * DModel + DModel);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        int steps = input[0], features = input[1];
        if (features != DModel) c.Mismatch(nameof(TransformerEncoderLayerAttribute.DModel), DModel, features);
        EquatableArray<int> model = LayerContext.Shape(steps, DModel), hidden = LayerContext.Shape(steps, DimFeedforward);
        string path = c.Field.Name;
        SubLayerPlan Row(string name, string type, EquatableArray<int> from, EquatableArray<int> to, long parameters, long multAdds) =>
            new($"{path}.{name}", type, from, to, parameters, multAdds);
        // torchinfo counts no mult-adds for attention (F.multi_head_attention_forward uses the weights directly); ModelGen
        // counts the projections as torchinfo counts a Linear (parameters per step) and the two products of attention.
        long attention = Attention.MultAdds(DModel, steps);
        SubLayerPlan Norm(string name) => Row(name, "LayerNorm", model, model, NormParameters, NormParameters);
        SubLayerPlan SelfAttention() => Row("self_attn", "MultiheadAttention", model, model, AttentionParameters, attention);
        SubLayerPlan[] feedForward =
        [
            Row("linear1", "Linear", model, hidden, Linear1Parameters, checked(Linear1Parameters * steps)),
            Row("dropout", "Dropout", hidden, hidden, 0, 0),
            Row("linear2", "Linear", hidden, model, Linear2Parameters, checked(Linear2Parameters * steps)),
            Row("dropout2", "Dropout", model, model, 0, 0),
        ];
        // The submodules in the order PyTorch's forward calls them, as torchinfo lists them (in training mode).
        SubLayerPlan[] children = NormFirst
            ? [Norm("norm1"), SelfAttention(), Row("dropout1", "Dropout", model, model, 0, 0), Norm("norm2"), .. feedForward]
            : [SelfAttention(), Row("dropout1", "Dropout", model, model, 0, 0), Norm("norm1"), .. feedForward, Norm("norm2")];
        long parameters = checked(AttentionParameters + 2 * NormParameters + Linear1Parameters + Linear2Parameters);
        return c.Result(input, model, parameters, 0, children: children.ToEquatableArray());
    }

    public override string Describe() =>
        $"TransformerEncoderLayer({DModel}, {NHead} heads, feed-forward {DimFeedforward}" +
        (Activation != Defaults.Activation ? $", {Activation}" : "") + (NormFirst ? ", norm first" : "") + (Causal ? ", causal" : "") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"new global::ModelGen.TransformerLayer(dModel: {Integer(DModel)}, nHead: {Integer(NHead)}, dimFeedforward: {Integer(DimFeedforward)}, " +
        $"dropout: {DoubleLiteral(Dropout)}, activation: global::ModelGen.TransformerActivation.{Activation}, normFirst: {BoolLiteral(NormFirst)}, " +
        $"layerNormEps: {DoubleLiteral(LayerNormEps)}, causal: {BoolLiteral(Causal)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        int steps = f.Layer.InputShape[0];
        string Norm(string name, string value) =>
            Node("LayerNormalization", $"{value}, {f.Weight(name + ".weight", name + ".weight")}, {f.Weight(name + ".bias", name + ".bias")}",
                Int("axis", -1), Float("epsilon", LayerNormEps));
        f.Comment(NormFirst
            ? $"{f.Path}: a pre-norm transformer layer, x + attention(norm1(x)), then x + feed-forward(norm2(x)); dropout is the identity."
            : $"{f.Path}: a post-norm transformer layer, norm1(x + attention(x)), then norm2(x + feed-forward(x)); dropout is the identity.");
        f.Comment($"Attention as ONNX nodes (opset 17 has none), {Integer(NHead)} heads{(Causal ? ", each step attending to itself and earlier steps" : "")}.");
        string attentionInput = NormFirst ? "normed" : Value;
        if (NormFirst) f.Writer.Line($"string normed = {Norm("norm1", Value)};");
        f.Writer.Line($"string attended = {Graph}.SelfAttention({attentionInput}, {f.Parameter("self_attn.in_proj_weight")}, {f.Parameter("self_attn.in_proj_bias")}, " +
            $"{f.Parameter("self_attn.out_proj.weight")}, {f.Parameter("self_attn.out_proj.bias")}, {Text(f.WeightName("self_attn"))}, " +
            $"{Integer(NHead)}, {Integer(steps)}, {BoolLiteral(Causal)});");
        f.Assign(NormFirst ? Node("Add", $"{Value}, attended") : Norm("norm1", Node("Add", $"{Value}, attended")));
        f.DeclareLinear("linear1", "linear1", bias: true);
        f.DeclareLinear("linear2", "linear2", bias: true);
        f.Writer.Line($"string hidden = {ApplyLinear(NormFirst ? Norm("norm2", Value) : Value, "linear1", bias: true)};");
        f.Writer.Line(Activation == TransformerActivation.GELU
            ? $"hidden = {ActivationSpec.OnnxGelu("hidden")}; // exact GELU, x·½·(1 + erf(x/√2))"
            : $"hidden = {Node("Relu", "hidden")};");
        string fed = ApplyLinear("hidden", "linear2", bias: true);
        f.Assign(NormFirst ? Node("Add", $"{Value}, {fed}") : Norm("norm2", Node("Add", $"{Value}, {fed}")));
    }

    public override string PyTorchConstructor() =>
        $"nn.TransformerEncoderLayer({Integer(DModel)}, {Integer(NHead)}, dim_feedforward={Integer(DimFeedforward)}, dropout={PyTorchForward.Float(Dropout)}" +
        (Activation == TransformerActivation.GELU ? ", activation=\"gelu\"" : "") +
        (LayerNormEps != Defaults.LayerNormEps ? $", layer_norm_eps={PyTorchForward.Float(LayerNormEps)}" : "") +
        ", batch_first=True" + (NormFirst ? ", norm_first=True" : "") + ")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        if (!Causal)
        {
            f.Call();
            return;
        }
        int steps = f.Layer.InputShape[0];
        f.Comment($"causal: -inf above the diagonal, so step t attends to steps up to t ({steps} steps)");
        f.Assign($"{f.Module}({PyTorchForward.Value}, src_mask={Attention.PythonCausalMask(steps)})");
    }
}

internal sealed class TransformerEncoderLayerKind : LayerKind<TransformerEncoderLayerAttribute>
{
    protected override LayerSpec Read(TransformerEncoderLayerAttribute a) =>
        new TransformerEncoderLayerSpec(a.DModel, a.NHead, a.DimFeedforward, a.Dropout, a.Activation, a.NormFirst, a.LayerNormEps, a.Causal) { Frozen = a.Frozen };
}
