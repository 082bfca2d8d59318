using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// TSMixer's time mixing as darts writes it by default (<c>normalize_before=False</c>): a Linear over time with ReLU and
/// dropout, the input added, then a LayerNorm over both the steps and the features of the sum.
/// </summary>
[Block]
public partial class TimeMixingPost
{
    public const int Steps = 6, Features = 8;

    [TimeLinear(Steps, Steps)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU act;

    [Dropout(0.1)]
    private readonly Dropout dropout;

    [From(FromAttribute.Input, nameof(dropout), Merge = Merge.Add)]
    [LayerNorm(Steps, Features)]
    private readonly LayerNorm norm;
}

/// <summary>
/// TSMixer's feature mixing (darts, <c>normalize_before=False</c>) of one width: an MLP over the features with dropout, the
/// input added, then a LayerNorm over steps and features of the sum.
/// </summary>
[Block]
public partial class FeatureMixingPost
{
    public const int Steps = 6, Width = 8, Hidden = 16;

    [Linear(Width, Hidden)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU act;

    [Dropout(0.1)]
    private readonly Dropout dropout1;

    [Linear(Hidden, Width)]
    private readonly Linear fc2;

    [Dropout(0.1)]
    private readonly Dropout dropout2;

    [From(FromAttribute.Input, nameof(dropout2), Merge = Merge.Add)]
    [LayerNorm(Steps, Width)]
    private readonly LayerNorm norm;
}

/// <summary>
/// TSMixer's feature mixing that changes the width (darts, <c>normalize_before=False</c>): darts' <c>projection</c> of the
/// input first, then the MLP, their sum normalised over steps and features.
/// </summary>
[Block]
public partial class FeatureProjectionPost
{
    public const int Steps = 6, In = 2, Out = 8, Hidden = 16;

    [Linear(In, Out)]
    private readonly Linear projection;

    [From(FromAttribute.Input)]
    [Linear(In, Hidden)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU act;

    [Dropout(0.1)]
    private readonly Dropout dropout1;

    [Linear(Hidden, Out)]
    private readonly Linear fc2;

    [Dropout(0.1)]
    private readonly Dropout dropout2;

    [From(nameof(projection), nameof(dropout2), Merge = Merge.Add)]
    [LayerNorm(Steps, Out)]
    private readonly LayerNorm norm;
}

/// <summary>
/// TSMixer without covariates with darts' default post-norm: the 12-step window mapped over time to the 6-step horizon,
/// its 2 features mixed to 8, two mixer layers (time mixing, then feature mixing), and a Linear to the forecast.
/// </summary>
[Model(Input = [12, 2], Output = [6, 1], MultiOutput = true)]
public partial class TsMixerPostNorm
{
    [TimeLinear(12, 6)]
    private readonly Linear fcHist;

    private readonly FeatureProjectionPost featureMixingHist;

    private readonly TimeMixingPost time1;

    private readonly FeatureMixingPost features1;

    private readonly TimeMixingPost time2;

    private readonly FeatureMixingPost features2;

    [Linear(8, 1)]
    private readonly Linear fcOut;
}
