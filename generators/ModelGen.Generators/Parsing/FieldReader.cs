using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Makes <see cref="FieldSpec"/>s of the field templates of a model or block (<see cref="TemplateReader"/>): their layer,
/// step selection, <c>[From]</c> and <c>[With]</c>s, and, for a field whose type is a <c>[Block]</c> class, the block as
/// this use instantiates it (its consts set by the use's <c>[With]</c>s, its fields made again with them, its inner
/// blocks in turn). Needs only templates, no compilation. One reader per model: it keeps the blocks being read, to catch
/// a block that contains itself, and a budget, so no declaration can make it recurse without end.
/// </summary>
internal sealed class FieldReader(Func<string, BlockTemplate?> blocks, CancellationToken cancellationToken)
{
    /// <summary>How many block uses one model may have in all, counting those inside blocks.</summary>
    public const int MaxBlockUses = 1000;

    private readonly Stack<(string Key, string Name)> _reading = new();
    private int _uses;

    public EquatableArray<FieldSpec> ReadFields(EquatableArray<FieldTemplate> fields, ConstEnvironment consts, ref bool errors)
    {
        var specs = new List<FieldSpec>(fields.Count);
        foreach (FieldTemplate field in fields)
        {
            cancellationToken.ThrowIfCancellationRequested();
            specs.Add(ReadField(field, consts, ref errors));
        }
        return specs.ToEquatableArray();
    }

    private FieldSpec ReadField(FieldTemplate field, ConstEnvironment consts, ref bool errors)
    {
        string? evaluationProblem = null;
        LayerSpec? layer = null;
        if (field.Layer is { } template)
        {
            layer = LayerReader.Instantiate(template, consts, out bool failed, out evaluationProblem);
            errors |= failed;
        }
        int? step = null;
        if (field.Step is { } selection)
        {
            if (selection.IsLast) step = -1;
            else if (Evaluate(selection.Declared, selection.Expression, consts, ref evaluationProblem) is int index) step = index;
            else if (evaluationProblem is null) errors = true;
        }
        if (field.HasCompilerErrors) errors = true;

        BlockSpec? block = null;
        EquatableArray<OverrideSpec> overrides;
        if (field.Block is { } use)
        {
            BlockTemplate? used = blocks(use.Key);
            (overrides, List<(string, object)> values) = ReadOverrides(field.Withs, used, use, consts, ref errors);
            // A layer attribute on a block field is an error (MG0023); the block is still read, so the field is a node.
            block = ReadBlock(use, used, values, ref errors, out IReadOnlyList<(string Const, string Initializer, string Problem)> constProblems);
            if (constProblems.Count > 0) overrides = Blame(overrides, constProblems[0]);
        }
        else
        {
            overrides = field.Withs.Select(w => new OverrideSpec(w.DisplayName, w.ValueText, "is on a field that is not a block",
                "[With] only on a field whose type is a [Block] class")).ToEquatableArray();
        }

        return new FieldSpec(
            field.Name,
            field.TypeName,
            field.IsStatic,
            field.LayerAttributes,
            layer,
            field.StepAttributes,
            step,
            field.IsNullable,
            field.HiddenBaseMember,
            field.From,
            block,
            overrides,
            evaluationProblem);
    }

    /// <summary>An argument's value with the consts in force: computed again when it reads one that differs here, else the compiler's.</summary>
    private static object? Evaluate(ConstValue? declared, ConstExpression? expression, ConstEnvironment consts, ref string? problem)
    {
        if (!consts.DependsOn(expression)) return declared?.Value;
        return consts.TryEvaluate(expression!, out object? value, out problem) ? value : null;
    }

    /// <summary>The use's <c>[With]</c>s: each checked against the block's public consts, and the values they set.</summary>
    private (EquatableArray<OverrideSpec> Overrides, List<(string Const, object Value)> Values) ReadOverrides(
        EquatableArray<WithTemplate> withs, BlockTemplate? block, BlockUseTemplate use, ConstEnvironment consts, ref bool errors)
    {
        string blockName = block?.Header.ClassName ?? use.ForeignHeader?.ClassName ?? use.Key;
        ConstTemplate[] parameters = (block?.PublicConsts ?? use.ForeignConsts).ToArray();
        string available = parameters.Length == 0
            ? $"{blockName} has no public consts to set"
            : $"one of {blockName}'s public consts: {string.Join(", ", parameters.Select(p => $"'{p.Name}'"))}";
        var overrides = new List<OverrideSpec>();
        var values = new List<(string, object)>();
        foreach (WithTemplate with in withs)
        {
            if (with.Name is not { } name)
            {
                errors = true;
                continue;
            }
            string? problem = null;
            object? value = Evaluate(with.Declared, with.Expression, consts, ref problem);
            string text = problem is null ? Text(value) : with.ValueSource; // a value that cannot be computed, as written
            ConstTemplate? target = parameters.FirstOrDefault(p => p.Name == name);
            if (problem is not null) overrides.Add(new OverrideSpec(name, text, problem, "a value ModelGen can compute from the enclosing block's consts", AtValue: true));
            else if (target is null) overrides.Add(new OverrideSpec(name, text, $"names a const {blockName} does not have", available));
            else if (values.Any(v => v.Item1 == target.Name))
                overrides.Add(new OverrideSpec(name, text, $"sets '{name}' again", "one [With] per const"));
            else if (value is null || value is object?[] || !ConstEnvironment.Convert(value, target.Type, out object? typed))
                overrides.Add(new OverrideSpec(name, text, $"gives {Describe(value)} for the {target.Type.Display} const '{name}'",
                    $"a value of type {target.Type.Display}", AtValue: true));
            else
            {
                overrides.Add(new OverrideSpec(name, text));
                values.Add((target.Name, typed!));
            }
        }
        return (overrides.ToEquatableArray(), values);
    }

