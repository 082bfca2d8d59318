namespace Forecasting;

internal static class SampleFiles
{
    /// <summary>One head's file of several (--compare): forecaster.onnx → forecaster-autoregressive.onnx.</summary>
    public static string For(string path, string head) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? "", $"{System.IO.Path.GetFileNameWithoutExtension(path)}-{head}{System.IO.Path.GetExtension(path)}");
}
