using System;

namespace ModelGen;

/// <summary>
/// N-BEATS's trend basis (Oreshkin et al.; darts' <c>_TrendGenerator</c>): a fixed polynomial map from
/// <c>degree + 1</c> expansion coefficients to <see cref="Length"/> values, row i of the basis being <c>(t / length)^i</c>
/// for t = 0 … length − 1. Put it on a field of type <see cref="Basis"/>, after a Linear to the coefficients.
/// </summary>
/// <remarks>
/// Per sample, <c>[degree + 1]</c> becomes <c>[length]</c>. The basis is a parameter that is never trained, as in darts
/// (state_dict <c>basis</c>, <c>[degree + 1, length]</c>; the summary counts it as non-trainable). torchinfo counts no
/// mult-adds for it (its parameter is not named weight or bias), and neither does the summary.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TrendBasisAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="degree">The polynomial's degree: the layer reads <c>degree + 1</c> coefficients.</param>
    /// <param name="length">Values out: the window for a backcast, the horizon for a forecast.</param>
    public TrendBasisAttribute(int degree, int length)
    {
        Degree = degree;
        Length = length;
    }

    /// <summary>The polynomial's degree.</summary>
    public int Degree { get; }

    /// <summary>Values out.</summary>
    public int Length { get; }
}
