using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ModelGen.Generators.Layers;

/// <summary>
/// How a layer attribute becomes a <see cref="LayerSpec"/>. Every layer kind declares one sealed
/// subclass per attribute it reads, in its own file under <c>Layers/</c>; <see cref="LayerKinds"/>
/// finds them all, so adding a kind touches no list.
/// </summary>
internal abstract class LayerKind
{
    /// <summary>The attribute class (the same source file as the runtime's, compiled into the generator).</summary>
    public abstract Type AttributeType { get; }

    /// <summary>The spec the attribute declares. The instance holds the user's arguments and the class's defaults.</summary>
    public abstract LayerSpec Read(Attribute attribute);
}

/// <summary>A <see cref="LayerKind"/> for one attribute class.</summary>
internal abstract class LayerKind<TAttribute> : LayerKind
    where TAttribute : Attribute
{
    public sealed override Type AttributeType => typeof(TAttribute);

    public sealed override LayerSpec Read(Attribute attribute) => Read((TAttribute)attribute);

    protected abstract LayerSpec Read(TAttribute attribute);
}

/// <summary>Every layer kind the generator knows, by attribute.</summary>
internal static class LayerKinds
{
    /// <summary>All kinds, in attribute-name order.</summary>
    public static ImmutableArray<LayerKind> All { get; } =
        typeof(LayerKind).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(LayerKind).IsAssignableFrom(t))
            .Select(t => (LayerKind)Activator.CreateInstance(t)!)
            .OrderBy(k => k.AttributeType.Name, StringComparer.Ordinal)
            .ToImmutableArray();

    private static readonly Dictionary<string, LayerKind> ByMetadataName =
        All.ToDictionary(k => k.AttributeType.FullName!, StringComparer.Ordinal);

    /// <summary>The kind whose attribute has this metadata name (<c>ModelGen.GruAttribute</c>), if any.</summary>
    public static LayerKind? Find(string? metadataName) =>
        metadataName is not null && ByMetadataName.TryGetValue(metadataName, out LayerKind? kind) ? kind : null;

    private static readonly HashSet<string> ShortNames = new(All.Select(k => k.AttributeType.Name), StringComparer.Ordinal);

    /// <summary>The kind whose attribute class this is, if any; the simple name is checked before the full one is formatted.</summary>
    public static LayerKind? Find(INamedTypeSymbol attributeClass) =>
        ShortNames.Contains(attributeClass.Name) ? Find(Parsing.SymbolNames.Display(attributeClass)) : null;
}
