using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;

namespace ModelGen.Generators.Layers;

/// <summary>
/// Names of attributes and of their arguments, read off the attribute classes themselves. A
/// constructor parameter is named after the property that keeps it, in camelCase (<c>inFeatures</c>
/// for <c>InFeatures</c>); other properties are set by name (<c>NumLayers = 2</c>). Diagnostics point
/// at and name arguments as the user writes them.
/// </summary>
internal static class AttributeNames
{
    private static readonly ConcurrentDictionary<(Type, string), string> Arguments = new();

    /// <summary>The name as written in C#: <c>Gru</c> for <c>GruAttribute</c>.</summary>
    public static string Short(Type attributeType) => Short(attributeType.Name);

    /// <summary>The name as written in C#: <c>Gru</c> for <c>GruAttribute</c>.</summary>
    public static string Short(string className) =>
        className.EndsWith("Attribute", StringComparison.Ordinal) ? className.Substring(0, className.Length - "Attribute".Length) : className;

    /// <summary>
    /// The argument that sets <paramref name="property"/>: the constructor parameter of that name
    /// (ignoring case) when there is one, otherwise the property itself.
    /// </summary>
    public static string Argument(Type attributeType, string property) =>
        Arguments.GetOrAdd((attributeType, property), static key =>
            key.Item1.GetConstructors()
                .SelectMany(c => c.GetParameters())
                .Select(p => p.Name)
                .FirstOrDefault(name => string.Equals(name, key.Item2, StringComparison.OrdinalIgnoreCase))
            ?? key.Item2);

    /// <summary><see cref="Argument(Type, string)"/> for <typeparamref name="TAttribute"/>.</summary>
    public static string Argument<TAttribute>(string property) where TAttribute : Attribute => Argument(typeof(TAttribute), property);
}
