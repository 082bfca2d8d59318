using System;
using System.IO;

namespace ModelGen;

/// <summary>Writes a file whole or not at all: beside the destination under a temporary name, then moved over it.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; no half-written file stays behind, whatever fails.</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="what"/> and the path.</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (FileStream stream = File.Create(temporary)) write(stream);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write {what} to '{full}': {e.Message}", e);
        }
        finally
        {
            try { if (File.Exists(temporary)) File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
