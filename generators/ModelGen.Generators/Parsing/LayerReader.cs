using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
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
    public static bool IsLayerAttribute(string? metadataName) => LayerKinds.Find(metadataName) is not null;

    /// <summary>The layer the attribute declares; null (and <paramref name="failed"/>) when it cannot be read.</summary>
    public static LayerSpec? Read(AttributeData attribute, out bool failed)
    {
        LayerKind? kind = LayerKinds.Find(attribute.AttributeClass?.ToDisplayString());
        Attribute? instance = kind is null ? null : Materialize(attribute, kind.AttributeType);
        failed = instance is null;
        return instance is null ? null : kind!.Read(instance);
    }

    /// <summary>
    /// A new <paramref name="type"/> built from the constructor arguments and with the named properties
    /// set, as the runtime would build it; null when some argument cannot be read.
    /// </summary>
    public static Attribute? Materialize(AttributeData attribute, Type type)
    {
        IMethodSymbol? constructor = attribute.AttributeConstructor;
        if (constructor is null) return null;
        ConstructorInfo? match = type.GetConstructors().FirstOrDefault(c =>
            c.GetParameters().Select(p => p.Name).SequenceEqual(constructor.Parameters.Select(p => p.Name)));
        if (match is null) return null;

        ParameterInfo[] parameters = match.GetParameters();
        object?[] values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            if (i >= attribute.ConstructorArguments.Length || !TryConvert(attribute.ConstructorArguments[i], parameters[i].ParameterType, out values[i]))
                return null;
        }
        var instance = (Attribute)match.Invoke(values);
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            PropertyInfo? property = type.GetProperty(named.Key, BindingFlags.Public | BindingFlags.Instance);
            if (property?.SetMethod is not { IsPublic: true } || !TryConvert(named.Value, property.PropertyType, out object? value))
                return null;
            property.SetValue(instance, value);
        }
        return instance;
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
