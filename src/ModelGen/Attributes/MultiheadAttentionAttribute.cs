using System;

namespace ModelGen;

/// <summary>
/// Multi-head self-attention on its own, PyTorch's <c>nn.MultiheadAttention(embedDim, numHeads, dropout, batch_first=True)</c>
/// called as <c>attn(x, x, x, need_weights=False)[0]</c>: every step of a sequence attends to every step (with
/// <see cref="Causal"/>, to itself and earlier steps only). Put it on a field of type <see cref="SelfAttention"/>; its
/// state_dict is PyTorch's (<c>in_proj_weight</c>, <c>in_proj_bias</c>, <c>out_proj.weight</c>, <c>out_proj.bias</c>).
/// </summary>
/// <remarks>
/// Per sample, <c>[steps, embedDim]</c> stays <c>[steps, embedDim]</c>. torchinfo counts no mult-adds for attention;
/// ModelGen's summary counts <c>steps · (4·embedDim² + 4·embedDim)</c> for the projections (as torchinfo counts a Linear,
/// biases included) plus <c>2 · steps² · embedDim</c> for the scores and the weighted sum, as for
/// <see cref="TransformerEncoderLayerAttribute"/>'s attention.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class MultiheadAttentionAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="embedDim">Features of each step, in and out.</param>
    /// <param name="numHeads">Attention heads; they divide <paramref name="embedDim"/>.</param>
    public MultiheadAttentionAttribute(int embedDim, int numHeads)
    {
        EmbedDim = embedDim;
        NumHeads = numHeads;
    }

    /// <summary>Features of each step.</summary>
    public int EmbedDim { get; }

    /// <summary>Attention heads.</summary>
    public int NumHeads { get; }

    /// <summary>Dropout on the attention weights while training. Default 0, PyTorch's.</summary>
    public double Dropout { get; set; }

    /// <summary>Whether step t attends to steps up to t only (PyTorch's square subsequent mask). Default false.</summary>
    public bool Causal { get; set; }

    /// <summary>Whether the layer's parameters are frozen (<c>requires_grad = false</c>). Default false.</summary>
    public bool Frozen { get; set; }
}
