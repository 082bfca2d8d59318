namespace ModelGen;

/// <summary>
/// A distribution a model forecasts (<c>[Model(Distribution = ...)]</c>): each output value becomes that distribution's
/// parameters, in a last dimension, mapped by the link functions of <see cref="Distributions"/>.
/// </summary>
public enum OutputDistribution
{
    /// <summary>A point forecast (the default).</summary>
    None = 0,

    /// <summary>Normal: <c>[loc, scale]</c>, the scale positive.</summary>
    Normal = 1,

    /// <summary>Student's t: <c>[loc, scale, df]</c>, the scale positive and the degrees of freedom at least 2 (its mean is then defined, and above 2 its variance finite).</summary>
    StudentT = 2,

    /// <summary>Negative binomial, for counts: <c>[mean, dispersion]</c>, both positive; the variance is <c>mean + dispersion · mean²</c>.</summary>
    NegativeBinomial = 3,
}
