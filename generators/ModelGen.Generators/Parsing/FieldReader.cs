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
/// Reads the fields of a model or block class into <see cref="FieldSpec"/>s: their layer, step selection,
/// <c>[From]</c> and <c>[With]</c> attributes, and, for a field whose type is a <c>[Block]</c> class, the block as
/// this use instantiates it (its consts set by the use's <c>[With]</c>s, its fields read again with them, its
/// inner blocks in turn). One reader per model parse: it keeps the blocks being read, to catch a block that
/// contains itself, and a budget, so no declaration can make it recurse without end.
/// </summary>
internal sealed class FieldReader(Compilation compilation, ISet<string> moduleMembers, CancellationToken cancellationToken)
{
    /// <summary>How many block uses one model may have in all, counting those inside blocks.</summary>
    public const int MaxBlockUses = 1000;

    private readonly Stack<INamedTypeSymbol> _reading = new();
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();
    private int _uses;

    /// <summary>One semantic model per syntax tree for the whole parse: a new one would bind everything again.</summary>
    private SemanticModel ModelOf(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out SemanticModel? model)) _models[tree] = model = compilation.GetSemanticModel(tree);
        return model;
    }

    public EquatableArray<FieldSpec> ReadFields(INamedTypeSymbol owner, ConstEnvironment consts, ref bool errors)
    {
        var fields = new List<FieldSpec>();
        foreach (IFieldSymbol field in ModelParser.LayerFieldsInDeclarationOrder(owner))
        {
            cancellationToken.ThrowIfCancellationRequested();
            fields.Add(ReadField(field, consts, ref errors));
        }
        return fields.ToEquatableArray();
    }

    private FieldSpec ReadField(IFieldSymbol field, ConstEnvironment consts, ref bool errors)
    {
        ImmutableArray<AttributeData> attributes = field.GetAttributes();
        AttributeData[] layerAttributes = attributes.Where(ModelParser.IsLayerAttribute).ToArray();
        AttributeData[] stepAttributes = attributes.Where(ModelParser.IsStepAttribute).ToArray();
        string? evaluationProblem = null;

        LayerSpec? layer = null;
        if (layerAttributes.Length > 0 && !ModelParser.IsBlock(field.Type))
        {
            ConstArguments? arguments = Arguments(layerAttributes[0], consts);
            layer = LayerReader.Read(layerAttributes[0], arguments, out bool failed, out evaluationProblem);
            errors |= failed;
        }
        int? step = null;
        if (stepAttributes.Length > 0)
        {
            AttributeData selection = stepAttributes[0];
            if (ModelParser.IsNamed(selection, KnownNames.LastStepAttribute)) step = -1;
            else if (Evaluate(selection, 0, consts, ref evaluationProblem) is int index) step = index;
            else if (evaluationProblem is null) errors = true;
        }
        if (field.Type.TypeKind == TypeKind.Error) errors = true;

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

        AttributeData[] withAttributes = attributes.Where(a => ModelParser.IsNamed(a, KnownNames.WithAttribute)).ToArray();
        BlockSpec? block = null;
        EquatableArray<OverrideSpec> overrides;
        if (ModelParser.IsBlock(field.Type))
        {
            var blockType = (INamedTypeSymbol)field.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
            (overrides, List<(IFieldSymbol, object)> values) = ReadOverrides(withAttributes, blockType, consts, ref errors);
            // A layer attribute on a block field is an error (MG0023); the block is still read, so the field is a node.
            block = ReadBlock(blockType, values, ref errors, out IReadOnlyList<(IFieldSymbol Const, string Initializer, string Problem)> constProblems);
            if (constProblems.Count > 0) overrides = Blame(overrides, constProblems[0]);
        }
        else
        {
            overrides = withAttributes.Select(w => new OverrideSpec(NameOf(w), ValueText(w), "is on a field that is not a block",
                "[With] only on a field whose type is a [Block] class")).ToEquatableArray();
        }

        string name = ModelParser.LayerMember(field).Name;
        return new FieldSpec(
            name,
            field.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(),
            field.IsStatic,
            layerAttributes.Select(a => ModelParser.ShortName(a.AttributeClass!)).ToEquatableArray(),
            layer,
            stepAttributes.Select(a => ModelParser.ShortName(a.AttributeClass!)).ToEquatableArray(),
            step,
            field.Type.NullableAnnotation == NullableAnnotation.Annotated,
            moduleMembers.Contains(name) ? name : null,
            from,
            block,
            overrides,
            evaluationProblem);
    }

    /// <summary>The arguments of an attribute inside a block, computed again where they read a const the use changes.</summary>
    private ConstArguments? Arguments(AttributeData attribute, ConstEnvironment consts)
    {
        if (consts.IsEmpty || attribute.ApplicationSyntaxReference is not { } reference) return null;
        return new ConstArguments(consts, ModelOf(reference.SyntaxTree), cancellationToken);
    }

    /// <summary>The value of the attribute's <paramref name="position"/>-th constructor argument, computed with the consts in force.</summary>
    private object? Evaluate(AttributeData attribute, int position, ConstEnvironment consts, ref string? problem)
    {
        if (position >= attribute.ConstructorArguments.Length) return null;
        TypedConstant declared = attribute.ConstructorArguments[position];
        if (Arguments(attribute, consts) is not { } arguments) return Value(declared);
        string? parameter = attribute.AttributeConstructor?.Parameters.ElementAtOrDefault(position)?.Name;
        foreach ((string name, bool isProperty, ExpressionSyntax expression) in ConstArguments.Arguments(attribute, cancellationToken))
        {
            if (isProperty || name != parameter || !consts.DependsOn(expression, arguments.Model)) continue;
            return consts.TryEvaluate(expression, arguments.Model, out object? value, out problem) ? value : null;
        }
        return Value(declared);
    }

    private static object? Value(TypedConstant constant) => constant.Kind switch
    {
        TypedConstantKind.Error => null,
        TypedConstantKind.Array => constant.IsNull ? null : constant.Values.Select(Value).ToArray(),
        _ => constant.Value,
    };

    /// <summary>The use's <c>[With]</c>s: each checked against the block's public consts, and the values they set.</summary>
    private (EquatableArray<OverrideSpec> Overrides, List<(IFieldSymbol Const, object Value)> Values) ReadOverrides(
        AttributeData[] withAttributes, INamedTypeSymbol block, ConstEnvironment consts, ref bool errors)
    {
        IFieldSymbol[] parameters = block.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && f.DeclaredAccessibility == Accessibility.Public).ToArray();
        string available = parameters.Length == 0
            ? $"{block.Name} has no public consts to set"
            : $"one of {block.Name}'s public consts: {string.Join(", ", parameters.Select(p => $"'{p.Name}'"))}";
        var overrides = new List<OverrideSpec>();
        var values = new List<(IFieldSymbol, object)>();
        foreach (AttributeData with in withAttributes)
        {
            if (with.ConstructorArguments.Length != 2 || with.ConstructorArguments[0].Value is not string name)
            {
                errors = true;
                continue;
            }
            string? problem = null;
            object? value = Evaluate(with, 1, consts, ref problem);
            string text = problem is null ? Text(value) : ValueSource(with); // a value that cannot be computed, as written
            IFieldSymbol? target = parameters.FirstOrDefault(p => p.Name == name);
            if (problem is not null) overrides.Add(new OverrideSpec(name, text, problem, "a value ModelGen can compute from the enclosing block's consts", AtValue: true));
            else if (target is null) overrides.Add(new OverrideSpec(name, text, $"names a const {block.Name} does not have", available));
            else if (values.Any(v => SymbolEqualityComparer.Default.Equals(v.Item1, target)))
                overrides.Add(new OverrideSpec(name, text, $"sets '{name}' again", "one [With] per const"));
            else if (value is null || value is object?[] || !ConstEnvironment.Convert(value, target.Type, out object? typed))
                overrides.Add(new OverrideSpec(name, text, $"gives {Describe(value)} for the {target.Type.ToDisplayString()} const '{name}'",
                    $"a value of type {target.Type.ToDisplayString()}", AtValue: true));
            else
            {
                overrides.Add(new OverrideSpec(name, text));
                values.Add((target, typed!));
            }
        }
        return (overrides.ToEquatableArray(), values);
    }

    /// <summary>
    /// MG0025 on the use's last applied [With] that the failing const reads (or its first applied one): its values leave
    /// a const of the block computed from them without a value.
    /// </summary>
    private static EquatableArray<OverrideSpec> Blame(EquatableArray<OverrideSpec> overrides, (IFieldSymbol Const, string Initializer, string Problem) failure)
    {
        var list = overrides.ToList();
        int k = list.FindLastIndex(o => o.Problem is null && System.Text.RegularExpressions.Regex.IsMatch(failure.Initializer, $@"\b{System.Text.RegularExpressions.Regex.Escape(o.Name)}\b"));
        if (k < 0) k = list.FindIndex(o => o.Problem is null);
        if (k < 0) return overrides;
        list[k] = list[k] with
        {
            Problem = $"leaves the const {failure.Const.Name} = {failure.Initializer} without a value at this use: {failure.Problem}",
            Expected = "values for which every const of the block computed from them can be computed",
            AtValue = true,
        };
        return list.ToEquatableArray();
    }

    /// <summary>The block as this use instantiates it, or the reason it cannot be read here.</summary>
    private BlockSpec ReadBlock(INamedTypeSymbol block, List<(IFieldSymbol Const, object Value)> values, ref bool errors,
        out IReadOnlyList<(IFieldSymbol Const, string Initializer, string Problem)> constProblems)
    {
        constProblems = [];
        INamedTypeSymbol? nonPartial = ModelParser.FirstNonPartialContainer(block, cancellationToken);
        BlockSpec Empty(string? problem) => new(
            block.Name,
            block.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ModelParser.ContainingTypes(block),
            ModelParser.ClassProblemsOf(block, nonPartial, cancellationToken),
            nonPartial?.Name,
            Residual(block),
            EquatableArray<FieldSpec>.Empty,
            EquatableArray<ConstSpec>.Empty,
            problem,
            BlockReader.ConflictingMembers(block).ToEquatableArray());

        if (_reading.Any(b => SymbolEqualityComparer.Default.Equals(b, block)))
            return Empty($"contains itself ({string.Join(" → ", _reading.Reverse().Append(block).Select(b => b.Name))})");
        if (!SymbolEqualityComparer.Default.Equals(block.ContainingAssembly, compilation.Assembly))
            return Empty($"is declared in the assembly {block.ContainingAssembly?.Name} (ModelGen writes each use's code into the block class, so it must be declared in this project)");
        if (++_uses > MaxBlockUses)
            return Empty($"is one use too many: the model uses more than {MaxBlockUses:N0} blocks in all, counting those inside blocks");
        if (_reading.Count >= GraphPlanner.MaxBlockDepth)
            return Empty($"nests blocks more than {GraphPlanner.MaxBlockDepth} deep");

        _reading.Push(block);
        try
        {
            ConstEnvironment consts = ConstEnvironment.For(block, values, ModelOf, cancellationToken);
            constProblems = consts.Problems;
            EquatableArray<FieldSpec> fields = ReadFields(block, consts, ref errors);
            EquatableArray<ConstSpec> constants = block.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.IsConst && f.DeclaredAccessibility == Accessibility.Public)
                .Select(f => consts.ValueOf(f) is { } value ? new ConstSpec(f.Name, Text(value), true) : new ConstSpec(f.Name, Text(f.ConstantValue), false))
                .ToEquatableArray();
            string? split = ModelParser.LayerFieldsInDeclarationOrder(block).Select(f => ModelParser.DeclaredAt(f)?.SourceTree?.FilePath ?? "").Distinct().Count() > 1
                ? "declares its layers on parts of the class in different files, whose order C# does not define"
                : null;
            return Empty(split) with { Fields = fields, Consts = constants };
        }
        finally
        {
            _reading.Pop();
        }
    }

    internal static bool Residual(INamedTypeSymbol block) =>
        ModelParser.FindAttribute(block.GetAttributes(), KnownNames.BlockAttribute)?.NamedArguments
            .FirstOrDefault(a => a.Key == nameof(BlockAttribute.Residual)).Value.Value is true;

    private static string NameOf(AttributeData with) => with.ConstructorArguments.ElementAtOrDefault(0).Value as string ?? "?";

    /// <summary>The value argument of <c>[With]</c> as the user wrote it: <c>In / Div</c>.</summary>
    private string ValueSource(AttributeData with) =>
        with.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: 2 } arguments }
            ? arguments[1].Expression.ToString()
            : ValueText(with);

    private static string ValueText(AttributeData with) =>
        with.ConstructorArguments.Length > 1 && with.ConstructorArguments[1].Kind != TypedConstantKind.Array ? Text(with.ConstructorArguments[1].Value) : "?";

    /// <summary>A value as C# writes it: <c>5</c>, <c>0.1</c>, <c>true</c>, <c>"relu"</c>.</summary>
    internal static string Text(object? value) => value switch
    {
        null => "null",
        object?[] items => "[" + string.Join(", ", items.Select(Text)) + "]",
        double d => Format.DoubleLiteral(d),
        float f => Format.Real(f) + "f",
        _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) ?? value.ToString() ?? "",
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        int => $"the int {Text(value)}",
        long => $"the long {Text(value)}",
        double => $"the double {Text(value)}",
        float => $"the float {Text(value)}",
        bool => $"the bool {Text(value)}",
        string => $"the string {Text(value)}",
        _ => Text(value),
    };
}
