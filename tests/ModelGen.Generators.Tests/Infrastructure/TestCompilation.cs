using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Builds compilations of user code against .NET 10, TorchSharp and ModelGen, and runs the generator and analyzers on them.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static IReadOnlyList<MetadataReference> References { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ModelGen.ModelSummary).Assembly.Location),
    ];

    public static CSharpCompilation Create(params string[] sources) => Create(sources, directory: "");

    private static CSharpCompilation Create(string[] sources, string directory) =>
        CSharpCompilation.Create(
            "UserProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"{directory}User{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999)
                // As the .NET SDK does (/nowarn:1701,1702): assembly-version unification notes, not problems.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator, then the analyzers on the result, like a build does.</summary>
    public static BuildResult Build(params string[] sources) => Build(sources, editorConfig: null);

    /// <summary>The messages of the diagnostics with <paramref name="id"/> that a build of <paramref name="source"/> reports, as the build prints them.</summary>
    public static string[] Messages(string source, string id) =>
        Build(source).Diagnostics.Where(d => d.Id == id).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Like <see cref="Build(string[])"/>, with an .editorconfig applied to the sources (severities).</summary>
    public static BuildResult Build(string source, string editorConfig) => Build([source], editorConfig);

    private static BuildResult Build(string[] sources, string? editorConfig)
    {
        CSharpCompilation input = Create(sources, editorConfig is null ? "" : "/src/");
        if (editorConfig is not null)
        {
            // As the compiler does with a project's .editorconfig: severities per syntax tree.
            var config = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, "/src/.editorconfig")));
            input = input.WithOptions(input.Options.WithSyntaxTreeOptionsProvider(new EditorConfigSeverities(config)));
        }
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult run = driver.GetRunResult();
        var analyzers = output.WithAnalyzers([new ModelAnalyzer()]);
        ImmutableArray<Diagnostic> analyzerDiagnostics = analyzers.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new BuildResult(output, run, generatorDiagnostics, analyzerDiagnostics);
    }
}

/// <summary>Per-tree diagnostic severities from an .editorconfig, the way the compiler applies them.</summary>
internal sealed class EditorConfigSeverities(AnalyzerConfigSet config) : SyntaxTreeOptionsProvider
{
    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        config.GetOptionsForSourcePath(tree.FilePath).TreeOptions.TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
    {
        severity = ReportDiagnostic.Default;
        return false;
    }
}

/// <param name="Compilation">The user's code plus generated sources.</param>
/// <param name="Run">The generator's run result (generated trees, exceptions).</param>
/// <param name="GeneratorDiagnostics">Diagnostics reported by the generator driver (exceptions show here as CS8785).</param>
/// <param name="Diagnostics">Compiler and analyzer diagnostics of the final compilation.</param>
internal sealed record BuildResult(
    Compilation Compilation,
    GeneratorDriverRunResult Run,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> Diagnostics)
{
    public string GeneratedSource(string hintName) =>
        Run.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<Diagnostic> WarningsAndErrors =>
        Diagnostics.Concat(GeneratorDiagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning);

    public string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
