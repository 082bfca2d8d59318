using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Core;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Diagnostics;

/// <summary>
/// Reports ModelGen's diagnostics for every <c>[Model]</c> class, from one parse and one plan of it (the
/// same the generator makes): MG0xxx, declarations the generator cannot turn into a module and shape
/// mismatches; and MG1001, a multi-step head whose steps are not conditioned on each other.
/// </summary>
/// <remarks>
/// Diagnostics come from an analyzer rather than the generator so they honour <c>#pragma</c> and
/// <c>.editorconfig</c> and leave the generator's caches alone.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        Descriptors.Errors.Values.Concat(Descriptors.Warnings.Values).Append(Descriptors.UnconditionedMultiStepHead)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? modelAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.ModelAttribute);
            INamedTypeSymbol? blockAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.BlockAttribute);
            if (modelAttribute is null) return;
            start.RegisterSymbolAction(symbolContext =>
            {
                Analyze(symbolContext, modelAttribute);
                if (blockAttribute is not null) AnalyzeBlock(symbolContext, blockAttribute);
            }, SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol modelAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, modelAttribute))) return;
        ModelSpec spec = ModelParser.Parse(type, context.Compilation, context.CancellationToken);
        if (spec.HasCompilerErrors) return; // the compiler already explains what it could not read
        ModelPlan plan = ModelPlanner.Plan(spec);
        var locator = new SourceLocator(type, context.CancellationToken);

        foreach (Finding finding in plan.Findings)
        {
            if (!Descriptors.Errors.TryGetValue(finding.Id, out DiagnosticDescriptor? descriptor)
                && !Descriptors.Warnings.TryGetValue(finding.Id, out descriptor)) continue;
            (Location primary, Location[] additional) = locator.Locate(finding.Target);
            context.ReportDiagnostic(Diagnostic.Create(descriptor, primary, additional, finding.Arguments.Cast<object>().ToArray()));
        }
        if (UnconditionedHead.Describe(plan) is { } head)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnconditionedMultiStepHead, locator.Locate(head.Target).Primary, head.FixProperties,
                head.MessageArguments.Cast<object>().ToArray()));
        }
    }

    /// <summary>
    /// MG0023 on a <c>[Block]</c> class that cannot take a generated part, whether or not a model uses it yet (a
    /// model that uses it reports it again at its field).
    /// </summary>
    private static void AnalyzeBlock(SymbolAnalysisContext context, INamedTypeSymbol blockAttribute)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!type.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, blockAttribute))) return;
        BlockClassSpec block = BlockReader.Read(type, context.Compilation, context.CancellationToken);
        if (block.HasCompilerErrors) return;
        Location location = type.Locations.FirstOrDefault() ?? Location.None;
        foreach ((string found, string expected) in BlockProblems.Of(block))
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.Errors[DiagnosticIds.InvalidBlock], location, $"Block '{block.ClassName}'", found, expected));
    }
}
