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
using Microsoft.CodeAnalysis.Simplification;
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
            // The layer sits on a field, or on an auto-property through [field: ...].
            MemberDeclarationSyntax? field = head?.Parent?.Parent as MemberDeclarationSyntax;
            if (head is null || field is not (FieldDeclarationSyntax or PropertyDeclarationSyntax)) continue;
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => RewriteAsync(context.Document, root, head, field, hidden, values, horizon, ct), equivalenceKey: nameof(AutoregressiveHeadCodeFix)),
                diagnostic);
        }
    }

    private static Task<Document> RewriteAsync(Document document, SyntaxNode root, AttributeSyntax head, MemberDeclarationSyntax member,
        string hidden, string values, string horizon, CancellationToken cancellationToken)
    {
        // Fully qualified and marked for simplification: short names where `using ModelGen;` is in scope.
        AttributeSyntax decoder = SyntaxFactory.Attribute(
            SyntaxFactory.ParseName(DecoderAttributeName).WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.AttributeArgumentList(SyntaxFactory.SeparatedList(new[] { Argument(hidden), Argument(values), Argument(horizon) })))
            .WithTriviaFrom(head);

        MemberDeclarationSyntax rewritten = member.ReplaceNode(head, decoder);
        rewritten = rewritten switch
        {
            FieldDeclarationSyntax field => field.WithDeclaration(field.Declaration.WithType(HeadType(field.Declaration.Type))),
            PropertyDeclarationSyntax property => property.WithType(HeadType(property.Type)),
            _ => rewritten,
        };
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(member, rewritten)));
    }

    /// <summary><c>global::ModelGen.AutoregressiveGru</c>: the attribute class's name, as written in C#.</summary>
    private static readonly string DecoderAttributeName =
        "global::" + typeof(AutoregressiveGruAttribute).FullName!.Substring(0, typeof(AutoregressiveGruAttribute).FullName!.Length - "Attribute".Length);

    /// <summary>The head's module type in place of <paramref name="old"/>, keeping a nullable annotation.</summary>
    private static TypeSyntax HeadType(TypeSyntax old)
    {
        TypeSyntax type = SyntaxFactory.ParseTypeName("global::ModelGen.AutoregressiveGruHead").WithAdditionalAnnotations(Simplifier.Annotation);
        if (old is NullableTypeSyntax) type = SyntaxFactory.NullableType(type);
        return type.WithTriviaFrom(old);
    }

    private static AttributeArgumentSyntax Argument(string value) =>
        SyntaxFactory.AttributeArgument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression,
            SyntaxFactory.Literal(int.Parse(value, CultureInfo.InvariantCulture))));
}
