using System;

namespace ModelGen;

/// <summary>
/// N-BEATS's seasonality basis (Oreshkin et al.; darts' <c>_SeasonalityGenerator</c>): a fixed Fourier map to
/// <see cref="Length"/> values from <c>2·h + 1</c> coefficients, h = ⌊length / 2 − 1⌋ (truncated toward zero, as
/// Python's <c>int</c>): a constant row, then <c>cos(2π·i·t / length)</c> and <c>sin(2π·i·t / length)</c> for i = 1 … h. Put
/// it on a field of type <see cref="Basis"/>, after a Linear to the coefficients.
/// </summary>
/// <remarks>
/// Per sample, <c>[2·h + 1]</c> becomes <c>[length]</c>. The basis is a parameter that is never trained, as in darts
/// (state_dict <c>basis</c>); torchinfo counts no mult-adds for it, and neither does the summary.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class SeasonalityBasisAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="length">Values out: the window for a backcast, the horizon for a forecast.</param>
    public SeasonalityBasisAttribute(int length) => Length = length;

    /// <summary>Values out.</summary>
    public int Length { get; }
}
