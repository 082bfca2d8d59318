using System;

namespace ModelGen;

/// <summary>
/// A transformer encoder layer, PyTorch's <c>nn.TransformerEncoderLayer(dModel, nHead, dim_feedforward, dropout,
/// activation, layer_norm_eps, batch_first=True, norm_first)</c>: multi-head self-attention and a feed-forward network,
/// each with dropout, a residual connection and layer normalisation. Put it on a field of type
/// <see cref="TransformerLayer"/>; its state_dict is PyTorch's (<c>self_attn.in_proj_weight</c>, <c>self_attn.out_proj.weight</c>,
/// <c>linear1</c>, <c>linear2</c>, <c>norm1</c>, <c>norm2</c>).
/// </summary>
/// <remarks>
/// Per sample, <c>[steps, dModel]</c> stays <c>[steps, dModel]</c>; every step attends to every other (with
/// <see cref="Causal"/>, to itself and earlier steps only). The summary shows its submodules in the order they run, as
/// torchinfo shows the module in training mode (in eval mode PyTorch's fused fast path bypasses them, and torchinfo shows one
/// row). torchinfo counts no mult-adds for attention; ModelGen's summary counts
/// <c>steps · (4·dModel² + 4·dModel)</c> for the projections (as torchinfo counts a Linear, biases included) plus
/// <c>2 · steps² · dModel</c> for the scores and the weighted sum.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TransformerEncoderLayerAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="dModel">Features of each step, in and out.</param>
    /// <param name="nHead">Attention heads; they divide <paramref name="dModel"/>.</param>
    public TransformerEncoderLayerAttribute(int dModel, int nHead)
    {
        DModel = dModel;
        NHead = nHead;
    }

    /// <summary>Features of each step.</summary>
    public int DModel { get; }

    /// <summary>Attention heads.</summary>
    public int NHead { get; }

    /// <summary>Width of the feed-forward network's hidden layer. Default 2048, as PyTorch's.</summary>
    public int DimFeedforward { get; set; } = 2048;

    /// <summary>Dropout probability, in attention and after each sub-block. Default 0.1, as PyTorch's.</summary>
    public double Dropout { get; set; } = 0.1;

    /// <summary>The feed-forward network's activation. Default <see cref="TransformerActivation.ReLU"/>, as PyTorch's.</summary>
    public TransformerActivation Activation { get; set; } = TransformerActivation.ReLU;

    /// <summary>Whether each sub-block normalises its input (pre-norm, PyTorch's <c>norm_first=True</c>). Default false.</summary>
    public bool NormFirst { get; set; }

    /// <summary>The layer normalisations' epsilon. Default 1e-5.</summary>
    public double LayerNormEps { get; set; } = 1e-5;

    /// <summary>Whether step t attends to steps up to t only (PyTorch's square subsequent mask). Default false.</summary>
    public bool Causal { get; set; }

    /// <summary>Whether its parameters are frozen (<c>requires_grad = false</c>). Default false.</summary>
    public bool Frozen { get; set; }
}
