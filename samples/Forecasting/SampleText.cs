using System.Globalization;
using TorchSharp;

namespace Forecasting;

/// <summary>How the sample writes numbers in its tables, for one series and for many.</summary>
internal static class SampleText
{
    /// <summary>A table cell: three significant digits whatever the scale (errors on the recursive series are tiny).</summary>
    public static string Cell(double value) => Number(value).PadLeft(16);

    /// <summary>A narrower cell, for the tables with a column per quantile level.</summary>
    public static string Short(double value) => Number(value).PadLeft(10);

    private static string Number(double value) => value.ToString(value >= 0.01 ? "F4" : "0.00e+0", CultureInfo.InvariantCulture);

    /// <summary>An interval's nominal coverage as a percentage: 0.9 is "90%".</summary>
    public static string Percent(double nominal) => (nominal * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A float32 tensor's values, which it then releases.</summary>
    public static float[] Values(torch.Tensor tensor)
    {
        using (tensor) return tensor.data<float>().ToArray();
    }
}
