using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a <c>[Model]</c> class symbol into a <see cref="ModelSpec"/>. Shared by the generator and the
/// analyzers, so both judge the same declaration the same way. Never throws on malformed code: what
/// it cannot read sets <see cref="ModelSpec.HasCompilerErrors"/> (the compiler already reports it).
/// </summary>
internal static class ModelParser
{
    /// <summary>
    /// Reads a <c>[Model]</c> class: its spec with no fields yet, and its fields as templates; a field that uses a block
    /// names the block, whose template is read on its own (<see cref="Resolve"/> puts them together).
    /// </summary>
    public static ModelSource Read(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken) =>
        Read(type, new TemplateReader(compilation, cancellationToken), cancellationToken);

    private static ModelSource Read(INamedTypeSymbol type, TemplateReader reader, CancellationToken cancellationToken)
    {
        bool errors = false, multiOutput = false;
        EquatableArray<int> input = EquatableArray<int>.Empty, output = EquatableArray<int>.Empty;
        InputsSpec? inputs = null;
        EquatableArray<double>? quantiles = null;
        int? distribution = null;
        AttributeData? model = FindAttribute(type.GetAttributes(), KnownNames.ModelAttribute);
        if (model is null || model.AttributeClass is null || model.AttributeClass.TypeKind == TypeKind.Error)
        {
            errors = true;
        }
        else
        {
            foreach (KeyValuePair<string, TypedConstant> argument in model.NamedArguments)
            {
                if (argument.Key == nameof(ModelAttribute.MultiOutput))
                {
                    if (argument.Value.Value is bool intended) multiOutput = intended;
                    else errors = true;
                    continue;
                }
                if (argument.Key == nameof(ModelAttribute.Inputs))
                {
                    if (argument.Value.Value is ITypeSymbol { TypeKind: not TypeKind.Error } record) inputs = InputsReader.Read(record, type);
                    else errors = true;
                    continue;
                }
                if (argument.Key == nameof(ModelAttribute.Quantiles))
                {
                    quantiles = ReadDoubleArray(argument.Value);
                    if (quantiles is null) errors = true;
                    continue;
                }
                if (argument.Key == nameof(ModelAttribute.Distribution))
                {
                    // The enum's value as written, defined or not: the planner names an undefined one.
                    if (argument.Value.Value is int value) distribution = value;
                    else errors = true;
                    continue;
                }
                EquatableArray<int>? shape = ReadIntArray(argument.Value);
                if (shape is null) errors = true;
                else if (argument.Key == nameof(ModelAttribute.Input)) input = shape.Value;
                else if (argument.Key == nameof(ModelAttribute.Output)) output = shape.Value;
            }
        }

        EquatableArray<FieldTemplate> fields = reader.ReadModelFields(type);

        // Quantiles, Distribution and Sample are generated only for a model that declares them.
        var conflicts = ConflictingMembers(type)
            .Where(c => GeneratedNames.IsGenerated(c.Generated, c.Symbol is IMethodSymbol m ? m.Parameters.Length : 0, quantiles is not null, distribution ?? 0, inputs is not null))
            .ToList();
        INamedTypeSymbol? nonPartialContainer = FirstNonPartialContainer(type, cancellationToken);
        var spec = new ModelSpec(
            type.ContainingNamespace is { IsGlobalNamespace: false } ns ? SymbolNames.Display(ns) : null,
            type.Name,
            ClassProblemsOf(type, nonPartialContainer, cancellationToken),
            nonPartialContainer?.Name,
            ForeignBase(type)?.ToDisplayString(),
            input,
            output,
            EquatableArray<FieldSpec>.Empty,
            conflicts.Select(m => m.Description).ToEquatableArray(),
            errors,
            multiOutput,
            ContainingTypes(type),
            conflicts.Select(m => m.Generated).Distinct().ToEquatableArray(),
            inputs,
            SplitLayers(type),
            quantiles,
            distribution);
        return new ModelSource(spec, fields);
    }

