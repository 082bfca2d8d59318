using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>Turns a <see cref="Target"/> back into the exact source location a diagnostic belongs at.</summary>
internal sealed class SourceLocator(INamedTypeSymbol type, CancellationToken cancellationToken)
{
    private readonly IFieldSymbol[] _fields = ModelParser.LayerFieldsInDeclarationOrder(type).ToArray();
    private readonly ISymbol[] _members = ModelParser.ConflictingMembers(type).Select(m => m.Symbol).ToArray();

    public Location Locate(Target target)
    {
        Location fallback = type.Locations.FirstOrDefault() ?? Location.None;
        switch (target.Kind)
        {
            case TargetKind.ModelArgument:
                return ArgumentLocation(ModelParser.FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute), target.Argument) ?? fallback;
            case TargetKind.Member when target.Index >= 0 && target.Index < _members.Length:
                return _members[target.Index].Locations.FirstOrDefault() ?? fallback;
            case TargetKind.Class:
            case TargetKind.Member:
                return fallback;
        }

        if (target.Index < 0 || target.Index >= _fields.Length) return fallback;
        IFieldSymbol field = _fields[target.Index];
        Location fieldLocation = ModelParser.LayerMember(field).Locations.FirstOrDefault() ?? fallback;
        return target.Kind switch
        {
            TargetKind.LayerAttribute => AttributeLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsLayerAttribute)) ?? fieldLocation,
            TargetKind.LayerArgument => ArgumentLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsLayerAttribute), target.Argument) ?? fieldLocation,
            TargetKind.StepAttribute => AttributeLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsStepAttribute)) ?? fieldLocation,
            TargetKind.StepArgument => ArgumentLocation(field.GetAttributes().FirstOrDefault(ModelParser.IsStepAttribute), target.Argument) ?? fieldLocation,
            _ => fieldLocation,
        };
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
