using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.CodeFixes;

/// <summary>
/// MG1001: "Make the head autoregressive" rewrites a <c>[Linear]</c> head that reads a recurrent
/// encoder's hidden state into <c>[AutoregressiveGru(hiddenSize, outFeatures, horizon)]</c> on an
/// <c>AutoregressiveGruHead</c> field, which feeds each predicted step into the next. Offered only when
/// MG1001 carries the sizes (the analyzer sets them when that rewrite is valid).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AutoregressiveHeadCodeFix)), Shared]
public sealed class AutoregressiveHeadCodeFix : CodeFixProvider
{
    public const string Title = "Make the head autoregressive (AutoregressiveGru decoder)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("MG1001");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixPropertyNames.HiddenSize, out string? hidden)
                || !diagnostic.Properties.TryGetValue(FixPropertyNames.OutFeatures, out string? values)
                || !diagnostic.Properties.TryGetValue(FixPropertyNames.Horizon, out string? horizon)
                || hidden is null || values is null || horizon is null)
                continue;
            AttributeSyntax? head = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
            FieldDeclarationSyntax? field = head?.FirstAncestorOrSelf<FieldDeclarationSyntax>();
            if (head is null || field is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => RewriteAsync(context.Document, root, head, field, hidden, values, horizon, ct), equivalenceKey: nameof(AutoregressiveHeadCodeFix)),
                diagnostic);
        }
    }

    private static Task<Document> RewriteAsync(Document document, SyntaxNode root, AttributeSyntax head, FieldDeclarationSyntax field,
        string hidden, string values, string horizon, CancellationToken cancellationToken)
    {
        AttributeSyntax decoder = SyntaxFactory.Attribute(
            SyntaxFactory.IdentifierName("AutoregressiveGru"),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[] { Argument(hidden), Argument(values), Argument(horizon) })))
            .WithTriviaFrom(head);

        // Keep a nullable annotation if the field had one.
        TypeSyntax oldType = field.Declaration.Type;
        TypeSyntax newType = SyntaxFactory.IdentifierName("AutoregressiveGruHead");
        if (oldType is NullableTypeSyntax) newType = SyntaxFactory.NullableType(newType);
        newType = newType.WithTriviaFrom(oldType);

        FieldDeclarationSyntax rewritten = field
            .ReplaceNode(head, decoder);
        rewritten = rewritten.WithDeclaration(rewritten.Declaration.WithType(newType));
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(field, rewritten)));
    }

    private static AttributeArgumentSyntax Argument(string value) =>
        SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression,
            SyntaxFactory.Literal(int.Parse(value, CultureInfo.InvariantCulture))));
}
