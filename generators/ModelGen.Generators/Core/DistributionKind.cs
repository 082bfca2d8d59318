using System.Linq;

namespace ModelGen.Generators.Core;

/// <summary>
/// What the generator knows of each <c>OutputDistribution</c> (by its value; the generator does not reference the
/// runtime): its name, its parameters in the output's last dimension, and which of them are positive.
/// </summary>
internal sealed record DistributionKind(int Value, string Name, EquatableArray<string> Parameters)
{
    public static readonly DistributionKind Normal = new(1, "Normal", new[] { "loc", "scale" }.ToEquatableArray());
    public static readonly DistributionKind StudentT = new(2, "StudentT", new[] { "loc", "scale", "df" }.ToEquatableArray());
    public static readonly DistributionKind NegativeBinomial = new(3, "NegativeBinomial", new[] { "mean", "dispersion" }.ToEquatableArray());

    private static readonly DistributionKind[] All = [Normal, StudentT, NegativeBinomial];

    /// <summary>The distribution of an <c>OutputDistribution</c> value; null for <c>None</c> (0) or a value not defined.</summary>
    public static DistributionKind? Of(int value) => All.FirstOrDefault(k => k.Value == value);

    /// <summary>The runtime's names, for messages: "Normal, StudentT or NegativeBinomial".</summary>
    public static string Names => "OutputDistribution.Normal, OutputDistribution.StudentT or OutputDistribution.NegativeBinomial";

    public int ParameterCount => Parameters.Count;

    /// <summary>The C# expression of the runtime's enum value.</summary>
    public string Expression => "global::ModelGen.OutputDistribution." + Name;

    /// <summary>
    /// The link in Python on <paramref name="value"/> (<c>[..., P]</c>), as <c>Distributions.Link</c> computes it: each
    /// positive parameter through softplus, at least float32's eps, plus its offset (2 for Student's df).
    /// </summary>
    public string PythonLink(string value)
    {
        (bool Positive, double Offset)[] links = Name switch
        {
            "Normal" => [(false, 0), (true, 0)],
            "StudentT" => [(false, 0), (true, 0), (true, 2)],
            _ => [(true, 0), (true, 0)],
        };
        string positive = $"torch.tensor([{string.Join(", ", links.Select(l => l.Positive ? "True" : "False"))}], device={value}.device)";
        string offset = $"torch.tensor([{string.Join(", ", links.Select(l => l.Offset.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}], dtype={value}.dtype, device={value}.device)";
        return $"torch.where({positive}, F.softplus({value}).clamp_min(torch.finfo(torch.float32).eps) + {offset}, {value})";
    }
}
