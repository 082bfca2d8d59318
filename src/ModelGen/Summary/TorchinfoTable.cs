using System;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>
/// Renders a <see cref="ModelSummary"/> the way torchinfo's <c>summary(model, input_size,
/// col_names=("input_size", "output_size", "num_params", "mult_adds"), row_settings=("depth",))</c>
/// prints it: same columns, widths, number formats and unit choice.
/// </summary>
internal static class TorchinfoTable
{
    private const int ColumnWidth = 25;
    private const int MinimumNameWidth = 40;
    private const int NameAlign = 5;
    private static readonly string[] Headers = ["Input Shape", "Output Shape", "Param #", "Mult-Adds"];

    public static string Format(ModelSummary summary)
    {
        int nameWidth = NameWidth(summary);
        string divider = new('=', nameWidth + Headers.Length * ColumnWidth);
        var text = new StringBuilder();
        text.Append(divider).Append('\n');
        Row(text, nameWidth, "Layer (type:depth-idx)", Headers);
        text.Append(divider).Append('\n');

        Row(text, nameWidth, summary.ModelName,
            [ShapeMath.Format(summary.InputShape), ShapeMath.Format(summary.OutputShape), "--", "--"]);
        foreach (LayerSummary layer in summary.Layers)
        {
            Row(text, nameWidth, Prefix(layer.Depth) + LayerTitle(layer),
            [
                ShapeMath.Format(layer.InputShape),
                ShapeMath.Format(layer.OutputShape),
                ParamsCell(layer),
                layer.MultAdds > 0 ? Thousands(layer.MultAdds) : "--",
            ]);
        }

        text.Append(divider).Append('\n');
        text.Append("Total params").Append(Number(summary.TotalParameters, scaled: false, bytes: false)).Append('\n');
        text.Append("Trainable params").Append(Number(summary.TrainableParameters, scaled: false, bytes: false)).Append('\n');
        text.Append("Non-trainable params").Append(Number(summary.NonTrainableParameters, scaled: false, bytes: false)).Append('\n');
        text.Append("Total mult-adds").Append(Number(summary.TotalMultAdds, scaled: true, bytes: false)).Append('\n');
        text.Append(divider).Append('\n');
        text.Append("Input size").Append(Number(summary.InputSizeBytes, scaled: true, bytes: true)).Append('\n');
        text.Append("Forward/backward pass size").Append(Number(summary.ForwardBackwardPassSizeBytes, scaled: true, bytes: true)).Append('\n');
        text.Append("Params size").Append(Number(summary.ParamsSizeBytes, scaled: true, bytes: true)).Append('\n');
        text.Append("Estimated Total Size").Append(Number(summary.EstimatedTotalSizeBytes, scaled: true, bytes: true)).Append('\n');
        text.Append(divider);
        return text.ToString();
    }

    private static string LayerTitle(LayerSummary layer) =>
        string.Create(CultureInfo.InvariantCulture, $"{layer.TypeName}: {layer.Depth}-{layer.DepthIndex}");

    private static string Prefix(int depth) => depth switch
    {
        0 => "",
        1 => "├─",
        _ => string.Concat(System.Linq.Enumerable.Repeat("│    ", depth - 1)) + "└─",
    };

    // torchinfo widens the name column to fit the longest title (plus indentation), in steps of 5.
    private static int NameWidth(ModelSummary summary)
    {
        int longest = summary.ModelName.Length + 1;
        foreach (LayerSummary layer in summary.Layers)
            longest = Math.Max(longest, LayerTitle(layer).Length + layer.Depth * NameAlign + 1);
        return longest >= MinimumNameWidth ? (longest + NameAlign - 1) / NameAlign * NameAlign : MinimumNameWidth;
    }

    private static string ParamsCell(LayerSummary layer)
    {
        if (layer.Parameters == 0) return "--";
        if (layer.IsRecursive) return "(recursive)";
        string count = Thousands(layer.Parameters);
        return layer.TrainableParameters > 0 ? count : "(" + count + ")";
    }

    private static void Row(StringBuilder text, int nameWidth, string name, string[] cells)
    {
        var line = new StringBuilder();
        line.Append(name.PadRight(nameWidth)).Append(' ');
        foreach (string cell in cells) line.Append(cell.PadRight(ColumnWidth)).Append(' ');
        text.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static string Thousands(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    // torchinfo's format_output_num: scale to T/G/M/k (powers of 1000), print whole numbers without
    // decimals and others with two, with thousands separators; byte figures add "B" to the unit.
    private static string Number(long value, bool scaled, bool bytes)
    {
        (string unit, double converted) = !scaled ? ("", value)
            : value >= 1e12 ? ("T", value / 1e12)
            : value >= 1e9 ? ("G", value / 1e9)
            : value >= 1e6 ? ("M", value / 1e6)
            : value >= 1e3 ? ("k", value / 1e3)
            : ("", (double)value);
        string units = unit.Length == 0 ? "" : " (" + unit + (bytes ? "B" : "") + ")";
        string number = converted == Math.Floor(converted)
            ? ((long)converted).ToString("#,0", CultureInfo.InvariantCulture)
            : RoundLikePython(converted).ToString("#,0.00", CultureInfo.InvariantCulture);
        return units + ": " + number;
    }

    /// <summary>
    /// Python's <c>format(x, ".2f")</c> rounds the exact binary value of <paramref name="value"/> and
    /// sends exact ties to the even digit; .NET sends ties away from zero. Only exact ties differ
    /// (x.xx5 held exactly, such as 1.125), so those are resolved here with exact integer arithmetic.
    /// </summary>
    internal static decimal RoundLikePython(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0 || value < 0) return Math.Round((decimal)value, 2, MidpointRounding.ToEven);
        mantissa |= 1L << 52;
        int shift = 1075 - exponent; // value = mantissa / 2^shift
        if (shift <= 0 || shift > 62) return Math.Round((decimal)value, 2, MidpointRounding.ToEven);

        // hundredths = mantissa * 100 / 2^shift, exactly, as a quotient and remainder.
        System.Numerics.BigInteger scaled = new System.Numerics.BigInteger(mantissa) * 100;
        System.Numerics.BigInteger divisor = System.Numerics.BigInteger.One << shift;
        System.Numerics.BigInteger quotient = System.Numerics.BigInteger.DivRem(scaled, divisor, out System.Numerics.BigInteger remainder);
        int comparison = (remainder * 2).CompareTo(divisor);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven)) quotient += 1;
        return (decimal)quotient / 100m;
    }
}
