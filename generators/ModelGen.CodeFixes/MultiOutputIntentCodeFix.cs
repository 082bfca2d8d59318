using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes;

/// <summary>MG1001: "Declare multi-output intent" adds <c>MultiOutput = true</c> to the model's <c>[Model]</c> attribute.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MultiOutputIntentCodeFix)), Shared]
public sealed class MultiOutputIntentCodeFix : CodeFixProvider
{
    public const string Title = "Declare multi-output intent (MultiOutput = true)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("MG1001");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            ClassDeclarationSyntax? model = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>();
            AttributeSyntax? attribute = model is null ? null : ModelAttribute(model);
            if (attribute is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => AddIntentAsync(context.Document, root, attribute, ct), equivalenceKey: nameof(MultiOutputIntentCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The <c>[Model]</c> attribute on this part of the class (matched by name; the analyzer already checked the symbol).</summary>
    internal static AttributeSyntax? ModelAttribute(ClassDeclarationSyntax model) =>
        model.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a => ModelAttributeSpellings.Contains(a.Name.ToString()));

    /// <summary>How <c>[Model]</c> can be written: short or long, bare, qualified or global.</summary>
    private static readonly ImmutableHashSet<string> ModelAttributeSpellings =
        new[] { "", typeof(global::ModelGen.ModelAttribute).Namespace + ".", "global::" + typeof(global::ModelGen.ModelAttribute).Namespace + "." }
            .SelectMany(prefix => new[] { prefix + nameof(global::ModelGen.ModelAttribute), prefix + ShortName(nameof(global::ModelGen.ModelAttribute)) })
            .ToImmutableHashSet();

    private static string ShortName(string attributeClass) => attributeClass.Substring(0, attributeClass.Length - "Attribute".Length);

    private static Task<Document> AddIntentAsync(Document document, SyntaxNode root, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        AttributeArgumentSyntax intent = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName(nameof(global::ModelGen.ModelAttribute.MultiOutput))), null,
            SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
        AttributeArgumentListSyntax arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
        AttributeArgumentSyntax? existing = arguments.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == nameof(global::ModelGen.ModelAttribute.MultiOutput));
        AttributeArgumentListSyntax updated = existing is null
            ? arguments.AddArguments(intent)
            : arguments.ReplaceNode(existing, intent.WithTriviaFrom(existing));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, attribute.WithArgumentList(updated))));
    }
}
