namespace ModelGen;

/// <summary>
/// What ModelGen knows of one distribution a model can forecast: its parameters in the order of the output's last
/// dimension, its link (which parameters go through softplus, and what is added after it), and how a forecast made on
/// standardised values maps back to the values' units (which parameters are multiplied by the scale and which shifted
/// by the mean; none for counts, which are not standardised).
/// </summary>
internal sealed class DistributionRow(string name, int value, string[] parameters, bool[] positive, float[] offset, float[]? multiplied, float[]? shifted)
{
    /// <summary>The <c>OutputDistribution</c> member's name, as the ONNX metadata writes it.</summary>
    public string Name { get; } = name;

    /// <summary>The <c>OutputDistribution</c> member's value.</summary>
    public int Value { get; } = value;

    public string[] Parameters { get; } = parameters;

    /// <summary>Which parameters are positive: <c>max(softplus(x), eps)</c>, plus <see cref="Offset"/>.</summary>
    public bool[] Positive { get; } = positive;

    public float[] Offset { get; } = offset;

    /// <summary>Which parameters map back multiplied by the scale (1) and which shifted by the mean (1); null when none map back.</summary>
    public float[]? Multiplied { get; } = multiplied;

    /// <inheritdoc cref="Multiplied"/>
    public float[]? Shifted { get; } = shifted;
}

/// <summary>
/// The distributions, in one table compiled into the runtime (its links, losses and export), ModelGen.Onnx (which
/// reads their names from a file) and the generator (its shape checks and the twin's link), so the three never differ.
/// </summary>
internal static class DistributionTable
{
    public static readonly DistributionRow[] Rows =
    [
        new("Normal", 1, ["loc", "scale"], [false, true], [0, 0], [1, 1], [1, 0]),
        new("StudentT", 2, ["loc", "scale", "df"], [false, true, true], [0, 0, 2], [1, 1, 0], [1, 0, 0]),
        new("NegativeBinomial", 3, ["mean", "dispersion"], [true, true], [0, 0], null, null),
    ];

    /// <summary>The row of an <c>OutputDistribution</c> value; null for <c>None</c> or a value not defined.</summary>
    public static DistributionRow? Of(int value)
    {
        foreach (DistributionRow row in Rows)
            if (row.Value == value) return row;
        return null;
    }

    /// <summary>The row of a distribution's name; null for a name ModelGen does not know.</summary>
    public static DistributionRow? Named(string name)
    {
        foreach (DistributionRow row in Rows)
            if (row.Name == name) return row;
        return null;
    }
}
