using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Diagnostics;

/// <summary>Reports MG0xxx: declarations the generator cannot turn into a module, and shape mismatches.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        Descriptors.Errors.Values.OrderBy(d => d.Id, System.StringComparer.Ordinal).ToImmutableArray();

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ModelAnalysis.Register(context, static (symbolContext, plan, locator) =>
        {
            foreach (Finding finding in plan.Findings)
            {
                if (!Descriptors.Errors.TryGetValue(finding.Id, out DiagnosticDescriptor? descriptor)) continue;
                symbolContext.ReportDiagnostic(Diagnostic.Create(
                    descriptor, locator.Locate(finding.Target), finding.Arguments.Cast<object>().ToArray()));
            }
        });
    }
}