    /// <summary>
    /// The model's spec: its fields made from their templates and those of the blocks they use (by key), with no
    /// compilation. A block with no template in <paramref name="blocks"/> leaves the spec with compiler errors.
    /// </summary>
    public static ModelSpec Resolve(ModelSource source, Func<string, BlockTemplate?> blocks, CancellationToken cancellationToken)
    {
        bool errors = source.Model.HasCompilerErrors;
        EquatableArray<FieldSpec> fields = new FieldReader(blocks, cancellationToken).ReadFields(source.Fields, ConstEnvironment.Declared(cancellationToken), ref errors);
        return source.Model with { Fields = fields, HasCompilerErrors = errors };
    }

    /// <summary>
    /// Reads a <c>[Model]</c> class into its spec in one go, reading the blocks it uses (and those they use) on the way:
    /// what the analyzer and tests need. The generator reads models and blocks separately (<see cref="Read"/>,
    /// <see cref="TemplateReader.ReadBlock"/>) and resolves them when either changes.
    /// </summary>
    public static ModelSpec Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
    {
        var reader = new TemplateReader(compilation, cancellationToken);
        ModelSource source = Read(type, reader, cancellationToken);
        var templates = new Dictionary<string, BlockTemplate>(StringComparer.Ordinal);
        while (reader.BlocksUsed.Keys.FirstOrDefault(k => !templates.ContainsKey(k)) is { } key)
            templates[key] = reader.ReadBlock(reader.BlocksUsed[key]);
        return Resolve(source, k => templates.TryGetValue(k, out BlockTemplate? t) ? t : null, cancellationToken);
    }

    /// <summary>
    /// MG0026's finding: layer fields on more than one file's part of the class run in an order C# does not
    /// define (the order the parts are compiled in), so the layers could change order between builds.
    /// </summary>
    private static EquatableArray<SplitLayerSpec> SplitLayers(INamedTypeSymbol type)
    {
        IFieldSymbol[] fields = LayerFieldsInDeclarationOrder(type).ToArray();
        string[] files = fields.Select(f => DeclaredAt(f)?.SourceTree?.FilePath ?? "").Distinct().ToArray();
        if (files.Length < 2) return EquatableArray<SplitLayerSpec>.Empty;
        int index = System.Array.FindIndex(fields, f => (DeclaredAt(f)?.SourceTree?.FilePath ?? "") != files[0]);
        return new[] { new SplitLayerSpec(LayerMember(fields[index]).Name, index, files.ToEquatableArray()) }.ToEquatableArray();
    }

