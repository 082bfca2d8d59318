using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Core;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Diagnostics;

/// <summary>Runs the same parse and plan as the generator for a <c>[Model]</c> class an analyzer visits.</summary>
internal static class ModelAnalysis
{
    /// <summary>
    /// Registers <paramref name="report"/> for every class that carries <c>[Model]</c>. Callers configure
    /// generated-code analysis and concurrency themselves (the analyzer rules check it there).
    /// </summary>
    public static void Register(AnalysisContext context, System.Action<SymbolAnalysisContext, ModelPlan, SourceLocator> report)
    {
        context.RegisterCompilationStartAction(start =>
        {
            INamedTypeSymbol? modelAttribute = start.Compilation.GetTypeByMetadataName(KnownNames.ModelAttribute);
            if (modelAttribute is null) return;
            start.RegisterSymbolAction(symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (!HasAttribute(type, modelAttribute)) return;
                ModelSpec spec = ModelParser.Parse(type, symbolContext.Compilation, symbolContext.CancellationToken);
                if (spec.HasCompilerErrors) return; // the compiler already explains what it could not read
                report(symbolContext, ModelPlanner.Plan(spec), new SourceLocator(type, symbolContext.CancellationToken));
            }, SymbolKind.NamedType);
        });
    }

    private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)) return true;
        }
        return false;
    }
}
