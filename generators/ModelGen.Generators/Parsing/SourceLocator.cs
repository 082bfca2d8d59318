using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Turns a <see cref="Target"/> back into the exact source location a diagnostic belongs at. A place outside
/// the model's own declaration (inside a block class, on a property of its inputs record, in another file) is
/// reported at the model's part that leads there (the block field, the <c>Inputs</c> argument), with the exact
/// place as an additional location: every diagnostic of a model is on its declaration, where the IDE shows it
/// while the model is edited.
/// </summary>
internal sealed class SourceLocator(INamedTypeSymbol type, CancellationToken cancellationToken)
{
    private readonly Dictionary<INamedTypeSymbol, IFieldSymbol[]> _fields = new(SymbolEqualityComparer.Default);
    private readonly ISymbol[] _members = ModelParser.ConflictingMembers(type).Select(m => m.Symbol).ToArray();
    private readonly HashSet<SyntaxTree> _ownTrees = new(type.DeclaringSyntaxReferences.Select(r => r.SyntaxTree));

    /// <summary>The primary location of <paramref name="target"/> and the exact one when the primary only leads there.</summary>
    public (Location Primary, Location[] Additional) Locate(Target target)
    {
        Location fallback = type.Locations.FirstOrDefault() ?? Location.None;
        Location exact = Exact(target, fallback, out Location anchor);
        if (exact.SourceTree is { } tree && !_ownTrees.Contains(tree) && anchor != exact) return (anchor, [exact]);
        return (exact, []);
    }

    private Location Exact(Target target, Location fallback, out Location anchor)
    {
        anchor = fallback;
        // Inside blocks: follow the block fields from the model; the first is the model's own, the anchor.
        INamedTypeSymbol owner = type;
        for (int p = 0; p < target.Path.Count; p++)
        {
            IFieldSymbol[] fields = FieldsOf(owner);
            if (target.Path[p] < 0 || target.Path[p] >= fields.Length) return fallback;
            IFieldSymbol block = fields[target.Path[p]];
            Location location = ModelParser.LayerMember(block).Locations.FirstOrDefault() ?? fallback;
            if (p == 0) anchor = location;
            if (block.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) is not INamedTypeSymbol next) return location;
            owner = next;
        }

