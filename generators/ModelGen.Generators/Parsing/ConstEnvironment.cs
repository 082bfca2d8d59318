using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// The values of a block's consts at one use: those <c>[With]</c> sets, and those computed from them
/// (<c>public const int Hidden = In * 2;</c>). An argument in the block that reads any of them is computed
/// again here, since the compiler evaluated it with the declared values; any other argument keeps the
/// compiler's value. Understands what such arguments are made of: literals, consts, arithmetic, comparisons,
/// conditionals, casts and arrays (<see cref="ConstExpression"/>); anything else is reported, never guessed.
/// Works on the block's <see cref="BlockTemplate"/> alone: no compilation, so a use is instantiated without binding.
/// </summary>
internal sealed class ConstEnvironment
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly CancellationToken _cancellationToken;

    private ConstEnvironment(CancellationToken cancellationToken) => _cancellationToken = cancellationToken;

    /// <summary>No const has another value than declared.</summary>
    public static ConstEnvironment Declared(CancellationToken cancellationToken) => new(cancellationToken);

    /// <summary>Whether every const has its declared value.</summary>
    public bool IsEmpty => _values.Count == 0;

    /// <summary>
    /// The environment of <paramref name="block"/> with <paramref name="overrides"/> (const name → value, already
    /// of the const's type) in force, and every const of the block whose initializer reads one of them computed again.
    /// </summary>
    public static ConstEnvironment For(BlockTemplate block, IReadOnlyList<(string Const, object Value)> overrides, CancellationToken cancellationToken)
    {
        var env = new ConstEnvironment(cancellationToken);
        foreach ((string constant, object value) in overrides) env._values[constant] = value;
        if (env.IsEmpty) return env;
        // Consts computed from others: evaluate each initializer that reads a changed const again, every round, until
        // no value changes (a const may read one declared after it, computed in a later round; C# forbids cycles, so
        // this ends within as many rounds as there are consts).
        ConstTemplate[] consts = block.Consts.Where(c => !env._values.ContainsKey(c.Name)).ToArray();
        var computed = new List<ConstTemplate>();
        for (int round = 0; round <= consts.Length; round++)
        {
            bool changed = false;
            foreach (ConstTemplate constant in consts)
            {
                if (constant.Initializer is not { } initializer || !initializer.DependsOn(env._values)) continue;
                if (round == 0) computed.Add(constant);
                if (env.TryEvaluate(initializer, out object? value, out _) && value is not null
                    && Convert(value, constant.Type, out object? typed)
                    && !(env._values.TryGetValue(constant.Name, out object? old) && Equals(old, typed)))
                {
                    env._values[constant.Name] = typed!;
                    changed = true;
                }
            }
            if (!changed) break;
        }
        // A const that cannot be computed with the values in force (a division by zero, an overflow) has no value at this
        // use: that is the use's problem, never a reason to keep the declared value.
        foreach (ConstTemplate constant in computed)
        {
            ConstExpression initializer = constant.Initializer!;
            if (!env.TryEvaluate(initializer, out object? value, out string? problem))
                env._problems.Add((constant.Name, initializer.Text, problem!));
            else if (value is null || !Convert(value, constant.Type, out _))
                env._problems.Add((constant.Name, initializer.Text, $"'{initializer.Text}' gives {Describe(value)} at this use, not a {constant.Type.Display}"));
        }
        return env;
    }

    private readonly List<(string Const, string Initializer, string Problem)> _problems = new();

    /// <summary>The consts computed from others that cannot be computed at this use, with their initializers and why.</summary>
    public IReadOnlyList<(string Const, string Initializer, string Problem)> Problems => _problems;

    /// <summary>The value a const has here: the use's, or computed from it, or null when it keeps its declared value.</summary>
    public object? ValueOf(string constant) => _values.TryGetValue(constant, out object? value) ? value : null;

    /// <summary>Whether <paramref name="expression"/> reads a const whose value differs here.</summary>
    public bool DependsOn(ConstExpression? expression) => expression is not null && !IsEmpty && expression.DependsOn(_values);

    /// <summary>Computes <paramref name="expression"/> with the consts in force here; false with the reason when it cannot.</summary>
    public bool TryEvaluate(ConstExpression expression, out object? value, out string? problem)
    {
        problem = null;
        try
        {
            value = Evaluate(expression);
            return true;
        }
        catch (EvaluationException e)
        {
            value = null;
            problem = e.Message;
            return false;
        }
    }

    private object? Evaluate(ConstExpression expression)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        // Where no const it reads differs here, the compiler's value (also for what ModelGen could not compute itself).
        if (!expression.DependsOn(_values) && expression.Constant is { } constant) return constant.Value;
        switch (expression)
        {
            case OwnConstExpression own:
                return _values.TryGetValue(own.Name, out object? value) ? value : own.Constant?.Value;
            case UnaryExpression unary:
                return Unary((SyntaxKind)unary.Operator, Evaluate(unary.Operand), expression.Text);
            case BinaryExpression binary:
                return Binary((SyntaxKind)binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right), expression.Text);
            case ConditionalExpression conditional:
                return Evaluate(conditional.Condition) is bool condition
                    ? Evaluate(condition ? conditional.WhenTrue : conditional.WhenFalse)
                    : throw Cannot(expression.Text, "its condition is not a bool");
            case CastExpression cast:
                object? operand = Evaluate(cast.Operand);
                return cast.Target is not null && operand is not null && Convert(operand, cast.Target, out object? converted, explicitCast: true)
                    ? converted
                    : throw Cannot(expression.Text, "that conversion");
            case ItemsExpression items:
                return items.HasSpread ? throw Cannot(expression.Text, "a spread") : items.Items.Select(Evaluate).ToArray();
            default:
                throw Cannot(expression.Text, "that kind of expression");
        }
    }

    private static object Unary(SyntaxKind kind, object? operand, string expression) => (kind, operand) switch
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

    private static object Binary(SyntaxKind kind, object? left, object? right, string expression)
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

    private static object Compare(SyntaxKind kind, int comparison, string expression) => kind switch
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
    public static bool Convert(object value, ConstType type, out object? converted, bool explicitCast = false)
    {
        converted = null;
        try
        {
            switch (type.Special)
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
            if (type.IsEnum && value is int or long)
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

    private static EvaluationException Cannot(string expression, string what) => new($"'{expression}' cannot be computed for this use ({what})");

    private sealed class EvaluationException(string message) : Exception(message);
}
