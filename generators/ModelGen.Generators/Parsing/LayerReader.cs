using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a layer attribute into a <see cref="LayerSpec"/>: its arguments are materialised into an
/// instance of the attribute class itself (the runtime's source, compiled into the generator), so
/// every default and every name comes from that class, and the kind turns the instance into its spec.
/// An argument the compiler could not bind (already an error) fails the read instead of throwing.
/// </summary>
internal static class LayerReader
{
    /// <summary>The layer the attribute declares; null (and <paramref name="failed"/>) when it cannot be read.</summary>
    public static LayerSpec? Read(AttributeData attribute, out bool failed) => Read(attribute, null, out failed, out _);

    /// <summary>
    /// The layer the attribute declares, with the arguments that read a const <paramref name="consts"/> changes
    /// computed again (inside a block); <paramref name="problem"/> says why one could not be.
    /// </summary>
    public static LayerSpec? Read(AttributeData attribute, ConstArguments? consts, out bool failed, out string? problem)
    {
        problem = null;
        LayerKind? kind = attribute.AttributeClass is { } type ? LayerKinds.Find(type) : null;
        Attribute? instance = kind is null ? null : Materialize(attribute, kind.AttributeType, consts, out problem);
        failed = instance is null && problem is null;
        return instance is null ? null : kind!.Read(instance);
    }

    /// <summary>
    /// A new <paramref name="type"/> built from the constructor arguments and with the named properties
    /// set, as the runtime would build it; null when some argument cannot be read.
    /// </summary>
    public static Attribute? Materialize(AttributeData attribute, Type type) => Materialize(attribute, type, null, out _);

    private static Attribute? Materialize(AttributeData attribute, Type type, ConstArguments? consts, out string? problem)
    {
        problem = null;
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        if (constructor is null) return null;
        (ConstructorInfo Constructor, ParameterInfo[] Parameters)? found = Constructor(type, constructor);
        if (found is not { } matched) return null;
        (ConstructorInfo match, ParameterInfo[] parameters) = matched;
        object?[] values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i >= attribute.ConstructorArguments.Length || !TryConvert(attribute.ConstructorArguments[i], parameters[i].ParameterType, out values[i]))
                return null;
        }
        var properties = new List<(PropertyInfo Property, object? Value)>();
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            PropertyInfo? property = Property(type, named.Key);
            if (property?.SetMethod is not { IsPublic: true } || !TryConvert(named.Value, property.PropertyType, out object? value))
                return null;
            properties.Add((property, value));
        }
        if (consts is not null && !consts.Substitute(attribute, parameters, values, properties, out problem)) return null;
        var instance = (Attribute)match.Invoke(values);
        foreach ((PropertyInfo property, object? value) in properties) property.SetValue(instance, value);
        return instance;
    }

    // Reflection over the attribute classes compiled into the generator, looked up once per class: a parse reads every layer
    // attribute of every field (again for each use of a block), and GetConstructors and GetParameters copy arrays each call.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (ConstructorInfo Constructor, ParameterInfo[] Parameters, string[] Names)[]> Constructors = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    /// <summary>The constructor of <paramref name="type"/> whose parameters are named as those of the one the compiler chose.</summary>
    private static (ConstructorInfo, ParameterInfo[])? Constructor(Type type, IMethodSymbol chosen)
    {
        var constructors = Constructors.GetOrAdd(type, static t => t.GetConstructors()
            .Select(c => (c, c.GetParameters(), c.GetParameters().Select(p => p.Name ?? "").ToArray())).ToArray());
        foreach ((ConstructorInfo constructor, ParameterInfo[] parameters, string[] names) in constructors)
        {
            if (names.Length != chosen.Parameters.Length) continue;
            bool same = true;
            for (int i = 0; i < names.Length && same; i++) same = names[i] == chosen.Parameters[i].Name;
            if (same) return (constructor, parameters);
        }
        return null;
    }

    private static PropertyInfo? Property(Type type, string name) =>
        Properties.GetOrAdd((type, name), static key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance));

    /// <summary><paramref name="value"/> (a number, bool, string or array the const evaluator computed) as a value of <paramref name="target"/>.</summary>
    internal static bool ConvertTo(object? value, Type target, out object? converted)
    {
        converted = null;
        if (value is null) return !target.IsValueType;
        if (target.IsArray)
        {
            if (value is not object?[] items) return false;
            Type element = target.GetElementType()!;
            var array = Array.CreateInstance(element, items.Length);
            for (int i = 0; i < items.Length; i++)
            {
                if (!ConvertTo(items[i], element, out object? item)) return false;
                array.SetValue(item, i);
            }
            converted = array;
            return true;
        }
        if (target.IsEnum)
        {
            if (value is not (int or long)) return false;
            converted = Enum.ToObject(target, value);
            return true;
        }
        try
        {
            converted = target == typeof(int) && value is int or long ? checked((int)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture))
                : target == typeof(long) && value is int or long ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                : target == typeof(double) && value is int or long or float or double ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
                : target == typeof(float) && value is int or long or float ? Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture)
                : target.IsInstanceOfType(value) ? value
                : null;
        }
        catch (OverflowException)
        {
            converted = null;
        }
        return converted is not null;
    }

    private static bool TryConvert(TypedConstant constant, Type target, out object? value)
    {
        value = null;
        switch (constant.Kind)
        {
            case TypedConstantKind.Error:
                return false;
            case TypedConstantKind.Array:
                if (!target.IsArray) return false;
                if (constant.IsNull) return true;
                Type element = target.GetElementType()!;
                var array = Array.CreateInstance(element, constant.Values.Length);
                for (int i = 0; i < constant.Values.Length; i++)
                {
                    if (!TryConvert(constant.Values[i], element, out object? item)) return false;
                    array.SetValue(item, i);
                }
                value = array;
                return true;
            case TypedConstantKind.Enum when target.IsEnum && constant.Value is not null:
                value = Enum.ToObject(target, constant.Value);
                return true;
            default:
                if (constant.Value is null || !target.IsInstanceOfType(constant.Value)) return false;
                value = constant.Value;
                return true;
        }
    }
}

