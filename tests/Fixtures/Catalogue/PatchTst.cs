using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// PatchTST on one series, as neuralforecast builds it: RevIN with its affine parameters, 24 steps cut into patches of 8
/// every 4 (the last step repeated 4 times first, so 6 patches), each patch embedded to 16 features with a learned
/// position added, two transformer encoder layers with GELU, flattened and read out to 6 steps, mapped back by RevIN.
/// </summary>
[Model(Input = [24, 1], Output = [6, 1], MultiOutput = true)]
public partial class PatchTst
{
    [RevIN(Affine = true)]
    private readonly RevIN revin;

    [Patch(8, 4, PadEnd = true)]
    private readonly Patching patches;

    [Linear(8, 16)]
    private readonly Linear embed;

    [PositionalEmbedding(6, 16)]
    private readonly PositionalEmbedding position;

    [TransformerEncoderLayer(16, 4, DimFeedforward = 32, Dropout = 0.2, Activation = TransformerActivation.GELU)]
    private readonly TransformerLayer encoder1;

    [TransformerEncoderLayer(16, 4, DimFeedforward = 32, Dropout = 0.2, Activation = TransformerActivation.GELU)]
    private readonly TransformerLayer encoder2;

    [Flatten]
    private readonly Flatten flatten;

    [Linear(96, 6)]
    private readonly Linear head;
}
