using System.Collections.Generic;
using System.Globalization;

namespace ModelGen;

internal static class ShapeMath
{
    public static long Elements(IReadOnlyList<long> shape)
    {
        long n = 1;
        foreach (long d in shape) n = checked(n * d);
        return n;
    }

    /// <summary>Formats a shape as PyTorch and torchinfo print it: <c>[512, 10, 3]</c>.</summary>
    public static string Format(IReadOnlyList<long> shape)
    {
        var parts = new string[shape.Count];
        for (int i = 0; i < parts.Length; i++) parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        return "[" + string.Join(", ", parts) + "]";
    }
}
