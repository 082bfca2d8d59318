using System;
using System.IO;
using System.Text;

namespace ModelGen.Export;

/// <summary>Writes a generated model's PyTorch twin (<c>PyTorchSource</c>) to a file. Generated models call it from <c>WritePyTorchSource</c>.</summary>
public static class PyTorchTwin
{
    /// <summary>Writes <paramref name="source"/> to <paramref name="path"/> as UTF-8 without a byte order mark, as Python expects.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names the path.</exception>
    public static void Write(string path, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(source);
        try
        {
            File.WriteAllText(path, source, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the PyTorch twin to '{Path.GetFullPath(path)}': {e.Message}", e);
        }
    }
}
