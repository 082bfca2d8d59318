// Source of the inline MSBuild task used by ModelGen.TorchSharpNativeLoad.targets
// (compiled by RoslynCodeTaskFactory; no extra tool is needed).
//
// Why: TorchSharp's libLibTorchSharp.so was linked against GCC 13's libstdc++ and lists a
// version requirement on GLIBCXX_3.4.32 for a single symbol (std::ios_base_library_init)
// that no relocation uses. Older libstdc++ (Debian 12: GLIBCXX_3.4.30) makes the loader
// refuse the whole library. Marking that one requirement weak (VER_FLG_WEAK) in the copy
// in the build output lets glibc's loader accept it; nothing else in the file changes.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ModelGenMarkElfVersionWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>ELF shared objects to patch in place (copies in the build output, never the NuGet cache).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to make weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                string outcome = Patch(path, VersionName);
                Log.LogMessage(MessageImportance.Low, "ModelGen: {0}: {1}", path, outcome);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException || ex is ArgumentException || ex is OverflowException)
            {
                Log.LogWarning(null, "MGB001", null, path, 0, 0, 0, 0,
                    "ModelGen could not mark {0} weak in this file, so TorchSharp may fail to load on this machine: {1}",
                    VersionName, ex.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// Sets VER_FLG_WEAK on the named Vernaux entry. Idempotent. The patched bytes go into a new
    /// file that then replaces the old one, so a copy-local that is a hard or symbolic link into the
    /// NuGet cache is never written through. The timestamp is kept, so MSBuild's incremental copy
    /// does not see a changed file and copy the original over it again.
    /// </summary>
    private static string Patch(string path, string versionName)
    {
        long flagsOffset = FindVersionFlags(path, versionName, out ushort flags);
        if (flagsOffset < 0) return "no " + versionName + " requirement";
        if ((flags & VerFlgWeak) != 0) return "already weak";

        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".modelgen-tmp";
        File.Copy(path, temporary, overwrite: true);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                byte[] patched = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                file.Position = flagsOffset;
                file.Write(patched, 0, patched.Length);
            }
            File.SetLastWriteTimeUtc(temporary, stamp);
            File.Delete(path);
            File.Move(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return "marked " + versionName + " weak";
    }

    /// <summary>The file offset of the vna_flags of the Vernaux entry named <paramref name="versionName"/>, or -1.</summary>
    private static long FindVersionFlags(string path, string versionName, out ushort flags)
    {
        flags = 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        byte[] header = ReadAt(file, 0, 64);
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (header[4] != 2 || header[5] != 1)
            throw new InvalidDataException("expected a 64-bit little-endian ELF file");

        long sectionHeaders = (long)BitConverter.ToUInt64(header, 0x28);
        int sectionHeaderSize = BitConverter.ToUInt16(header, 0x3A);
        int sectionCount = BitConverter.ToUInt16(header, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            byte[] sh = ReadAt(file, sectionHeaders + (long)s * sectionHeaderSize, 64);
            if (BitConverter.ToUInt32(sh, 4) != ShtGnuVerneed) continue;

            long offset = (long)BitConverter.ToUInt64(sh, 0x18);
            int size = checked((int)BitConverter.ToUInt64(sh, 0x20));
            uint stringSection = BitConverter.ToUInt32(sh, 0x28);
            uint needCount = BitConverter.ToUInt32(sh, 0x2C);
            byte[] strSh = ReadAt(file, sectionHeaders + (long)stringSection * sectionHeaderSize, 64);
            byte[] strings = ReadAt(file, (long)BitConverter.ToUInt64(strSh, 0x18), checked((int)BitConverter.ToUInt64(strSh, 0x20)));
            byte[] needs = ReadAt(file, offset, size);

            int need = 0;
            for (uint n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(needs, need + 2);
                int aux = need + (int)BitConverter.ToUInt32(needs, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadCString(strings, (int)BitConverter.ToUInt32(needs, aux + 8)) == versionName)
                    {
                        flags = BitConverter.ToUInt16(needs, aux + 4);
                        return offset + aux + 4;
                    }
                    aux += (int)BitConverter.ToUInt32(needs, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(needs, need + 12);
            }
        }
        return -1;
    }

    private static byte[] ReadAt(FileStream file, long offset, int count)
    {
        if (offset < 0 || offset + count > file.Length) throw new InvalidDataException("truncated ELF file");
        var buffer = new byte[count];
        file.Position = offset;
        int read = 0;
        while (read < count)
        {
            int n = file.Read(buffer, read, count - read);
            if (n == 0) throw new InvalidDataException("truncated ELF file");
            read += n;
        }
        return buffer;
    }

    private static string ReadCString(byte[] strings, int start)
    {
        int end = Array.IndexOf(strings, (byte)0, start);
        return Encoding.ASCII.GetString(strings, start, (end < 0 ? strings.Length : end) - start);
    }
}