    /// <summary>The types <paramref name="type"/> is nested in, outermost first.</summary>
    internal static EquatableArray<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
            string parameters = outer.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", outer.TypeParameters.Select(p =>
                (p.Variance switch { VarianceKind.In => "in ", VarianceKind.Out => "out ", _ => "" }) + p.ToDisplayString())) + ">";
            chain.Insert(0, new ContainingTypeSpec(keyword, outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)
                .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers)), parameters, outer.Arity));
        }
        return chain.ToEquatableArray();
    }

    /// <summary>The innermost containing type with a declaration that is not partial, if any: the generated part could not be nested in it.</summary>
    internal static INamedTypeSymbol? FirstNonPartialContainer(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartialEverywhere(outer, cancellationToken)) return outer;
        }
        return null;
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>
    /// User-written members that would clash with what the generator emits (a parameterless
    /// constructor, <c>forward(Tensor)</c>, <c>Summary(int)</c>, <c>Forecast</c>, <c>Horizon</c>, …),
    /// with a description for messages. Methods of those names with other parameters are legal overloads.
    /// </summary>
    public static IEnumerable<(ISymbol Symbol, string Description, string Generated)> ConflictingMembers(INamedTypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || IsGeneratedByModelGen(member)) continue;
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false, Parameters.Length: 0 })
            {
                yield return (member, "a parameterless constructor", GeneratedNames.Constructor);
            }
            else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                foreach ((string name, int parameters, string signature) in GeneratedNames.Methods)
                {
                    if (method.Name != name || method.Parameters.Length != parameters) continue;
                    // forward and Summary are common names: only the exact generated signature clashes.
                    bool clashes = name switch
                    {
                        GeneratedNames.Forward => method.Parameters[0].RefKind == RefKind.None && IsType(method.Parameters[0].Type, KnownNames.Tensor),
                        GeneratedNames.Summary => method.Parameters[0].RefKind == RefKind.None && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32,
                        GeneratedNames.ExportOnnx when parameters == 2 => method.Parameters.All(p => p.RefKind == RefKind.None)
                                                     && method.Parameters[0].Type.SpecialType == SpecialType.System_String && IsType(method.Parameters[1].Type, KnownNames.TrainingRecord),
                        GeneratedNames.ExportOnnx => method.Parameters[0].RefKind == RefKind.None
                                                     && (method.Parameters[0].Type.SpecialType == SpecialType.System_String || IsType(method.Parameters[0].Type, KnownNames.Stream)),
                        _ => true,
                    };
                    // A clashing forward that overrides Module's needs the generated part's base type; one that does not must not get it.
                    if (clashes) yield return (member, $"a method {signature}", name == GeneratedNames.Forward && method.IsOverride ? GeneratedNames.ForwardOverride : name);
                }
            }
            else if (member is not IMethodSymbol
                     && (GeneratedNames.Others.Contains(member.Name) || GeneratedNames.Methods.Any(m => m.Name == member.Name)))
            {
                yield return (member, $"a member named '{member.Name}'", member.Name);
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is the named type, ignoring nullable annotations.</summary>
    public static bool IsType(ITypeSymbol type, string displayName) =>
        SymbolNames.HasDisplay(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), displayName);

    /// <summary>
    /// Fields with ModelGen attributes, including the backing fields of auto-properties declared with
    /// <c>[field: Linear(...)]</c>, ordered by where they are declared (file, then position).
    /// </summary>
    public static IEnumerable<IFieldSymbol> LayerFieldsInDeclarationOrder(INamedTypeSymbol type) =>
        type.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => (!f.IsImplicitlyDeclared || f.AssociatedSymbol is IPropertySymbol)
                        && (IsBlock(f.Type) || f.GetAttributes().Any(a => IsLayerAttribute(a) || IsStepAttribute(a) || IsGraphAttribute(a))))
            .OrderBy(f => DeclaredAt(f)?.SourceTree?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(f => DeclaredAt(f)?.SourceSpan.Start ?? 0);

    /// <summary>The member a layer is declared on: the field, or the auto-property it backs.</summary>
    public static ISymbol LayerMember(IFieldSymbol field) => field.AssociatedSymbol ?? field;

    internal static Location? DeclaredAt(IFieldSymbol field) => LayerMember(field).Locations.FirstOrDefault();

    public static AttributeData? FindAttribute(ImmutableArray<AttributeData> attributes, string name) =>
        attributes.FirstOrDefault(a => IsNamed(a, name));

    public static bool IsLayerAttribute(AttributeData attribute) =>
        attribute.AttributeClass is { } type && LayerKinds.Find(type) is not null;

    public static bool IsStepAttribute(AttributeData attribute) =>
        IsNamed(attribute, KnownNames.LastStepAttribute) || IsNamed(attribute, KnownNames.StepAttribute);

    /// <summary><c>[From]</c> or <c>[With]</c>: attributes that place a field in the graph.</summary>
    public static bool IsGraphAttribute(AttributeData attribute) =>
        IsNamed(attribute, KnownNames.FromAttribute) || IsNamed(attribute, KnownNames.WithAttribute);

    /// <summary>Whether a field of this type uses a block: its type is a class with <c>[Block]</c>.</summary>
    public static bool IsBlock(ITypeSymbol type) =>
        type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) is INamedTypeSymbol { TypeKind: TypeKind.Class } named
        && FindAttribute(named.GetAttributes(), KnownNames.BlockAttribute) is not null;

    /// <summary>
    /// Whether TorchSharp's <c>Module&lt;Tensor, Tensor&gt;</c> or one of its bases has a public or protected member of
    /// this name (<paramref name="module"/> is that type, or null when TorchSharp is not referenced).
    /// </summary>
    internal static bool IsModuleMember(INamedTypeSymbol? module, string name)
    {
        for (ITypeSymbol? type = module; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (ISymbol member in type.GetMembers(name))
            {
                if (member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal
                    && !member.IsImplicitlyDeclared && member is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                    return true;
            }
        }
        return false;
    }

    private static EquatableArray<double>? ReadDoubleArray(TypedConstant constant)
    {
        if (constant.Kind != TypedConstantKind.Array || constant.IsNull) return constant.IsNull ? EquatableArray<double>.Empty : null;
        var values = new List<double>();
        foreach (TypedConstant item in constant.Values)
        {
            if (item.Value is not double value) return null;
            values.Add(value);
        }
        return values.ToEquatableArray();
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

    internal static ClassProblems ClassProblemsOf(INamedTypeSymbol type, INamedTypeSymbol? nonPartialContainer, CancellationToken cancellationToken)
    {
        ClassProblems problems = ClassProblems.None;
        if (!IsPartialEverywhere(type, cancellationToken)) problems |= ClassProblems.NotPartial;
        if (type.TypeParameters.Length > 0) problems |= ClassProblems.Generic;
        if (nonPartialContainer is not null) problems |= ClassProblems.Nested;
        if (type.IsAbstract && !type.IsStatic) problems |= ClassProblems.Abstract;
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.IsFileLocal) problems |= ClassProblems.FileLocal;
        }
        if (type.IsStatic) problems |= ClassProblems.Static;
        if (type.IsRecord) problems |= ClassProblems.Record;
        if (ForeignBase(type) is not null) problems |= ClassProblems.ForeignBase;
        return problems;
    }

    /// <summary>A base class other than object or the module base the generator adds itself.</summary>
    internal static INamedTypeSymbol? ForeignBase(INamedTypeSymbol type) =>
        type.BaseType is { SpecialType: not SpecialType.System_Object } baseType
        && !IsModuleBase(baseType)
        && type.TypeKind == TypeKind.Class
            ? baseType
            : null;

    /// <summary>
    /// <c>Module&lt;T, Tensor&gt;</c>: the base the generated part declares (T is <c>Tensor</c>, or a model's inputs record), or
    /// an N-BEATS block's <c>Module&lt;Tensor, (Tensor, Tensor)&gt;</c>.
    /// </summary>
    private static bool IsModuleBase(INamedTypeSymbol type) =>
        type is { Name: "Module", Arity: 2, ContainingType: { } nn } && SymbolNames.HasDisplay(nn, "TorchSharp.torch.nn")
        && type.TypeArguments.Length == 2
        && (IsType(type.TypeArguments[1], KnownNames.Tensor)
            // An N-BEATS block's: (Tensor Backcast, Tensor Forecast).
            || type.TypeArguments[1] is INamedTypeSymbol { IsTupleType: true, TupleElements: [{ Type: { } first }, { Type: { } second }] }
               && IsType(first, KnownNames.Tensor) && IsType(second, KnownNames.Tensor));

    internal static bool IsGeneratedByModelGen(ISymbol member) =>
        member.GetAttributes().Any(a => IsNamed(a, KnownNames.GeneratedCodeAttribute)
            && a.ConstructorArguments.Length > 0
            && a.ConstructorArguments[0].Value as string == KnownNames.Tool);

    internal static bool IsNamed(AttributeData attribute, string name) =>
        attribute.AttributeClass is { } type && HasFullName(type, name);

    /// <summary>
    /// Whether <paramref name="type"/> is the named type (<c>ModelGen.FromAttribute</c>), comparing names from the
    /// simple one back rather than formatting the full one: a parse asks this of every attribute of every field.
    /// </summary>
    internal static bool HasFullName(INamedTypeSymbol type, string fullName) => SymbolNames.HasDisplay(type, fullName);

    internal static string ShortName(INamedTypeSymbol attributeClass) => AttributeNames.Short(attributeClass.Name);
}
