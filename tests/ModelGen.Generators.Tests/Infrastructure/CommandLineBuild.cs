using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>
/// Builds a small project with <c>dotnet build</c>, as a user's build runs: the command-line compiler,
/// which (unlike the analyzer test harness) skips analyzers when a compilation has declaration errors.
/// The project references the ModelGen runtime, TorchSharp and the generator that this test project
/// was built with, from its own output folder.
/// </summary>
internal static partial class CommandLineBuild
{
    /// <summary>Builds <paramref name="sources"/> (file name → text) with <paramref name="properties"/> added to the project.</summary>
    public static BuildOutput Run(IReadOnlyDictionary<string, string> sources, string properties = "")
    {
        string folder = Directory.CreateTempSubdirectory("modelgen-build-").FullName;
        try
        {
            string bin = AppContext.BaseDirectory;
            File.WriteAllText(Path.Combine(folder, "UserProject.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <ErrorLog>{Path.Combine(folder, "build.sarif")},version=2.1</ErrorLog>
                    {properties}
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="{Path.Combine(bin, "ModelGen.dll")}" />
                    <Reference Include="{Path.Combine(bin, "TorchSharp.dll")}" />
                    <Reference Include="{Path.Combine(bin, "Google.Protobuf.dll")}" />
                    <Analyzer Include="{Path.Combine(bin, "ModelGen.Generators.dll")}" />
                  </ItemGroup>
                </Project>
                """);
            foreach ((string name, string text) in sources) File.WriteAllText(Path.Combine(folder, name), text);

            string dotnet = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
            var start = new ProcessStartInfo(dotnet) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { "build", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false" }) start.ArgumentList.Add(argument);
            // The test host runs under MSBuild's environment; the inner build must start from a user's.
            foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
                start.Environment.Remove(key);
            (int exitCode, string output) = RunToEnd(start, Timeout);
            string sarif = File.Exists(Path.Combine(folder, "build.sarif")) ? File.ReadAllText(Path.Combine(folder, "build.sarif")) : "";
            return new BuildOutput(exitCode, output, Diagnostics(output), sarif);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>How long one build may take: a restore-free build of a few files takes well under a minute.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="start"/> (both streams redirected) to its end and returns its exit code and what it
    /// printed, stdout then stderr. Both streams are read at once: read one after the other, a build that fills
    /// the second one's pipe blocks on its write while this waits for the first to end, and neither finishes.
    /// </summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>: it was killed with its child processes (compiler, MSBuild nodes), and the message holds what it printed.</exception>
    private static (int ExitCode, string Output) RunToEnd(ProcessStartInfo start, TimeSpan timeout)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            // Bounded: the streams end when the last process holding them is gone.
            process.WaitForExit(TimeSpan.FromSeconds(10));
            throw new TimeoutException(
                $"dotnet build in {start.WorkingDirectory} did not finish in {timeout.TotalMinutes:0} min and was killed with its child processes; it printed:\n{Text(output)}{Text(errors)}");
        }
        process.WaitForExit(); // after the exit, the last lines of both streams
        return (process.ExitCode, Text(output) + Text(errors));

        static void Append(StringBuilder text, string? line)
        {
            if (line is null) return; // the end of the stream
            lock (text) text.Append(line).Append('\n');
        }

        static string Text(StringBuilder text)
        {
            lock (text) return text.ToString();
        }
    }

    /// <summary>Each distinct <c>file(line,col): error|warning ID: message</c> line (MSBuild prints some twice).</summary>
    private static BuildDiagnostic[] Diagnostics(string output) =>
        DiagnosticLine().Matches(output)
            .Select(m => new BuildDiagnostic(Path.GetFileName(m.Groups["file"].Value), m.Groups["severity"].Value, m.Groups["id"].Value, m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToArray();

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*)\(\d+,\d+\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<message>.*?)( \[[^\]]*\])?$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}

internal sealed record BuildDiagnostic(string File, string Severity, string Id, string Message)
{
    public override string ToString() => $"{File}: {Severity} {Id}: {Message}";
}

internal sealed record BuildOutput(int ExitCode, string Log, BuildDiagnostic[] Diagnostics, string Sarif);
