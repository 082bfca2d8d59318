using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>Reads the record a model names with <c>Inputs = typeof(...)</c>: its shaped properties, in declaration order.</summary>
internal static class InputsReader
{
    public static InputsSpec Read(ITypeSymbol type, INamedTypeSymbol model)
    {
        string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        string qualified = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        string? problem = type switch
        {
            not INamedTypeSymbol => "is not a class or struct",
            INamedTypeSymbol { IsRecord: false } => "is not a record",
            INamedTypeSymbol { IsGenericType: true } => "is generic",
            INamedTypeSymbol { IsFileLocal: true } => $"is file-local, so {model.Name}'s generated part, in another file, cannot name it",
            _ when Accessibility(type) < Accessibility(model) => $"is less accessible than {model.Name}, whose forward takes it",
            _ => null,
        };
        var properties = new List<InputPropertySpec>();
        if (type is INamedTypeSymbol named)
        {
            // A record's properties, those of its base records first, each in declaration order.
            var chain = new Stack<INamedTypeSymbol>();
            for (INamedTypeSymbol? t = named; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType) chain.Push(t);
            foreach (INamedTypeSymbol level in chain)
            {
                foreach (IPropertySymbol property in level.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public || property.IsImplicitlyDeclared) continue;
                    if (property.IsOverride) continue; // listed where it is first declared
                    AttributeData? shape = ModelParser.FindAttribute(property.GetAttributes(), KnownNames.ShapeAttribute);
                    AttributeData? categorical = ModelParser.FindAttribute(property.GetAttributes(), KnownNames.CategoricalAttribute);
                    properties.Add(new InputPropertySpec(
                        property.Name,
                        ModelParser.IsType(property.Type, KnownNames.Tensor),
                        shape?.ConstructorArguments is [{ Kind: TypedConstantKind.Array } dims] && dims.Values.All(v => v.Value is int)
                            ? dims.Values.Select(v => (int)v.Value!).ToEquatableArray()
                            : shape is null ? null : EquatableArray<int>.Empty,
                        categorical?.ConstructorArguments is [{ Value: int count }] ? count : categorical is null ? null : 0,
                        SymbolNames.Display(property.Type),
                        property.SetMethod is not null));
                }
            }
        }
        // Even with a problem, the model's shell names the type in forward's signature and its base type, when C# lets it.
        bool nameable = type is INamedTypeSymbol { IsUnboundGenericType: false, IsStatic: false, IsRefLikeType: false, IsFileLocal: false } n
                        && n.TypeKind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface && n.SpecialType != SpecialType.System_Void
                        && Accessibility(type) >= Accessibility(model);
        return new InputsSpec(qualified, display, problem, properties.ToEquatableArray(), type.IsValueType, nameable);
    }

    /// <summary>How widely a type can be seen: the narrowest accessibility along its containing types.</summary>
    private static int Accessibility(ITypeSymbol type)
    {
        int widest = int.MaxValue;
        for (ISymbol? t = type; t is INamedTypeSymbol; t = t.ContainingType)
        {
            int level = t.DeclaredAccessibility switch
            {
                Microsoft.CodeAnalysis.Accessibility.Public => 4,
                Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => 3,
                Microsoft.CodeAnalysis.Accessibility.Protected => 2,
                Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => 2,
                _ => 1,
            };
            widest = System.Math.Min(widest, level);
        }
        return widest;
    }
}
