using System;

namespace ModelGen;

/// <summary>
/// Reversible instance normalisation (RevIN, Kim et al. 2022), as PatchTST and neuralforecast use it: each sample's
/// input normalised per feature by its own mean and standard deviation over the window (optionally followed by a learned
/// scale and shift per feature), the model run on that, and its forecast mapped back with the statistics of the features
/// it forecasts. Declared once, on the model's first field, of type <see cref="RevIN"/>; with <see cref="Affine"/> its
/// state_dict is neuralforecast's (<c>affine_weight</c>, <c>affine_bias</c>).
/// </summary>
/// <remarks>
/// The statistics are not trained through (neuralforecast detaches them): <c>mean</c> and
/// <c>stdev = √(var + eps)</c> (the biased variance) over the steps. The forecast, <c>[horizon, targets]</c>, is mapped
/// back as <c>((y − bias) / (weight + eps²)) · stdev + mean</c> with each target feature's own. The model's input is one
/// window <c>[steps, features]</c>; its output's features are input features (<see cref="Targets"/>).
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class RevINAttribute : Attribute
{
    /// <summary>Whether a learned scale and shift per feature follow the normalisation. Default false.</summary>
    public bool Affine { get; set; }

    /// <summary>Added to the variance before its square root. Default 1e-5, as neuralforecast's.</summary>
    public double Eps { get; set; } = 1e-5;

    /// <summary>
    /// The input features the forecast's features are, in its order (e.g. <c>[0]</c>: the forecast is feature 0). Default
    /// none: every input feature, in order, when the forecast has as many.
    /// </summary>
    public int[] Targets { get; set; } = [];

    /// <summary>Whether the affine parameters are frozen (<c>requires_grad = false</c>). Default false.</summary>
    public bool Frozen { get; set; }
}
