using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's file conventions (Verify itself does not restore here):
/// <c>Snapshots/NAME.verified.EXT</c> is committed and reviewed in diffs; on a mismatch the actual
/// text is written beside it as <c>NAME.received.EXT</c> (git-ignored) and the test fails with a
/// line diff. Nothing is ever accepted automatically: to accept, review the diff and rename the
/// received file over the verified one.
/// </summary>
internal static class Snapshot
{
    public static void Match(string actual, string name, string extension = "cs", [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string verifiedPath = Path.Combine(directory, $"{name}.verified.{extension}");
        string receivedPath = Path.Combine(directory, $"{name}.received.{extension}");
        string normalized = Normalize(actual);

        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == normalized)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        string message = verified is null
            ? $"No verified snapshot {verifiedPath}. Review {receivedPath} and rename it to accept it."
            : $"Snapshot {name} differs from {verifiedPath} (- verified, + received). Review {receivedPath}; rename it over the verified file to accept it.{Environment.NewLine}{Diff(verified, normalized)}";
        throw new SnapshotMismatchException(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static string Diff(string verified, string received)
    {
        DiffPaneModel model = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false);
        var text = new StringBuilder();
        foreach (DiffPiece line in model.Lines)
        {
            string prefix = line.Type switch
            {
                ChangeType.Deleted => "- ",
                ChangeType.Inserted => "+ ",
                _ => null!,
            };
            if (prefix is not null) text.Append(line.Position?.ToString() ?? "  ").Append(' ').Append(prefix).AppendLine(line.Text);
        }
        return text.ToString();
    }
}

public sealed class SnapshotMismatchException(string message) : Exception(message);
