using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a layer attribute into a <see cref="LayerSpec"/>: its arguments are materialised into an
/// instance of the attribute class itself (the runtime's source, compiled into the generator), so
/// every default and every name comes from that class, and the kind turns the instance into its spec.
/// The arguments are read once, into a <see cref="LayerTemplate"/> (<see cref="ReadArguments"/>); each use of a
/// block materialises them again with the arguments that read a const the use changes computed anew.
/// An argument the compiler could not bind (already an error) fails the read instead of throwing.
/// </summary>
internal static class LayerReader
{
    /// <summary>
    /// The attribute's arguments converted to <paramref name="type"/>'s constructor parameter and property types, as the
    /// runtime would pass them; null when some argument cannot be read.
    /// </summary>
    public static (EquatableArray<string> Parameters, EquatableArray<ConstValue> Values, EquatableArray<NamedValue> Properties)? ReadArguments(AttributeData attribute, Type type)
    {
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        if (constructor is null) return null;
        string[] names = constructor.Parameters.Select(p => p.Name).ToArray();
        if (Constructor(type, names) is not { } matched) return null;
        ParameterInfo[] parameters = matched.Parameters;
        var values = new ConstValue[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i >= attribute.ConstructorArguments.Length || !TryConvert(attribute.ConstructorArguments[i], parameters[i].ParameterType, out object? value))
                return null;
            values[i] = new ConstValue(value);
        }
        var properties = new List<NamedValue>();
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            PropertyInfo? property = Property(type, named.Key);
            if (property?.SetMethod is not { IsPublic: true } || !TryConvert(named.Value, property.PropertyType, out object? value))
                return null;
            properties.Add(new NamedValue(named.Key, new ConstValue(value)));
        }
        return (names.ToEquatableArray(), values.ToEquatableArray(), properties.ToEquatableArray());
    }

    /// <summary>
    /// The layer <paramref name="layer"/> declares with the consts in <paramref name="consts"/>: null and
    /// <paramref name="failed"/> when its arguments could not be read, null and <paramref name="problem"/> when one
    /// that reads a changed const cannot be computed or is no value for its parameter.
    /// </summary>
    public static LayerSpec? Instantiate(LayerTemplate layer, ConstEnvironment consts, out bool failed, out string? problem)
    {
        problem = null;
        failed = false;
        LayerKind? kind = LayerKinds.Find(layer.Attribute);
        if (!layer.Readable || kind is null || Constructor(kind.AttributeType, layer.Parameters.ToArray()) is not { } matched)
        {
            failed = true;
            return null;
        }
        (ConstructorInfo constructor, ParameterInfo[] parameters) = matched;
        object?[] values = layer.Arguments.Select(v => Copy(v.Value)).ToArray();
        var properties = new List<(PropertyInfo Property, object? Value)>();
        foreach (NamedValue named in layer.Properties)
        {
            if (Property(kind.AttributeType, named.Name) is not { } property)
            {
                failed = true;
                return null;
            }
            properties.Add((property, Copy(named.Value.Value)));
        }
        if (!consts.IsEmpty)
        {
            foreach (ArgumentExpression argument in layer.Expressions)
            {
                if (!consts.DependsOn(argument.Expression)) continue;
                if (!consts.TryEvaluate(argument.Expression, out object? value, out problem)) return null;
                int index = argument.IsProperty ? -1 : Array.FindIndex(parameters, p => p.Name == argument.Name);
                int property = argument.IsProperty ? properties.FindIndex(p => p.Property.Name == argument.Name) : -1;
                Type? target = index >= 0 ? parameters[index].ParameterType : property >= 0 ? properties[property].Property.PropertyType : null;
                if (target is null || !ConvertTo(value, target, out object? converted))
                {
                    problem = $"'{argument.Expression.Text}' gives {Describe(value)} at this use, which is not a value for {(argument.Name.Length > 0 ? argument.Name : "that argument")}";
                    return null;
                }
                if (index >= 0) values[index] = converted;
                else properties[property] = (properties[property].Property, converted);
            }
        }
        var instance = (Attribute)constructor.Invoke(values);
        foreach ((PropertyInfo property, object? value) in properties) property.SetValue(instance, value);
        return kind.Read(instance);
    }

    /// <summary>A template's value for one attribute instance: arrays are copied, so no instance shares the template's.</summary>
    private static object? Copy(object? value) => value is Array array ? array.Clone() : value;

    private static string Describe(object? value) => value switch
    {
        null => "null",
        object?[] items => "[" + string.Join(", ", items.Select(Describe)) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // Reflection over the attribute classes compiled into the generator, looked up once per class: GetConstructors and
    // GetParameters copy arrays on every call.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (ConstructorInfo Constructor, ParameterInfo[] Parameters, string[] Names)[]> Constructors = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    /// <summary>The constructor of <paramref name="type"/> whose parameters have these names.</summary>
    private static (ConstructorInfo Constructor, ParameterInfo[] Parameters)? Constructor(Type type, IReadOnlyList<string> names)
    {
        var constructors = Constructors.GetOrAdd(type, static t => t.GetConstructors()
            .Select(c => (c, c.GetParameters(), c.GetParameters().Select(p => p.Name ?? "").ToArray())).ToArray());
        foreach ((ConstructorInfo constructor, ParameterInfo[] parameters, string[] parameterNames) in constructors)
        {
            if (parameterNames.Length != names.Count) continue;
            bool same = true;
            for (int i = 0; i < parameterNames.Length && same; i++) same = parameterNames[i] == names[i];
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

