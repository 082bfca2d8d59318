using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators.Diagnostics;

/// <summary>
/// Suppresses CA2213 ("disposable fields should be disposed") on the layer fields of <c>[Model]</c> and
/// <c>[Block]</c> classes. The generated constructor registers each layer as a submodule, and TorchSharp's
/// <c>Module.Dispose</c> disposes every registered submodule, so disposing the model disposes them: the
/// warning, which strict analysis (<c>AnalysisMode=All</c>) turns on, is a false positive there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LayerFieldDisposalSuppressor : DiagnosticSuppressor
{
    internal static readonly SuppressionDescriptor LayerFieldsAreDisposedByTheModel = new(
        id: "MGSP2213",
        suppressedDiagnosticId: "CA2213",
        justification: "A layer field of a [Model] class is a registered submodule; TorchSharp's Module.Dispose disposes it with the model.");

    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(LayerFieldsAreDisposedByTheModel);

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree) continue;
            SyntaxNode node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan);
            SemanticModel model = context.GetSemanticModel(tree);
            ISymbol? declared = node.AncestorsAndSelf().Select(n => model.GetDeclaredSymbol(n, context.CancellationToken)).FirstOrDefault(s => s is not null);
            IFieldSymbol? field = declared switch
            {
                IFieldSymbol f => f,
                // A layer on an auto-property ([field: Linear(...)]) lives in its backing field.
                IPropertySymbol p => p.ContainingType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, p)),
                _ => null,
            };
            if (field is not null && IsLayerOfModel(field)) context.ReportSuppression(Suppression.Create(LayerFieldsAreDisposedByTheModel, diagnostic));
        }
    }

    /// <summary>A layer field (a layer attribute, or a block's type) of a <c>[Model]</c> or <c>[Block]</c> class.</summary>
    private static bool IsLayerOfModel(IFieldSymbol field) =>
        (ModelParser.FindAttribute(field.ContainingType.GetAttributes(), KnownNames.ModelAttribute) is not null
         || ModelParser.FindAttribute(field.ContainingType.GetAttributes(), KnownNames.BlockAttribute) is not null)
        && (field.GetAttributes().Any(ModelParser.IsLayerAttribute) || ModelParser.IsBlock(field.Type));
}
