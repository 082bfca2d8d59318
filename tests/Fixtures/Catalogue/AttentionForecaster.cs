using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A transformer forecaster: each step's three features embedded to 16 by a Linear, the fixed sinusoids of "Attention Is All You Need"
/// added, a pre-norm transformer layer with
/// GELU (frozen, as a pretrained encoder is kept), a causal post-norm one with two heads, flattened and read out to four
/// steps at once.
/// </summary>
[Model(Input = [10, 3], Output = [4, 1], MultiOutput = true)]
public partial class AttentionForecaster
{
    [Linear(3, 16)]
    private readonly Linear embed;

    [PositionalEmbedding(10, 16, Encoding = PositionalEncoding.Sinusoidal)]
    private readonly PositionalEmbedding position;

    [TransformerEncoderLayer(16, 4, DimFeedforward = 32, Activation = TransformerActivation.GELU, NormFirst = true, Frozen = true)]
    private readonly TransformerLayer encoder1;

    [TransformerEncoderLayer(16, 2, DimFeedforward = 24, Dropout = 0.2, LayerNormEps = 1e-6, Causal = true)]
    private readonly TransformerLayer encoder2;

    [Flatten]
    private readonly Flatten flatten;

    [Linear(160, 4)]
    private readonly Linear head;
}