        switch (target.Kind)
        {
            case TargetKind.ModelArgument:
                return ArgumentLocation(ModelParser.FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute), target.Argument) ?? fallback;
            case TargetKind.Member when target.Index >= 0 && target.Index < _members.Length:
                return _members[target.Index].Locations.FirstOrDefault() ?? fallback;
            case TargetKind.Class:
            case TargetKind.Member:
                return target.Path.Count > 0 ? anchor : fallback;
            case TargetKind.InputProperty:
                anchor = ArgumentLocation(ModelParser.FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute), nameof(ModelAttribute.Inputs)) ?? fallback;
                return InputProperty(target.Index) ?? anchor;
        }

        IFieldSymbol[] own = FieldsOf(owner);
        if (target.Index < 0 || target.Index >= own.Length) return anchor;
        IFieldSymbol field = own[target.Index];
        Location fieldLocation = ModelParser.LayerMember(field).Locations.FirstOrDefault() ?? anchor;
        if (target.Path.Count == 0) anchor = fieldLocation;
        AttributeData? With(int k) => field.GetAttributes().Where(a => ModelParser.IsNamed(a, KnownNames.WithAttribute)).ElementAtOrDefault(k);
        return target.Kind switch
        {
            TargetKind.LayerAttribute => AttributeLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsLayerAttribute)) ?? fieldLocation,
            TargetKind.LayerArgument => ArgumentLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsLayerAttribute), target.Argument) ?? fieldLocation,
            TargetKind.StepAttribute => AttributeLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsStepAttribute)) ?? fieldLocation,
            TargetKind.StepArgument => ArgumentLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsStepAttribute), target.Argument) ?? fieldLocation,
            TargetKind.FromArgument => FromLocation(ModelParser.FindAttribute(field.GetAttributes(), KnownNames.FromAttribute), target.Argument) ?? fieldLocation,
            TargetKind.WithArgument => WithLocation(target.Argument, With) ?? fieldLocation,
            _ => fieldLocation,
        };
    }

    private IFieldSymbol[] FieldsOf(INamedTypeSymbol owner)
    {
        if (!_fields.TryGetValue(owner, out IFieldSymbol[]? fields)) _fields[owner] = fields = ModelParser.LayerFieldsInDeclarationOrder(owner).ToArray();
        return fields;
    }

    /// <summary>The <c>[Shape]</c> or <c>[Categorical]</c> attribute of the inputs record's property, or the property.</summary>
    private Location? InputProperty(int index)
    {
        AttributeData? model = ModelParser.FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute);
        if (model?.NamedArguments.FirstOrDefault(a => a.Key == nameof(ModelAttribute.Inputs)).Value.Value is not INamedTypeSymbol record) return null;
        var chain = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? t = record; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType) chain.Push(t);
        IPropertySymbol? property = chain.SelectMany(t => t.GetMembers().OfType<IPropertySymbol>())
            .Where(p => !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public && !p.IsImplicitlyDeclared && !p.IsOverride)
            .ElementAtOrDefault(index);
        if (property is null) return null;
        AttributeData? attribute = property.GetAttributes().FirstOrDefault(a =>
            ModelParser.IsNamed(a, KnownNames.ShapeAttribute) || ModelParser.IsNamed(a, KnownNames.CategoricalAttribute));
        return AttributeLocation(attribute) ?? property.Locations.FirstOrDefault();
    }

    /// <summary>The name at <paramref name="position"/> in <c>[From(a, b)]</c>, or the attribute.</summary>
    private Location? FromLocation(AttributeData? attribute, string? position)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return null;
        if (position is not null && int.TryParse(position, out int p) && syntax.ArgumentList is { } list && p < list.Arguments.Count
            && list.Arguments.Take(p + 1).All(a => a.NameEquals is null))
            return list.Arguments[p].GetLocation();
        return syntax.GetLocation();
    }

    /// <summary>The name or value of the k-th <c>[With]</c> (<c>"k:name"</c>, <c>"k:value"</c>).</summary>
    private Location? WithLocation(string? argument, System.Func<int, AttributeData?> with)
    {
        string[] parts = (argument ?? "0:name").Split(':');
        if (!int.TryParse(parts[0], out int k)) return null;
        AttributeData? attribute = with(k);
        return ArgumentLocation(attribute, parts.Length > 1 && parts[1] == "value" ? "value" : "name") ?? AttributeLocation(attribute);
    }

    private Location? AttributeLocation(AttributeData? attribute) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

    /// <summary>
    /// The argument written for a constructor parameter (by position or <c>name:</c>) or a property
    /// (<c>Name = value</c>); the attribute itself when the argument was left at its default.
    /// </summary>
    private Location? ArgumentLocation(AttributeData? attribute, string? name)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return null;
        var arguments = syntax.ArgumentList?.Arguments ?? default;
        int position = -1;
        var parameters = attribute.AttributeConstructor?.Parameters ?? default;
        for (int i = 0; !parameters.IsDefault && i < parameters.Length; i++)
        {
            if (parameters[i].Name == name) position = i;
        }
        for (int i = 0; i < arguments.Count; i++)
        {
            AttributeArgumentSyntax argument = arguments[i];
            if (argument.NameEquals is { } equals)
            {
                if (equals.Name.Identifier.ValueText == name) return argument.GetLocation();
            }
            else if (argument.NameColon is { } colon)
            {
                if (colon.Name.Identifier.ValueText == name) return argument.GetLocation();
            }
            else if (i == position)
            {
                // A positional argument binds to the parameter at its own index, even after
                // named arguments written in position (C# 7.2).
                return argument.GetLocation();
            }
        }
        return syntax.GetLocation();
    }
}