/// <summary>
/// Re-computes the arguments of an attribute inside a block that read consts whose values differ at this use
/// (<see cref="ConstEnvironment"/>): each argument's expression is found in the attribute's syntax and, when it
/// reads such a const, evaluated again and put in place of the compiler's value.
/// </summary>
internal sealed class ConstArguments(ConstEnvironment environment, SemanticModel model, System.Threading.CancellationToken cancellationToken)
{
    public ConstEnvironment Environment => environment;

    public SemanticModel Model => model;

    /// <summary>The expression written for each constructor parameter (by position or <c>name:</c>) and named property.</summary>
    public static IEnumerable<(string Name, bool IsProperty, ExpressionSyntax Expression)> Arguments(AttributeData attribute, System.Threading.CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax { ArgumentList: { } list }) yield break;
        var parameters = attribute.AttributeConstructor?.Parameters ?? default;
        for (int i = 0; i < list.Arguments.Count; i++)
        {
            AttributeArgumentSyntax argument = list.Arguments[i];
            if (argument.NameEquals is { } equals) yield return (equals.Name.Identifier.ValueText, true, argument.Expression);
            else if (argument.NameColon is { } colon) yield return (colon.Name.Identifier.ValueText, false, argument.Expression);
            else if (!parameters.IsDefault && i < parameters.Length && !parameters[i].IsParams) yield return (parameters[i].Name, false, argument.Expression);
            else yield return ("", false, argument.Expression); // an element of a params array
        }
    }

    public bool Substitute(AttributeData attribute, ParameterInfo[] parameters, object?[] values, List<(PropertyInfo Property, object? Value)> properties, out string? problem)
    {
        problem = null;
        if (environment.IsEmpty) return true;
        foreach ((string name, bool isProperty, ExpressionSyntax expression) in Arguments(attribute, cancellationToken))
        {
            if (!environment.DependsOn(expression, model)) continue;
            if (!environment.TryEvaluate(expression, model, out object? value, out problem)) return false;
            int index = isProperty ? -1 : Array.FindIndex(parameters, p => p.Name == name);
            int property = isProperty ? properties.FindIndex(p => p.Property.Name == name) : -1;
            Type? target = index >= 0 ? parameters[index].ParameterType : property >= 0 ? properties[property].Property.PropertyType : null;
            if (target is null || !LayerReader.ConvertTo(value, target, out object? converted))
            {
                problem = $"'{expression}' gives {Describe(value)} at this use, which is not a value for {(name.Length > 0 ? name : "that argument")}";
                return false;
            }
            if (index >= 0) values[index] = converted;
            else properties[property] = (properties[property].Property, converted);
        }
        return true;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        object?[] items => "[" + string.Join(", ", items.Select(Describe)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
