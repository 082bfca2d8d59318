using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A patch transformer over a target and a covariate: RevIN (affine, frozen) normalises both and maps the forecast of
/// feature 0 back; 16 steps in patches of 4 (each patch the target's 4 steps, then the covariate's), a fixed learned
/// position (neuralforecast's <c>learn_pe=False</c>), one pre-norm encoder layer, read out to 4 steps.
/// </summary>
[Model(Input = [16, 2], Output = [4, 1], MultiOutput = true)]
public partial class PatchCovariates
{
    [RevIN(Affine = true, Eps = 1e-4, Targets = [0], Frozen = true)]
    private readonly RevIN revin;

    [Patch(4, 4)]
    private readonly Patching patches;

    [Linear(8, 8)]
    private readonly Linear embed;

    [PositionalEmbedding(4, 8, Frozen = true)]
    private readonly PositionalEmbedding position;

    [TransformerEncoderLayer(8, 2, DimFeedforward = 16, NormFirst = true)]
    private readonly TransformerLayer encoder;

    [Flatten]
    private readonly Flatten flatten;

    [Linear(32, 4)]
    private readonly Linear head;
}
