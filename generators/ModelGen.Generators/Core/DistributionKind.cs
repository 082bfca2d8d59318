using System.Linq;

namespace ModelGen.Generators.Core;

/// <summary>
/// What the generator knows of each <c>OutputDistribution</c> (by its value; the generator does not reference the
/// runtime), from the table the runtime reads too (<see cref="DistributionTable"/>): its name, its parameters in the
/// output's last dimension, and its link, as values that compare by value for the incremental pipeline's caching.
/// </summary>
internal sealed record DistributionKind(int Value, string Name, EquatableArray<string> Parameters, EquatableArray<bool> Positive, EquatableArray<float> Offset,
    bool MapsBack)
{
    private static readonly DistributionKind[] All = [.. DistributionTable.Rows.Select(r =>
        new DistributionKind(r.Value, r.Name, r.Parameters.ToEquatableArray(), r.Positive.ToEquatableArray(), r.Offset.ToEquatableArray(), r.Multiplied is not null))];

    /// <summary>The distribution of an <c>OutputDistribution</c> value; null for <c>None</c> (0) or a value not defined.</summary>
    public static DistributionKind? Of(int value) => All.FirstOrDefault(k => k.Value == value);

    /// <summary>The runtime's names, for messages: "Normal, StudentT or NegativeBinomial".</summary>
    public static string Names => "OutputDistribution.Normal, OutputDistribution.StudentT or OutputDistribution.NegativeBinomial";

    public int ParameterCount => Parameters.Count;

    /// <summary>What the link adds after the softplus, for comments: <c>, df plus 2</c>, or nothing.</summary>
    public string OffsetText => string.Concat(Enumerable.Range(0, Offset.Count).Where(i => Offset[i] != 0)
        .Select(i => $", {Parameters[i]} plus {((double)Offset[i]).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>The C# expression of the runtime's enum value.</summary>
    public string Expression => "global::ModelGen.OutputDistribution." + Name;

    /// <summary>
    /// The link in Python on <paramref name="value"/> (<c>[..., P]</c>), as <c>Distributions.Link</c> computes it: each
    /// positive parameter through softplus, at least float32's eps, plus its offset (2 for Student's df).
    /// </summary>
    public string PythonLink(string value)
    {
        string positive = $"torch.tensor([{string.Join(", ", Positive.Select(p => p ? "True" : "False"))}], device={value}.device)";
        string offset = $"torch.tensor([{string.Join(", ", Offset.Select(o => ((double)o).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}], dtype={value}.dtype, device={value}.device)";
        return $"torch.where({positive}, F.softplus({value}).clamp_min(torch.finfo(torch.float32).eps) + {offset}, {value})";
    }
}