    /// <summary>
    /// MG0025 on the use's last applied [With] that the failing const reads (or its first applied one): its values leave
    /// a const of the block computed from them without a value.
    /// </summary>
    private static EquatableArray<OverrideSpec> Blame(EquatableArray<OverrideSpec> overrides, (string Const, string Initializer, string Problem) failure)
    {
        var list = overrides.ToList();
        int k = list.FindLastIndex(o => o.Problem is null && System.Text.RegularExpressions.Regex.IsMatch(failure.Initializer, $@"\b{System.Text.RegularExpressions.Regex.Escape(o.Name)}\b"));
        if (k < 0) k = list.FindIndex(o => o.Problem is null);
        if (k < 0) return overrides;
        list[k] = list[k] with
        {
            Problem = $"leaves the const {failure.Const} = {failure.Initializer} without a value at this use: {failure.Problem}",
            Expected = "values for which every const of the block computed from them can be computed",
            AtValue = true,
        };
        return list.ToEquatableArray();
    }

    /// <summary>The block as this use instantiates it, or the reason it cannot be read here.</summary>
    private BlockSpec ReadBlock(BlockUseTemplate use, BlockTemplate? template, List<(string Const, object Value)> values, ref bool errors,
        out IReadOnlyList<(string Const, string Initializer, string Problem)> constProblems)
    {
        constProblems = [];
        BlockHeader? header = template?.Header ?? use.ForeignHeader;
        if (header is null)
        {
            // Declared in this project, yet no template reached the generator: treat it as unreadable (nothing is generated).
            errors = true;
            return new BlockSpec(use.Key, null, EquatableArray<ContainingTypeSpec>.Empty, ClassProblems.None, null, false,
                EquatableArray<FieldSpec>.Empty, EquatableArray<ConstSpec>.Empty);
        }
        BlockSpec Empty(string? problem) => new(
            header.ClassName,
            header.Namespace,
            header.ContainingTypes,
            header.Problems,
            header.OuterClassName,
            header.Residual,
            EquatableArray<FieldSpec>.Empty,
            EquatableArray<ConstSpec>.Empty,
            problem,
            header.ConflictingMembers,
            header.Backcast,
            header.Forecast,
            header.ChannelIndependent);

        if (_reading.Any(b => b.Key == use.Key))
            return Empty($"contains itself ({string.Join(" → ", _reading.Reverse().Select(b => b.Name).Append(header.ClassName))})");
        if (use.ForeignAssembly is not null || template is null)
            return Empty($"is declared in the assembly {use.ForeignAssembly ?? "?"} (ModelGen writes each use's code into the block class, so it must be declared in this project)");
        if (++_uses > MaxBlockUses)
            return Empty($"is one use too many: the model uses more than {MaxBlockUses:N0} blocks in all, counting those inside blocks");
        if (_reading.Count >= GraphPlanner.MaxBlockDepth)
            return Empty($"nests blocks more than {GraphPlanner.MaxBlockDepth} deep");

        _reading.Push((use.Key, header.ClassName));
        try
        {
            ConstEnvironment consts = ConstEnvironment.For(template, values, cancellationToken);
            constProblems = consts.Problems;
            EquatableArray<FieldSpec> fields = ReadFields(template.Fields, consts, ref errors);
            EquatableArray<ConstSpec> constants = template.PublicConsts
                .Select(c => consts.ValueOf(c.Name) is { } value ? new ConstSpec(c.Name, Text(value), true) : new ConstSpec(c.Name, Text(c.Declared?.Value), false))
                .ToEquatableArray();
            return Empty(template.SplitProblem) with { Fields = fields, Consts = constants };
        }
        finally
        {
            _reading.Pop();
        }
    }

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
