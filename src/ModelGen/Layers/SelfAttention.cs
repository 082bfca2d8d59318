using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Multi-head self-attention with PyTorch's semantics and state_dict names for <c>nn.MultiheadAttention(embedDim, numHeads,
/// dropout, batch_first=True)</c> called as <c>attn(x, x, x, need_weights=False)[0]</c>: <c>in_proj_weight</c>
/// <c>[3·embedDim, embedDim]</c>, <c>in_proj_bias</c>, <c>out_proj</c> (a Linear). Declared with
/// <see cref="MultiheadAttentionAttribute"/>; it takes <c>[batch, steps, embedDim]</c>.
/// </summary>
/// <remarks>
/// The computation is PyTorch's <c>multi_head_attention_forward</c> written out with libtorch operations: the joint
/// projection split into queries, keys and values, each head's queries scaled by 1/√(embedDim / numHeads), their scores
/// with the keys (plus −∞ above the diagonal with <see cref="Causal"/>), softmax, dropout while training, the weighted sum
/// of the values, the heads joined and the output projection. (TorchSharp's own <c>MultiheadAttention</c> would register
/// its parameters one level down.)
/// </remarks>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>, IPyTorchEquivalent
{
    private readonly Parameter in_proj_weight;
    private readonly Parameter in_proj_bias;
    private readonly Linear out_proj;

    /// <summary>Creates the layer, its parameters initialised as PyTorch initialises them.</summary>
    /// <param name="embedDim">Features of each step, in and out.</param>
    /// <param name="numHeads">Attention heads; they divide <paramref name="embedDim"/>.</param>
    /// <param name="dropout">Dropout on the attention weights while training.</param>
    /// <param name="causal">Whether step t attends to steps up to t only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, <paramref name="numHeads"/> does not divide
    /// <paramref name="embedDim"/>, or <paramref name="dropout"/> is not a probability.</exception>
    public SelfAttention(int embedDim, int numHeads, double dropout = 0.0, bool causal = false)
        : base(nameof(SelfAttention))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embedDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numHeads);
        if (embedDim % numHeads != 0)
            throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, $"The heads split embedDim = {embedDim} evenly: numHeads must divide it.");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "A probability between 0 and 1.");
        EmbedDim = embedDim;
        Heads = numHeads;
        Dropout = dropout;
        Causal = causal;
        in_proj_weight = new Parameter(empty(3L * embedDim, embedDim));
        in_proj_bias = new Parameter(zeros(3L * embedDim));
        out_proj = nn.Linear(embedDim, embedDim);
        using (no_grad())
        {
            // PyTorch's _reset_parameters: Xavier-uniform joint projection, zero biases.
            nn.init.xavier_uniform_(in_proj_weight);
            out_proj.bias!.zero_();
        }
        register_parameter(nameof(in_proj_weight), in_proj_weight);
        register_parameter(nameof(in_proj_bias), in_proj_bias);
        register_module(nameof(out_proj), out_proj);
    }

    /// <summary>PyTorch's class, as torchinfo and the summary name it.</summary>
    string IPyTorchEquivalent.PyTorchType => "MultiheadAttention";

    /// <summary>Features of each step.</summary>
    public int EmbedDim { get; }

    /// <summary>Attention heads.</summary>
    public int Heads { get; }

    /// <summary>Dropout on the attention weights while training.</summary>
    public double Dropout { get; }

    /// <summary>Whether step t attends to steps up to t only.</summary>
    public bool Causal { get; }

    /// <summary>The joint projection's weight <c>[3·embedDim, embedDim]</c>, as registered now (a move replaces it).</summary>
    internal Parameter InProjWeight => in_proj_weight;

    /// <summary>The joint projection's bias <c>[3·embedDim]</c>, as registered now.</summary>
    internal Parameter InProjBias => in_proj_bias;

    /// <summary>The output projection.</summary>
    internal Linear OutProj => out_proj;

    /// <summary>Runs the layer on <c>[batch, steps, embedDim]</c>; returns the same shape.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[batch, steps, embedDim]</c>.</exception>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[2] != EmbedDim)
            throw new ArgumentException($"Self-attention of embedDim = {EmbedDim} takes [batch, steps, {EmbedDim}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        using var scope = NewDisposeScope();
        long batch = x.shape[0], steps = x.shape[1], width = EmbedDim / Heads;
        Tensor[] qkv = nn.functional.linear(x, in_proj_weight, in_proj_bias).chunk(3, -1);
        Tensor Split(Tensor value) => value.reshape(batch, steps, Heads, width).transpose(1, 2); // [batch, heads, steps, width]
        Tensor scores = Split(qkv[0]).div(Math.Sqrt(width)).matmul(Split(qkv[1]).transpose(-2, -1));
        if (Causal) scores = scores.add(TransformerLayer.CausalMask(steps, scores.dtype, scores.device));
        Tensor weights = nn.functional.dropout(nn.functional.softmax(scores, -1), Dropout, training);
        Tensor joined = weights.matmul(Split(qkv[2])).transpose(1, 2).reshape(batch, steps, EmbedDim);
        return out_proj.call(joined).MoveToOuterDisposeScope();
    }
}
