using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a <c>[Model]</c> class symbol into a <see cref="ModelSpec"/>. Shared by the generator and the
/// analyzers, so both judge the same declaration the same way. Never throws on malformed code: what
/// it cannot read sets <see cref="ModelSpec.HasCompilerErrors"/> (the compiler already reports it).
/// </summary>
internal static class ModelParser
{
    public static ModelSpec Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        bool errors = false;
        EquatableArray<int> input = EquatableArray<int>.Empty, output = EquatableArray<int>.Empty;
        AttributeData? model = FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute);
        if (model is null || model.AttributeClass is null || model.AttributeClass.TypeKind == TypeKind.Error)
        {
            errors = true;
        }
        else
        {
            foreach (KeyValuePair<string, TypedConstant> argument in model.NamedArguments)
            {
                EquatableArray<int>? shape = ReadIntArray(argument.Value);
                if (shape is null) errors = true;
                else if (argument.Key == ArgumentNames.Input) input = shape.Value;
                else if (argument.Key == ArgumentNames.Output) output = shape.Value;
            }
        }

        var fields = new List<FieldSpec>();
        foreach (IFieldSymbol field in LayerFieldsInDeclarationOrder(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            FieldSpec? spec = ReadField(field, ref errors);
            if (spec is not null) fields.Add(spec);
        }

        return new ModelSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            type.Name,
            ClassProblemsOf(type, cancellationToken),
            type.ContainingType?.Name,
            ForeignBase(type)?.ToDisplayString(),
            input,
            output,
            fields.ToEquatableArray(),
            ConflictingMembers(type).Select(m => m.Description).ToEquatableArray(),
            errors);
    }

    /// <summary>
    /// User-written members that would clash with what the generator emits (a parameterless
    /// constructor, <c>forward(Tensor)</c>, <c>Summary(int)</c>, its private field), with a description
    /// for messages. Methods of those names with other parameters are legal overloads.
    /// </summary>
    public static IEnumerable<(ISymbol Symbol, string Description)> ConflictingMembers(INamedTypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || IsGeneratedByModelGen(member)) continue;
            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false, Parameters.Length: 0 }:
                    yield return (member, "a parameterless constructor");
                    break;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method when member.Name is GeneratedNames.Forward or GeneratedNames.Summary:
                    bool clashes = member.Name == GeneratedNames.Forward
                        ? method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None && IsType(method.Parameters[0].Type, KnownNames.Tensor)
                        : method.Parameters.Length == 1 && method.Parameters[0].RefKind == RefKind.None && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32;
                    if (clashes) yield return (member, member.Name == GeneratedNames.Forward ? "a forward(Tensor) method" : "a Summary(int) method");
                    break;
                case IMethodSymbol:
                    break;
                default:
                    if (member.Name is GeneratedNames.Forward or GeneratedNames.Summary or GeneratedNames.InputShapeField)
                        yield return (member, $"a member named '{member.Name}'");
                    break;
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is the named type, ignoring nullable annotations.</summary>
    public static bool IsType(ITypeSymbol type, string displayName) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() == displayName;

    /// <summary>
    /// Fields with ModelGen attributes, including the backing fields of auto-properties declared with
    /// <c>[field: Linear(...)]</c>, ordered by where they are declared (file, then position).
    /// </summary>
    public static IEnumerable<IFieldSymbol> LayerFieldsInDeclarationOrder(INamedTypeSymbol type) =>
        type.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => (!f.IsImplicitlyDeclared || f.AssociatedSymbol is IPropertySymbol)
                        && f.GetAttributes().Any(a => IsLayerAttribute(a) || IsNamed(a, KnownNames.LastStepAttribute)))
            .OrderBy(f => DeclaredAt(f)?.SourceTree?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(f => DeclaredAt(f)?.SourceSpan.Start ?? 0);

    /// <summary>The member a layer is declared on: the field, or the auto-property it backs.</summary>
    public static ISymbol LayerMember(IFieldSymbol field) => field.AssociatedSymbol ?? field;

    private static Location? DeclaredAt(IFieldSymbol field) => LayerMember(field).Locations.FirstOrDefault();

    public static AttributeData? FindAttribute(ImmutableArray<AttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => IsNamed(a, name));

    public static bool IsLayerAttribute(AttributeData attribute) =>
        IsNamed(attribute, KnownNames.GruAttribute) || IsNamed(attribute, KnownNames.LinearAttribute);

    private static FieldSpec? ReadField(IFieldSymbol field, ref bool errors)
    {
        ImmutableArray<AttributeData> attributes = field.GetAttributes();
        AttributeData[] layerAttributes = attributes.Where(IsLayerAttribute).ToArray();
        bool lastStep = FindAttribute(attributes, KnownNames.LastStepAttribute) is not null;
        if (layerAttributes.Length == 0 && !lastStep) return null;

        LayerSpec? layer = layerAttributes.Length > 0 ? ReadLayer(layerAttributes[0], ref errors) : null;
        if (field.Type.TypeKind == TypeKind.Error) errors = true;
        return new FieldSpec(
            LayerMember(field).Name,
            field.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(),
            field.IsStatic,
            layerAttributes.Select(a => ShortName(a.AttributeClass!)).ToEquatableArray(),
            layer,
            lastStep,
            field.Type.NullableAnnotation == NullableAnnotation.Annotated);
    }

    private static LayerSpec? ReadLayer(AttributeData attribute, ref bool errors)
    {
        ImmutableArray<TypedConstant> args = attribute.ConstructorArguments;
        if (args.Length != 2 || args.Any(a => a.Kind == TypedConstantKind.Error || a.Value is not int))
        {
            errors = true;
            return null;
        }
        int first = (int)args[0].Value!, second = (int)args[1].Value!;
        if (IsNamed(attribute, KnownNames.GruAttribute))
        {
            return new RecurrentSpec(
                RecurrentCell.Gru,
                first,
                second,
                Named(attribute, ArgumentNames.NumLayers, 1, ref errors),
                Named(attribute, "Bias", true, ref errors),
                Named(attribute, ArgumentNames.Dropout, 0.0, ref errors),
                Named(attribute, "Bidirectional", false, ref errors));
        }
        return new LinearSpec(first, second, Named(attribute, "Bias", true, ref errors));
    }

    private static T Named<T>(AttributeData attribute, string name, T fallback, ref bool errors)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key != name) continue;
            if (argument.Value.Value is T value) return value;
            errors = true;
        }
        return fallback;
    }

    private static EquatableArray<int>? ReadIntArray(TypedConstant constant)
    {
        if (constant.Kind != TypedConstantKind.Array || constant.IsNull) return constant.IsNull ? EquatableArray<int>.Empty : null;
        var values = new List<int>();
        foreach (TypedConstant item in constant.Values)
        {
            if (item.Value is not int value) return null;
            values.Add(value);
        }
        return values.ToEquatableArray();
    }

    private static ClassProblems ClassProblemsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        ClassProblems problems = ClassProblems.None;
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                problems |= ClassProblems.NotPartial;
            }
        }
        if (type.IsGenericType) problems |= ClassProblems.Generic;
        if (type.ContainingType is not null) problems |= ClassProblems.Nested;
        if (type.IsStatic) problems |= ClassProblems.Static;
        if (type.IsRecord) problems |= ClassProblems.Record;
        if (ForeignBase(type) is not null) problems |= ClassProblems.ForeignBase;
        return problems;
    }

    /// <summary>A base class other than object or the module base the generator adds itself.</summary>
    private static INamedTypeSymbol? ForeignBase(INamedTypeSymbol type) =>
        type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
        && baseType.ToDisplayString() != KnownNames.ModuleBase
        && type.TypeKind == TypeKind.Class
            ? baseType
            : null;

    private static bool IsGeneratedByModelGen(ISymbol member) =>
        member.GetAttributes().Any(a => IsNamed(a, KnownNames.GeneratedCodeAttribute)
            && a.ConstructorArguments.Length > 0
            && a.ConstructorArguments[0].Value as string == KnownNames.Tool);

    private static bool IsNamed(AttributeData attribute, string name) =>
        attribute.AttributeClass?.ToDisplayString() == name;

    private static string ShortName(INamedTypeSymbol attributeClass) =>
        attributeClass.Name.EndsWith("Attribute", System.StringComparison.Ordinal)
            ? attributeClass.Name.Substring(0, attributeClass.Name.Length - "Attribute".Length)
            : attributeClass.Name;
}
