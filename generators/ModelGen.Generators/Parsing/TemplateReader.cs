using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads the fields of a model or block class, and block classes themselves, into templates (<see cref="FieldTemplate"/>,
/// <see cref="BlockTemplate"/>): the compiler's values for every argument, and for the arguments in a block that read
/// its consts, their expressions. This is the only part of reading fields that needs the compilation; making a spec of
/// them (<see cref="FieldReader"/>) needs only the templates.
/// </summary>
internal sealed class TemplateReader
{
    private readonly Compilation _compilation;
    private INamedTypeSymbol? _module;
    private bool _moduleLooked;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();

    /// <summary>The blocks the fields read so far use, by key: those a spec needs templates of.</summary>
    public Dictionary<string, INamedTypeSymbol> BlocksUsed { get; } = new(System.StringComparer.Ordinal);

    public TemplateReader(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Whether a field's name is taken by a member of TorchSharp's module base (looked up once it is asked).</summary>
    private bool IsModuleMember(string name)
    {
        if (!_moduleLooked)
        {
            _module = _compilation.GetTypeByMetadataName(KnownNames.ModuleBaseMetadata);
            _moduleLooked = true;
        }
        return ModelParser.IsModuleMember(_module, name);
    }

    /// <summary>One semantic model per syntax tree for the whole read: a new one would bind everything again.</summary>
    private SemanticModel ModelOf(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out SemanticModel? model)) _models[tree] = model = _compilation.GetSemanticModel(tree);
        return model;
    }

    /// <summary>The key a block is found by: its fully qualified name.</summary>
    public static string Key(INamedTypeSymbol block) => block.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The fields of a model (whose arguments are the compiler's, with no consts to change them).</summary>
    public EquatableArray<FieldTemplate> ReadModelFields(INamedTypeSymbol model) => ReadFields(model, builder: null);

    /// <summary>A block class: its header, consts and fields.</summary>
    public BlockTemplate ReadBlock(INamedTypeSymbol block)
    {
        var builder = new ConstExpressionBuilder(block, ModelOf, _cancellationToken);
        IFieldSymbol[] layerFields = ModelParser.LayerFieldsInDeclarationOrder(block).ToArray();
        EquatableArray<ConstTemplate> consts = block.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst)
            .Select(f => Const(f, builder)).ToEquatableArray();
        EquatableArray<FieldTemplate> fields = layerFields.Select(f => ReadField(f, builder)).ToEquatableArray();
        string? split = layerFields.Select(f => ModelParser.DeclaredAt(f)?.SourceTree?.FilePath ?? "").Distinct().Count() > 1
            ? "declares its layers on parts of the class in different files, whose order C# does not define"
            : null;
        BlockHeader header = Header(block);
        var classSpec = new BlockClassSpec(
            header.Namespace,
            header.ClassName,
            header.ContainingTypes,
            header.Problems,
            header.OuterClassName,
            header.Residual,
            layerFields.Where(f => !f.IsStatic).Select(f => new BlockFieldSpec(ModelParser.LayerMember(f).Name, f.Type.NullableAnnotation == NullableAnnotation.Annotated)).ToEquatableArray(),
            header.ConflictingMembers,
            layerFields.Any(f => f.Type.TypeKind == TypeKind.Error),
            header.Backcast is not null && header.Forecast is not null);
        return new BlockTemplate(Key(block), header, consts, fields, split, classSpec);
    }

    private EquatableArray<FieldTemplate> ReadFields(INamedTypeSymbol owner, ConstExpressionBuilder? builder)
    {
        var fields = new List<FieldTemplate>();
        foreach (IFieldSymbol field in ModelParser.LayerFieldsInDeclarationOrder(owner))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            fields.Add(ReadField(field, builder));
        }
        return fields.ToEquatableArray();
    }

    private FieldTemplate ReadField(IFieldSymbol field, ConstExpressionBuilder? builder)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        ImmutableArray<AttributeData> attributes = field.GetAttributes();
        AttributeData[] layerAttributes = attributes.Where(ModelParser.IsLayerAttribute).ToArray();
        AttributeData[] stepAttributes = attributes.Where(ModelParser.IsStepAttribute).ToArray();
        bool isBlock = ModelParser.IsBlock(field.Type);
        bool errors = field.Type.TypeKind == TypeKind.Error;

        LayerTemplate? layer = layerAttributes.Length > 0 && !isBlock ? ReadLayer(layerAttributes[0], builder) : null;
        StepTemplate? step = stepAttributes.Length > 0 ? ReadStep(stepAttributes[0], builder) : null;

        FromSpec? from = null;
        if (ModelParser.FindAttribute(attributes, KnownNames.FromAttribute) is { } fromAttribute)
        {
            if (fromAttribute.ConstructorArguments is [{ Kind: TypedConstantKind.Array } names] && names.Values.All(v => v.Value is string))
            {
                Merge merge = fromAttribute.NamedArguments.FirstOrDefault(a => a.Key == nameof(FromAttribute.Merge)).Value.Value is int m ? (Merge)m : Merge.Concat;
                from = new FromSpec(names.Values.Select(v => (string)v.Value!).ToEquatableArray(), merge);
            }
            else errors = true;
        }

        EquatableArray<WithTemplate> withs = attributes.Where(a => ModelParser.IsNamed(a, KnownNames.WithAttribute)).Select(w => ReadWith(w, builder)).ToEquatableArray();
        BlockUseTemplate? block = null;
        if (isBlock)
        {
            var blockType = (INamedTypeSymbol)field.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            string key = Key(blockType);
            if (SymbolEqualityComparer.Default.Equals(blockType.ContainingAssembly, _compilation.Assembly))
            {
                BlocksUsed[key] = blockType;
                block = new BlockUseTemplate(key);
            }
            else
            {
                // Declared in another assembly: no template; what its use reports needs the class and its consts.
                block = new BlockUseTemplate(key, blockType.ContainingAssembly?.Name ?? "?", Header(blockType),
                    blockType.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && f.DeclaredAccessibility == Accessibility.Public)
                        .Select(f => Const(f, builder: null)).ToEquatableArray());
            }
        }

        string name = ModelParser.LayerMember(field).Name;
        return new FieldTemplate(
            name,
            SymbolNames.Display(field.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
            field.IsStatic,
            layerAttributes.Select(a => ModelParser.ShortName(a.AttributeClass!)).ToEquatableArray(),
            stepAttributes.Select(a => ModelParser.ShortName(a.AttributeClass!)).ToEquatableArray(),
            field.Type.NullableAnnotation == NullableAnnotation.Annotated,
            IsModuleMember(name) ? name : null,
            from,
            errors,
            layer,
            step,
            withs,
            block);
    }

    private ConstTemplate Const(IFieldSymbol constant, ConstExpressionBuilder? builder)
    {
        ConstExpression? initializer = null;
        if (builder is not null
            && constant.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault()?.Initializer?.Value is { } value)
            initializer = builder.BuildIfReadsConsts(value);
        return new ConstTemplate(constant.Name, constant.DeclaredAccessibility == Accessibility.Public, ConstType.Of(constant.Type),
            constant.HasConstantValue ? new ConstValue(constant.ConstantValue) : null, initializer);
    }

    /// <summary>A block class's header: its names, and what keeps it from taking a generated part.</summary>
    private BlockHeader Header(INamedTypeSymbol block)
    {
        INamedTypeSymbol? nonPartial = ModelParser.FirstNonPartialContainer(block, _cancellationToken);
        return new BlockHeader(
            block.Name,
            block.ContainingNamespace is { IsGlobalNamespace: false } ns ? SymbolNames.Display(ns) : null,
            ModelParser.ContainingTypes(block),
            ModelParser.ClassProblemsOf(block, nonPartial, _cancellationToken),
            nonPartial?.Name,
            Residual(block),
            BlockReader.ConflictingMembers(block).ToEquatableArray(),
            Named(block, nameof(BlockAttribute.Backcast)),
            Named(block, nameof(BlockAttribute.Forecast)),
            Flag(block, nameof(BlockAttribute.ChannelIndependent)));
    }

    /// <summary>A string property of the block's <c>[Block]</c> (<c>Backcast</c>, <c>Forecast</c>), when it is set.</summary>
    private static string? Named(INamedTypeSymbol block, string property) =>
        ModelParser.FindAttribute(block.GetAttributes(), KnownNames.BlockAttribute)?.NamedArguments
            .FirstOrDefault(a => a.Key == property).Value.Value as string;

    internal static bool Residual(INamedTypeSymbol block) => Flag(block, nameof(BlockAttribute.Residual));

    /// <summary>A bool property of the block's <c>[Block]</c> (<c>Residual</c>, <c>ChannelIndependent</c>): whether it is set to true.</summary>
    private static bool Flag(INamedTypeSymbol block, string property) =>
        ModelParser.FindAttribute(block.GetAttributes(), KnownNames.BlockAttribute)?.NamedArguments
            .FirstOrDefault(a => a.Key == property).Value.Value is true;

    private LayerTemplate ReadLayer(AttributeData attribute, ConstExpressionBuilder? builder)
    {
        LayerKind kind = LayerKinds.Find(attribute.AttributeClass!)!;
        string attributeName = kind.AttributeType.FullName!;
        if (LayerReader.ReadArguments(attribute, kind.AttributeType) is not { } arguments)
            return new LayerTemplate(attributeName, false, EquatableArray<string>.Empty, EquatableArray<ConstValue>.Empty, EquatableArray<NamedValue>.Empty, EquatableArray<ArgumentExpression>.Empty);
        var expressions = new List<ArgumentExpression>();
        if (builder is not null)
        {
            foreach ((string name, bool isProperty, ExpressionSyntax expression) in Arguments(attribute))
            {
                if (builder.BuildIfReadsConsts(expression) is { } tree) expressions.Add(new ArgumentExpression(name, isProperty, tree));
            }
        }
        return new LayerTemplate(attributeName, true, arguments.Parameters, arguments.Values, arguments.Properties, expressions.ToEquatableArray());
    }

    private StepTemplate ReadStep(AttributeData selection, ConstExpressionBuilder? builder)
    {
        if (ModelParser.IsNamed(selection, KnownNames.LastStepAttribute)) return new StepTemplate(true, null, null);
        return new StepTemplate(false, Declared(selection, 0), ArgumentExpressionAt(selection, 0, builder));
    }

    private WithTemplate ReadWith(AttributeData with, ConstExpressionBuilder? builder)
    {
        bool wellFormed = with.ConstructorArguments.Length == 2 && with.ConstructorArguments[0].Value is string;
        string valueText = with.ConstructorArguments.Length > 1 && with.ConstructorArguments[1].Kind != TypedConstantKind.Array
            ? FieldReader.Text(with.ConstructorArguments[1].Value)
            : "?";
        string valueSource = with.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: 2 } written }
            ? written[1].Expression.ToString()
            : valueText;
        return new WithTemplate(
            wellFormed ? (string)with.ConstructorArguments[0].Value! : null,
            with.ConstructorArguments.ElementAtOrDefault(0).Value as string ?? "?",
            Declared(with, 1),
            ArgumentExpressionAt(with, 1, builder),
            valueText,
            valueSource);
    }

    /// <summary>The compiler's value of the attribute's <paramref name="position"/>-th constructor argument, if there is one.</summary>
    private static ConstValue? Declared(AttributeData attribute, int position) =>
        position < attribute.ConstructorArguments.Length ? new ConstValue(Value(attribute.ConstructorArguments[position])) : null;

    /// <summary>The expression written for the <paramref name="position"/>-th constructor parameter, when it reads the block's consts.</summary>
    private ConstExpression? ArgumentExpressionAt(AttributeData attribute, int position, ConstExpressionBuilder? builder)
    {
        if (builder is null || position >= attribute.ConstructorArguments.Length) return null;
        string? parameter = attribute.AttributeConstructor?.Parameters.ElementAtOrDefault(position)?.Name;
        foreach ((string name, bool isProperty, ExpressionSyntax expression) in Arguments(attribute))
        {
            if (isProperty || name != parameter) continue;
            if (builder.BuildIfReadsConsts(expression) is { } tree) return tree;
        }
        return null;
    }

    private static object? Value(TypedConstant constant) => constant.Kind switch
    {
        TypedConstantKind.Error => null,
        TypedConstantKind.Array => constant.IsNull ? null : constant.Values.Select(Value).ToArray(),
        _ => constant.Value,
    };

    /// <summary>The expression written for each constructor parameter (by position or <c>name:</c>) and named property.</summary>
    private IEnumerable<(string Name, bool IsProperty, ExpressionSyntax Expression)> Arguments(AttributeData attribute)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is not AttributeSyntax { ArgumentList: { } list }) yield break;
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
}
