using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// TSMixer's time mixing as darts writes it with <c>normalize_before=True</c>: a LayerNorm over both the steps and the
/// features, a Linear over time with ReLU and dropout, and the input added back.
/// </summary>
[Block(Residual = true)]
public partial class TimeMixing
{
    public const int Steps = 6, Features = 8;

    [LayerNorm(Steps, Features)]
    private readonly LayerNorm norm;

    [TimeLinear(Steps, Steps)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU act;

    [Dropout(0.1)]
    private readonly Dropout dropout;
}

/// <summary>
/// TSMixer's feature mixing (darts, <c>normalize_before=True</c>): a LayerNorm over steps and features, an MLP over the
/// features with dropout, and the input added back, projected by a Linear when the widths differ.
/// </summary>
[Block(Residual = true)]
public partial class FeatureMixing
{
    public const int Steps = 6, In = 8, Out = 8, Hidden = 16;

    [LayerNorm(Steps, In)]
    private readonly LayerNorm norm;

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
}

/// <summary>
/// TSMixer without covariates, as darts builds it: the 12-step window mapped over time to the 6-step horizon, its 2
/// features mixed to 8, two mixer layers (time mixing, then feature mixing), and a Linear to the forecast.
/// </summary>
[Model(Input = [12, 2], Output = [6, 1], MultiOutput = true)]
public partial class TsMixer
{
    [TimeLinear(12, 6)]
    private readonly Linear fcHist;

    [With(nameof(FeatureMixing.In), 2)]
    private readonly FeatureMixing featureMixingHist;

    private readonly TimeMixing time1;

    private readonly FeatureMixing features1;

    private readonly TimeMixing time2;

    private readonly FeatureMixing features2;

    [Linear(8, 1)]
    private readonly Linear fcOut;
}
