using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// A value the compiler computed or ModelGen evaluates (a number, bool, string, enum value or an array of them), compared
/// by value, arrays element by element, so templates that hold it compare by value and cache.
/// </summary>
internal readonly struct ConstValue(object? value) : IEquatable<ConstValue>
{
    public object? Value { get; } = value;

    public bool Equals(ConstValue other) => Same(Value, other.Value);

    public override bool Equals(object? obj) => obj is ConstValue other && Equals(other);

    public override int GetHashCode() => Hash(Value);

    private static bool Same(object? a, object? b)
    {
        if (a is Array x && b is Array y)
        {
            if (x.GetType() != y.GetType() || x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++)
                if (!Same(x.GetValue(i), y.GetValue(i))) return false;
            return true;
        }
        return Equals(a, b) && (a is null || a.GetType() == b!.GetType());
    }

    private static int Hash(object? value)
    {
        if (value is not Array array) return value?.GetHashCode() ?? 0;
        int hash = array.Length;
        foreach (object? item in array) hash = unchecked(hash * 31 + Hash(item));
        return hash;
    }

    public override string ToString() => FieldReader.Text(Value);
}

/// <summary>A const's type, as far as converting a value to it needs: its special type, whether it is an enum, its name for messages.</summary>
internal sealed record ConstType(SpecialType Special, bool IsEnum, string Display)
{
    public static ConstType Of(ITypeSymbol type) => new(type.SpecialType, type.TypeKind == TypeKind.Enum, type.ToDisplayString());
}

/// <summary>
/// An expression in a block that reads one of the block's own consts (an attribute argument, a const's initializer, a
/// <c>[With]</c> value), kept as a tree so it can be computed again, without the compiler, for each use that changes them.
/// Every node keeps its text (for messages) and the compiler's value for it, which is used wherever no const it reads
/// differs at the use: exactly what the compiler computed, even for expressions ModelGen could not compute itself.
/// </summary>
internal abstract record ConstExpression(string Text, ConstValue? Constant)
{
    /// <summary>Whether the expression reads a const whose value <paramref name="values"/> changes.</summary>
    public abstract bool DependsOn(IReadOnlyDictionary<string, object> values);
}

/// <summary>A read of one of the block's own consts, by name.</summary>
internal sealed record OwnConstExpression(string Text, ConstValue? Constant, string Name) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => values.ContainsKey(Name);
}

/// <summary>Anything that reads none of the block's consts: a literal, another class's const, <c>nameof(...)</c>, or an expression ModelGen cannot compute.</summary>
internal sealed record FixedExpression(string Text, ConstValue? Constant) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => false;
}

/// <summary><c>-x</c>, <c>!x</c>, <c>~x</c>, <c>+x</c>; <paramref name="Operator"/> is the expression's syntax kind, as a number.</summary>
internal sealed record UnaryExpression(string Text, ConstValue? Constant, int Operator, ConstExpression Operand) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => Operand.DependsOn(values);
}

/// <summary>Arithmetic, comparisons, logic, shifts; <paramref name="Operator"/> is the expression's syntax kind, as a number.</summary>
internal sealed record BinaryExpression(string Text, ConstValue? Constant, int Operator, ConstExpression Left, ConstExpression Right) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => Left.DependsOn(values) || Right.DependsOn(values);
}

/// <summary><c>c ? a : b</c>.</summary>
internal sealed record ConditionalExpression(string Text, ConstValue? Constant, ConstExpression Condition, ConstExpression WhenTrue, ConstExpression WhenFalse)
    : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) =>
        Condition.DependsOn(values) || WhenTrue.DependsOn(values) || WhenFalse.DependsOn(values);
}

/// <summary><c>(T)x</c>; <paramref name="Target"/> is null when the compiler could not resolve the type.</summary>
internal sealed record CastExpression(string Text, ConstValue? Constant, ConstType? Target, ConstExpression Operand) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => Operand.DependsOn(values);
}

/// <summary>An array or collection expression; <paramref name="HasSpread"/> when it spreads another collection.</summary>
internal sealed record ItemsExpression(string Text, ConstValue? Constant, EquatableArray<ConstExpression> Items, bool HasSpread) : ConstExpression(Text, Constant)
{
    public override bool DependsOn(IReadOnlyDictionary<string, object> values) => Items.Any(i => i.DependsOn(values));
}

/// <summary>Turns syntax in a block's declaration into <see cref="ConstExpression"/>s (the one place that binds).</summary>
internal sealed class ConstExpressionBuilder(INamedTypeSymbol block, Func<SyntaxTree, SemanticModel> models, CancellationToken cancellationToken)
{
    private readonly (SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span)[] _declarations =
        block.DeclaringSyntaxReferences.Select(r => (r.SyntaxTree, r.Span)).ToArray();

