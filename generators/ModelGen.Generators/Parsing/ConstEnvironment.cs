using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// The values of a block's consts at one use: those <c>[With]</c> sets, and those computed from them
/// (<c>public const int Hidden = In * 2;</c>). An argument in the block that reads any of them is computed
/// again here, since the compiler evaluated it with the declared values; any other argument keeps the
/// compiler's value. Understands what such arguments are made of: literals, consts, arithmetic, comparisons,
/// conditionals, casts and arrays; anything else is reported, never guessed.
/// </summary>
internal sealed class ConstEnvironment
{
    private readonly Dictionary<IFieldSymbol, object> _values = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _names = new(System.StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    // The block whose consts these are, and the spans of its declarations: a simple name written there that names one of
    // its consts is that const (C# looks a name up in the enclosing type's members first), found without binding.
    private readonly INamedTypeSymbol? _block;
    private readonly (SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span)[] _blockDeclarations = [];

    private ConstEnvironment(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    private ConstEnvironment(INamedTypeSymbol block, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _block = block;
        _blockDeclarations = block.DeclaringSyntaxReferences.Select(r => (r.SyntaxTree, r.Span)).ToArray();
    }

    /// <summary>No const has another value than declared.</summary>
    public static ConstEnvironment Declared(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>Whether every const has its declared value.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>
    /// The environment of <paramref name="block"/> with <paramref name="overrides"/> (const → value, already
    /// of the const's type) in force, and every const of the block whose initializer reads one of them computed again.
    /// </summary>
    public static ConstEnvironment For(INamedTypeSymbol block, IReadOnlyList<(IFieldSymbol Const, object Value)> overrides,
        System.Func<SyntaxTree, SemanticModel> models, CancellationToken cancellationToken)
    {
        var env = new ConstEnvironment(block, cancellationToken);
        foreach ((IFieldSymbol constant, object value) in overrides) env.Set(constant, value);
        if (env.IsEmpty) return env;
        // Consts computed from others: evaluate each initializer that reads a changed const again, every round, until
        // no value changes (a const may read one declared after it, computed in a later round; C# forbids cycles, so
        // this ends within as many rounds as there are consts).
        IFieldSymbol[] consts = block.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && !env._values.ContainsKey(f)).ToArray();
        var computed = new List<(IFieldSymbol Const, ExpressionSyntax Initializer, SemanticModel Model)>();
        for (int round = 0; round <= consts.Length; round++)
        {
            bool changed = false;
            foreach (IFieldSymbol constant in consts)
            {
                if (Initializer(constant, cancellationToken) is not { } initializer) continue;
                SemanticModel model = models(initializer.SyntaxTree);
                if (!env.DependsOn(initializer, model)) continue;
                if (round == 0) computed.Add((constant, initializer, model));
                if (env.TryEvaluate(initializer, model, out object? value, out _) && value is not null
                    && Convert(value, constant.Type, out object? typed)
                    && !(env._values.TryGetValue(constant, out object? old) && Equals(old, typed)))
                {
                    env.Set(constant, typed!);
                    changed = true;
                }
            }
            if (!changed) break;
        }
        // A const that cannot be computed with the values in force (a division by zero, an overflow) has no value at this
        // use: that is the use's problem, never a reason to keep the declared value.
        foreach ((IFieldSymbol constant, ExpressionSyntax initializer, SemanticModel model) in computed)
        {
            if (!env.TryEvaluate(initializer, model, out object? value, out string? problem))
                env._problems.Add((constant, initializer.ToString(), problem!));
            else if (value is null || !Convert(value, constant.Type, out _))
                env._problems.Add((constant, initializer.ToString(), $"'{initializer}' gives {Describe(value)} at this use, not a {constant.Type.ToDisplayString()}"));
        }
        return env;
    }

    private void Set(IFieldSymbol constant, object value)
    {
        _values[constant] = value;
        _names.Add(constant.Name);
    }

    private readonly List<(IFieldSymbol Const, string Initializer, string Problem)> _problems = new();

    /// <summary>The consts computed from others that cannot be computed at this use, with their initializers and why.</summary>
    public IReadOnlyList<(IFieldSymbol Const, string Initializer, string Problem)> Problems => _problems;

    /// <summary>The value a const has here: the use's, or computed from it, or null when it keeps its declared value.</summary>
    public object? ValueOf(IFieldSymbol constant) => _values.TryGetValue(constant, out object? value) ? value : null;

    private static ExpressionSyntax? Initializer(IFieldSymbol constant, CancellationToken cancellationToken) =>
        constant.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault()?.Initializer?.Value;

    /// <summary>Whether <paramref name="expression"/> reads a const whose value differs here (outside <c>nameof</c>).</summary>
    public bool DependsOn(ExpressionSyntax expression, SemanticModel model)
    {
        if (IsEmpty) return false;
        foreach (SyntaxNode node in expression.DescendantNodesAndSelf(n => !IsNameOf(n)))
        {
            // Only an identifier spelled like a changed const can be one: look just those up (binding is what costs).
            if (node is IdentifierNameSyntax identifier && _names.Contains(identifier.Identifier.ValueText)
                && ConstOf(identifier, model) is { } field
                && _values.ContainsKey(field))
                return true;
        }
        return false;
    }

    /// <summary>The const <paramref name="name"/> reads, if it reads one: found in the syntax where that is certain, else bound.</summary>
    private IFieldSymbol? ConstOf(ExpressionSyntax name, SemanticModel model) =>
        name is IdentifierNameSyntax identifier && OwnConst(identifier) is { } own
            ? own
            : model.GetSymbolInfo(name, _cancellationToken).Symbol as IFieldSymbol is { IsConst: true } field ? field : null;

    /// <summary>
    /// The block's own const that a simple name in the block's declaration reads, without binding: a name there is looked
    /// up in the block's members before anything else, so when the block declares a const of that name, it is that const.
    /// Only for a name used as a value (an argument, an operand, an initializer); anywhere else, null, and the caller binds.
    /// </summary>
    private IFieldSymbol? OwnConst(IdentifierNameSyntax identifier)
    {
        if (_block is null || !IsValuePosition(identifier)) return null;
        if (identifier.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration
            || !_blockDeclarations.Any(d => d.Tree == declaration.SyntaxTree && d.Span == declaration.Span))
            return null;
        foreach (ISymbol member in _block.GetMembers(identifier.Identifier.ValueText))
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

    private static bool IsNameOf(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } };

    /// <summary>Computes <paramref name="expression"/> with the consts in force here; false with the reason when it cannot.</summary>
    public bool TryEvaluate(ExpressionSyntax expression, SemanticModel model, out object? value, out string? problem)
    {
        problem = null;
        try
        {
            value = Evaluate(expression, model);
            return true;
        }
        catch (EvaluationException e)
        {
            value = null;
            problem = e.Message;
            return false;
        }
    }

    private object? Evaluate(ExpressionSyntax expression, SemanticModel model)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (!DependsOn(expression, model))
        {
            // A literal is its token's value (as the compiler's constant for it is); anything else, the compiler's constant.
            if (expression is LiteralExpressionSyntax { Token.Value: { } literal }
                && expression.Kind() is SyntaxKind.NumericLiteralExpression or SyntaxKind.StringLiteralExpression or SyntaxKind.CharacterLiteralExpression
                    or SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression)
                return literal;
            Optional<object?> constant = model.GetConstantValue(expression, _cancellationToken);
            if (constant.HasValue) return constant.Value;
        }
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, model);
            case CheckedExpressionSyntax @checked:
                return Evaluate(@checked.Expression, model);
            case IdentifierNameSyntax or MemberAccessExpressionSyntax when ConstOf(expression, model) is { } field:
                return _values.TryGetValue(field, out object? value) ? value : field.ConstantValue;
            case PrefixUnaryExpressionSyntax unary:
                return Unary(unary.Kind(), Evaluate(unary.Operand, model), expression);
            case BinaryExpressionSyntax binary:
                return Binary(binary.Kind(), Evaluate(binary.Left, model), Evaluate(binary.Right, model), expression);
            case ConditionalExpressionSyntax conditional:
                return Evaluate(conditional.Condition, model) is bool condition
                    ? Evaluate(condition ? conditional.WhenTrue : conditional.WhenFalse, model)
                    : throw Cannot(expression, "its condition is not a bool");
            case CastExpressionSyntax cast:
                object? operand = Evaluate(cast.Expression, model);
                ITypeSymbol? target = model.GetTypeInfo(cast.Type, _cancellationToken).Type;
                return target is not null && operand is not null && Convert(operand, target, out object? converted, explicitCast: true)
                    ? converted
                    : throw Cannot(expression, "that conversion");
            case CollectionExpressionSyntax collection:
                return collection.Elements.Select(e => e is ExpressionElementSyntax element ? Evaluate(element.Expression, model) : throw Cannot(expression, "a spread")).ToArray();
            case ArrayCreationExpressionSyntax { Initializer: { } items }:
                return items.Expressions.Select(e => Evaluate(e, model)).ToArray();
            case ImplicitArrayCreationExpressionSyntax implicitArray:
                return implicitArray.Initializer.Expressions.Select(e => Evaluate(e, model)).ToArray();
            default:
                throw Cannot(expression, "that kind of expression");
        }
    }

    private static object Unary(SyntaxKind kind, object? operand, ExpressionSyntax expression) => (kind, operand) switch
    {
        (SyntaxKind.UnaryMinusExpression, int i) => checked(-i),
        (SyntaxKind.UnaryMinusExpression, long l) => checked(-l),
        (SyntaxKind.UnaryMinusExpression, double d) => -d,
        (SyntaxKind.UnaryMinusExpression, float f) => -f,
        (SyntaxKind.UnaryPlusExpression, int or long or double or float) => operand!,
        (SyntaxKind.LogicalNotExpression, bool b) => !b,
        (SyntaxKind.BitwiseNotExpression, int i) => ~i,
        (SyntaxKind.BitwiseNotExpression, long l) => ~l,
        _ => throw Cannot(expression, "that operator on " + Describe(operand)),
    };

    private static object Binary(SyntaxKind kind, object? left, object? right, ExpressionSyntax expression)
    {
        try
        {
            if (left is bool a && right is bool b)
            {
                return kind switch
                {
                    SyntaxKind.LogicalAndExpression or SyntaxKind.BitwiseAndExpression => a && b,
                    SyntaxKind.LogicalOrExpression or SyntaxKind.BitwiseOrExpression => a || b,
                    SyntaxKind.ExclusiveOrExpression or SyntaxKind.NotEqualsExpression => a != b,
                    SyntaxKind.EqualsExpression => a == b,
                    _ => throw Cannot(expression, "that operator on bools"),
                };
            }
            if (left is string s && right is string t && kind == SyntaxKind.AddExpression) return s + t;
            if (!IsNumber(left) || !IsNumber(right)) throw Cannot(expression, $"that operator on {Describe(left)} and {Describe(right)}");
            if (left is double or float || right is double or float)
            {
                double x = System.Convert.ToDouble(left, CultureInfo.InvariantCulture), y = System.Convert.ToDouble(right, CultureInfo.InvariantCulture);
                object result = kind switch
                {
                    SyntaxKind.AddExpression => x + y,
                    SyntaxKind.SubtractExpression => x - y,
                    SyntaxKind.MultiplyExpression => x * y,
                    SyntaxKind.DivideExpression => x / y,
                    SyntaxKind.ModuloExpression => x % y,
                    _ => Compare(kind, x.CompareTo(y), expression),
                };
                return result is double r && (left is float || right is float) && left is not double && right is not double ? (float)r : result;
            }
            bool wide = left is long || right is long;
            long m = System.Convert.ToInt64(left, CultureInfo.InvariantCulture), n = System.Convert.ToInt64(right, CultureInfo.InvariantCulture);
            if (kind is SyntaxKind.DivideExpression or SyntaxKind.ModuloExpression && n == 0) throw Cannot(expression, "a division by zero");
            object value = kind switch
            {
                SyntaxKind.AddExpression => checked(m + n),
                SyntaxKind.SubtractExpression => checked(m - n),
                SyntaxKind.MultiplyExpression => checked(m * n),
                SyntaxKind.DivideExpression => m / n,
                SyntaxKind.ModuloExpression => m % n,
                SyntaxKind.LeftShiftExpression => m << (int)n,
                SyntaxKind.RightShiftExpression => m >> (int)n,
                SyntaxKind.BitwiseAndExpression => m & n,
                SyntaxKind.BitwiseOrExpression => m | n,
                SyntaxKind.ExclusiveOrExpression => m ^ n,
                _ => Compare(kind, m.CompareTo(n), expression),
            };
            return value is long l && !wide ? checked((int)l) : value;
        }
        catch (OverflowException)
        {
            throw Cannot(expression, "a result that overflows");
        }
    }

    private static object Compare(SyntaxKind kind, int comparison, ExpressionSyntax expression) => kind switch
    {
        SyntaxKind.EqualsExpression => comparison == 0,
        SyntaxKind.NotEqualsExpression => comparison != 0,
        SyntaxKind.LessThanExpression => comparison < 0,
        SyntaxKind.LessThanOrEqualExpression => comparison <= 0,
        SyntaxKind.GreaterThanExpression => comparison > 0,
        SyntaxKind.GreaterThanOrEqualExpression => comparison >= 0,
        _ => throw Cannot(expression, "that operator"),
    };

    private static bool IsNumber(object? value) => value is int or long or double or float;

    private static string Describe(object? value) => value?.GetType().Name ?? "null";

    /// <summary>
    /// <paramref name="value"/> as a value of <paramref name="type"/>: the same type, an implicit numeric widening
    /// (int to long, float or double), or with <paramref name="explicitCast"/> a cast C# allows between numbers.
    /// </summary>
    public static bool Convert(object value, ITypeSymbol type, out object? converted, bool explicitCast = false)
    {
        converted = null;
        try
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Int32 when value is int || (explicitCast && IsNumber(value)):
                    converted = value is double or float ? checked((int)System.Convert.ToDouble(value, CultureInfo.InvariantCulture))
                        : checked((int)System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return true;
                case SpecialType.System_Int64 when value is int or long || (explicitCast && IsNumber(value)):
                    converted = value is double or float ? checked((long)System.Convert.ToDouble(value, CultureInfo.InvariantCulture)) : System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    return true;
                case SpecialType.System_Double when IsNumber(value):
                    converted = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    return true;
                case SpecialType.System_Single when value is int or long or float || (explicitCast && value is double):
                    converted = System.Convert.ToSingle(value, CultureInfo.InvariantCulture);
                    return true;
                case SpecialType.System_Boolean when value is bool:
                case SpecialType.System_String when value is string:
                    converted = value;
                    return true;
            }
            // An enum const or cast keeps its underlying number, as the compiler's constants do.
            if (type.TypeKind == TypeKind.Enum && value is int or long)
            {
                converted = System.Convert.ToInt32(value, CultureInfo.InvariantCulture);
                return true;
            }
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static EvaluationException Cannot(ExpressionSyntax expression, string what) => new($"'{expression}' cannot be computed for this use ({what})");

    private sealed class EvaluationException(string message) : Exception(message);
}
