using System.Globalization;
using TorchSharp;

namespace Forecasting;

/// <summary>How the sample writes numbers in its tables, for one series and for many.</summary>
internal static class SampleText
{
    /// <summary>A table cell: three significant digits whatever the scale (errors on the recursive series are tiny).</summary>
    public static string Cell(double value) => value.ToString(value >= 0.01 ? "F4" : "0.00e+0", CultureInfo.InvariantCulture).PadLeft(16);

    /// <summary>A float32 tensor's values, which it then releases.</summary>
    public static float[] Values(torch.Tensor tensor)
    {
        using (tensor) return tensor.data<float>().ToArray();
    }
}
