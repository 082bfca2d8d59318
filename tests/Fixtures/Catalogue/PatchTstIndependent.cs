using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// PatchTST's backbone for one series: 24 steps cut into 6 end-padded patches of 8 every 4, each embedded to 16 features
/// with a learned position added, a transformer encoder layer with GELU, flattened and read out to 6 steps. Channel
/// independent: a model's features each run through it as a series of their own, with the same weights.
/// </summary>
[Block(ChannelIndependent = true)]
public partial class PatchBackbone
{
    [Patch(8, 4, PadEnd = true)]
    private readonly Patching patches;

    [Linear(8, 16)]
    private readonly Linear embed;

    [PositionalEmbedding(6, 16)]
    private readonly PositionalEmbedding position;

    [TransformerEncoderLayer(16, 4, DimFeedforward = 32, Dropout = 0.2, Activation = TransformerActivation.GELU)]
    private readonly TransformerLayer encoder;

    [Flatten]
    private readonly Flatten flatten;

    [Linear(96, 6)]
    private readonly Linear head;
}

/// <summary>
/// PatchTST over four series at once, as Nie et al. build it: RevIN (affine) per feature, then each feature through the
/// same backbone as a series of its own (folded into the batch and back), mapped back by RevIN.
/// </summary>
[Model(Input = [24, 4], Output = [6, 4], MultiOutput = true)]
public partial class PatchTstIndependent
{
    [RevIN(Affine = true)]
    private readonly RevIN revin;

    private readonly PatchBackbone backbone;
}
