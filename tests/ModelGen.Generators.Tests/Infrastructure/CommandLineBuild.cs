using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
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
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            string sarif = File.Exists(Path.Combine(folder, "build.sarif")) ? File.ReadAllText(Path.Combine(folder, "build.sarif")) : "";
            return new BuildOutput(process.ExitCode, output, Diagnostics(output), sarif);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
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
