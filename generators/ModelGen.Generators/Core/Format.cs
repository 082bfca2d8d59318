using System.Globalization;
using System.Linq;

namespace ModelGen.Generators.Core;

/// <summary>
/// Every number and shape the generator writes, in messages, documentation or code, under the
/// invariant culture: the one place that decides how a value reads.
/// </summary>
internal static class Format
{
    /// <summary>A count with thousands separators, as messages and torchinfo show it: <c>1,073,741,824</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A count that may not fit in 64 bits (null).</summary>
    public static string Count(long? value) => value is { } known ? Count(known) : "more than 9.2e18";

    /// <summary>An integer as written in C#, Python or a formula: <c>-6</c>.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A real number that reads back exactly: <c>0.1</c>, <c>1E-05</c>, <c>NaN</c>.</summary>
    public static string Real(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C# <c>double</c> literal: <see cref="Real"/> with <c>.0</c> added where it would read as an integer.</summary>
    public static string DoubleLiteral(double value)
    {
        string text = Real(value);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
    }

    /// <summary>A C# <c>bool</c> literal.</summary>
    public static string BoolLiteral(bool value) => value ? "true" : "false";

    /// <summary>A per-sample shape: <c>[10, 3]</c>.</summary>
    public static string Shape(EquatableArray<int> shape) => "[" + string.Join(", ", shape.Select(d => Integer(d))) + "]";
}