    private readonly HashSet<string> _constNames = new(block.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name), StringComparer.Ordinal);

    /// <summary>The tree for <paramref name="expression"/> when it reads one of the block's consts; null when it reads none.</summary>
    public ConstExpression? BuildIfReadsConsts(ExpressionSyntax expression)
    {
        if (!MayReadConsts(expression)) return null;
        ConstExpression tree = Build(expression);
        return ReadsOwn(tree) ? tree : null;
    }

    /// <summary>A cheap, syntactic test: some identifier in it is spelled like one of the block's consts.</summary>
    private bool MayReadConsts(ExpressionSyntax expression) =>
        expression.DescendantNodesAndSelf(n => !IsNameOf(n)).Any(n => n is IdentifierNameSyntax identifier && _constNames.Contains(identifier.Identifier.ValueText));

    private static bool ReadsOwn(ConstExpression tree) => tree switch
    {
        OwnConstExpression => true,
        UnaryExpression u => ReadsOwn(u.Operand),
        BinaryExpression b => ReadsOwn(b.Left) || ReadsOwn(b.Right),
        ConditionalExpression c => ReadsOwn(c.Condition) || ReadsOwn(c.WhenTrue) || ReadsOwn(c.WhenFalse),
        CastExpression c => ReadsOwn(c.Operand),
        ItemsExpression i => i.Items.Any(ReadsOwn),
        _ => false,
    };

    private ConstExpression Build(ExpressionSyntax expression)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string text = expression.ToString();
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Build(parenthesized.Expression);
            case CheckedExpressionSyntax @checked:
                return Build(@checked.Expression);
            case LiteralExpressionSyntax { Token.Value: { } literal }
                when expression.Kind() is SyntaxKind.NumericLiteralExpression or SyntaxKind.StringLiteralExpression or SyntaxKind.CharacterLiteralExpression
                    or SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression:
                // A literal is its token's value, as the compiler's constant for it is.
                return new FixedExpression(text, new ConstValue(literal));
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when ConstOf(expression) is { } field:
                ConstValue? declared = field.HasConstantValue ? new ConstValue(field.ConstantValue) : null;
                return SymbolEqualityComparer.Default.Equals(field.ContainingType, block)
                    ? new OwnConstExpression(text, declared, field.Name)
                    : new FixedExpression(text, declared);
            case PrefixUnaryExpressionSyntax unary when MayReadConsts(expression):
                return new UnaryExpression(text, Constant(expression), (int)unary.Kind(), Build(unary.Operand));
            case BinaryExpressionSyntax binary when MayReadConsts(expression):
                return new BinaryExpression(text, Constant(expression), (int)binary.Kind(), Build(binary.Left), Build(binary.Right));
            case ConditionalExpressionSyntax conditional when MayReadConsts(expression):
                return new ConditionalExpression(text, Constant(expression), Build(conditional.Condition), Build(conditional.WhenTrue), Build(conditional.WhenFalse));
            case CastExpressionSyntax cast when MayReadConsts(expression):
                ITypeSymbol? target = Model(expression).GetTypeInfo(cast.Type, cancellationToken).Type;
                return new CastExpression(text, Constant(expression), target is null || target.TypeKind == TypeKind.Error ? null : ConstType.Of(target), Build(cast.Expression));
            case CollectionExpressionSyntax collection when MayReadConsts(expression):
                return new ItemsExpression(text, Constant(expression),
                    collection.Elements.OfType<ExpressionElementSyntax>().Select(e => Build(e.Expression)).ToEquatableArray(),
                    collection.Elements.Any(e => e is not ExpressionElementSyntax));
            case ArrayCreationExpressionSyntax { Initializer: { } items } when MayReadConsts(expression):
                return new ItemsExpression(text, Constant(expression), items.Expressions.Select(Build).ToEquatableArray(), false);
            case ImplicitArrayCreationExpressionSyntax implicitArray when MayReadConsts(expression):
                return new ItemsExpression(text, Constant(expression), implicitArray.Initializer.Expressions.Select(Build).ToEquatableArray(), false);
            default:
                return new FixedExpression(text, Constant(expression));
        }
    }

    private SemanticModel Model(SyntaxNode node) => models(node.SyntaxTree);

    private ConstValue? Constant(ExpressionSyntax expression)
    {
        Optional<object?> constant = Model(expression).GetConstantValue(expression, cancellationToken);
        return constant.HasValue ? new ConstValue(constant.Value) : null;
    }

    /// <summary>The const <paramref name="name"/> reads, if it reads one: found in the syntax where that is certain, else bound.</summary>
    private IFieldSymbol? ConstOf(ExpressionSyntax name) =>
        name is IdentifierNameSyntax identifier && OwnConst(identifier) is { } own
            ? own
            : Model(name).GetSymbolInfo(name, cancellationToken).Symbol as IFieldSymbol is { IsConst: true } field ? field : null;

    /// <summary>
    /// The block's own const that a simple name in the block's declaration reads, without binding: a name there is looked
    /// up in the block's members before anything else, so when the block declares a const of that name, it is that const.
    /// Only for a name used as a value (an argument, an operand, an initializer); anywhere else, null, and the caller binds.
    /// </summary>
    private IFieldSymbol? OwnConst(IdentifierNameSyntax identifier)
    {
        if (!IsValuePosition(identifier) || !_constNames.Contains(identifier.Identifier.ValueText)) return null;
        if (identifier.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || !_declarations.Any(d => d.Tree == declaration.SyntaxTree && d.Span == declaration.Span))
            return null;
        foreach (ISymbol member in block.GetMembers(identifier.Identifier.ValueText))
            if (member is IFieldSymbol { IsConst: true } constant) return constant;
        return null;
    }

    private static bool IsValuePosition(IdentifierNameSyntax identifier) => identifier.Parent switch
    {
        AttributeArgumentSyntax or EqualsValueClauseSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
            or ParenthesizedExpressionSyntax or CheckedExpressionSyntax or ExpressionElementSyntax or InitializerExpressionSyntax => true,
        ConditionalExpressionSyntax conditional => conditional.Condition == identifier || conditional.WhenTrue == identifier || conditional.WhenFalse == identifier,
        CastExpressionSyntax cast => cast.Expression == identifier,
        _ => false,
    };

    internal static bool IsNameOf(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } };
}
