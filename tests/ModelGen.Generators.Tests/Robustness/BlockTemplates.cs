using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Generators.Tests.Robustness;

/// <summary>
/// An integer expression over a block's consts, as the fuzzer writes it in attribute arguments
/// (<c>In * 2</c>, <c>(In + 1) / 2</c>) and computes it for each use, with C#'s checked int arithmetic.
/// </summary>
internal abstract record Expr
{
    public static Expr Lit(int value) => new LitExpr(value);

    public static Expr Ref(string name) => new RefExpr(name);

    public static Expr Bin(char op, Expr left, Expr right) => new BinExpr(op, left, right);

    /// <summary>The larger of two: <c>a &gt; b ? a : b</c>, a conditional ModelGen must compute too.</summary>
    public static Expr Cond(Expr a, Expr b) => new CondExpr(a, b);

    public abstract string Render();

    /// <summary>The value with the consts in <paramref name="env"/>; null when it overflows, divides by zero or reads no int.</summary>
    public abstract int? Eval(IReadOnlyDictionary<string, object> env);

    public abstract Expr Substitute(Func<string, Expr> map);

    public abstract int Depth { get; }

    public bool IsRef(string name) => this is RefExpr r && r.Name == name;

    protected string Operand => this is BinExpr or CondExpr ? $"({Render()})" : Render();

    private sealed record LitExpr(int Value) : Expr
    {
        public override string Render() => Value.ToString(CultureInfo.InvariantCulture);
        public override int? Eval(IReadOnlyDictionary<string, object> env) => Value;
        public override Expr Substitute(Func<string, Expr> map) => this;
        public override int Depth => 0;
    }

    private sealed record RefExpr(string Name) : Expr
    {
        public override string Render() => Name;
        public override int? Eval(IReadOnlyDictionary<string, object> env) => env.TryGetValue(Name, out object? v) && v is int i ? i : null;
        public override Expr Substitute(Func<string, Expr> map) => map(Name);
        public override int Depth => 0;
    }

    private sealed record CondExpr(Expr A, Expr B) : Expr
    {
        public override string Render() => $"{A.Operand} > {B.Operand} ? {A.Operand} : {B.Operand}";
        public override int? Eval(IReadOnlyDictionary<string, object> env) => A.Eval(env) is int a && B.Eval(env) is int b ? Math.Max(a, b) : null;
        public override Expr Substitute(Func<string, Expr> map) => new CondExpr(A.Substitute(map), B.Substitute(map));
        public override int Depth => 1 + Math.Max(A.Depth, B.Depth);
    }

    private sealed record BinExpr(char Op, Expr Left, Expr Right) : Expr
    {
        public override string Render() => $"{Left.Operand} {Op} {Right.Operand}";

        public override int? Eval(IReadOnlyDictionary<string, object> env)
        {
            if (Left.Eval(env) is not int l || Right.Eval(env) is not int r) return null;
            try
            {
                return Op switch
                {
                    '+' => checked(l + r),
                    '-' => checked(l - r),
                    '*' => checked(l * r),
                    '/' => r == 0 ? null : l / r,
                    '%' => r == 0 ? null : l % r,
                    _ => null,
                };
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        public override Expr Substitute(Func<string, Expr> map) => new BinExpr(Op, Left.Substitute(map), Right.Substitute(map));
        public override int Depth => 1 + Math.Max(Left.Depth, Right.Depth);
    }
}

/// <summary>What a block's body needs and does: the fuzzer's own account, to pick uses that fit.</summary>
internal enum BlockFamily
{
    /// <summary>Linear, LayerNorm, activations and dropout on the last dimension: any input of rank 1 or more.</summary>
    Dense,

    /// <summary>Dense layers and sequence layers (recurrent, convolutions) mixed: a [steps, features] input.</summary>
    Sequence,

    /// <summary>One run of convolutions and element-wise layers, so the block runs channels-first.</summary>
    Conv,
}

/// <summary>A public const of a block: a literal, or computed from earlier consts.</summary>
internal sealed class ConstDecl
{
    public required string Name;
    public string Type = "int";
    public object Value = 0;
    public Expr? Initializer;
    public int Min = 1, Max = 8; // the values a use may give it

    public string Render() => $"{Type} {Name} = {(Initializer is { } init ? init.Render() : BlockTemplate.Literal(Value))}";
}

/// <summary>One field of a block: a layer (its arguments expressions over the block's consts) or a use of an inner block.</summary>
internal sealed class BlockField
{
    public required string Name;
    public string? Kind;                    // "Linear", "LayerNorm", "Dropout", "ReLU", …, "Gru", "CausalConv1d", "Conv1d"; null for an inner block
    public Expr[] Args = [];
    public List<(string Name, Expr? Value, string? Raw)> Named = [];
    public BlockTemplate? Inner;
    public List<(string Const, Expr? Value, string? Raw)> With = [];
    public List<string>? From;              // names: "input" (rendered as written in FromText) or earlier fields
    public bool Add;
    public bool LastStep;
    public bool Nullable;
    public string? RawAttribute;            // a fault's attribute, as written
    public string? RawType;                 // a fault's field type
    public bool SecondFile;                 // declared on the block's part in the second file
    public bool InputAsConst;               // "input" written as FromAttribute.Input
    public bool Property;                   // declared on an auto-property: [field: ...] public T Name { get; }

    public string FieldType => RawType ?? (Inner is { } inner ? inner.TypeRef : Kind switch
    {
        "Gru" => "GRU",
        "Lstm" => "LSTM",
        "Rnn" => "RNN",
        "CausalConv1d" or "Conv1d" => "Conv1d",
        _ => Kind!,
    });
}

/// <summary>
/// A <c>[Block]</c> class the fuzzer declares: consts, fields whose arguments read them, residual or not. Its
/// shapes are computed per use by <see cref="Evaluate"/>, the fuzzer's own rules for each layer kind (not the planner's).
/// </summary>
internal sealed class BlockTemplate
{
    public required string Name;
    public required BlockFamily Family;
    public required int Level;          // 1 for a block a model uses, 2 and 3 for blocks inside blocks
    public bool Residual;
    public string ResidualText = "";    // how [Block] is written
    public List<ConstDecl> Consts = [];
    public List<BlockField> Fields = [];
    public bool ConstsOnOneLine;

    /// <summary>The width of the body's output, in the block's consts.</summary>
    public Expr OutWidth = Expr.Ref("In");

    /// <summary>Whether the body ends with a step selection (its output has one dimension less).</summary>
    public bool ReducesRank;

    /// <summary>How many strided convolutions the body's output went through (then it has fewer steps than its input).</summary>
    public int Halvings;

    /// <summary>Whether the block needs a [steps, features] input.</summary>
    public bool NeedsSequence;

    /// <summary>The largest input rank it takes: 2 when the body joins its input on features.</summary>
    public int MaxRank = int.MaxValue;

    /// <summary>Whether a field of the body is read by nothing on purpose (MG1003 at every use).</summary>
    public bool HasDeadField;

    // Faults (and blocks only faults use)
    public bool Special;
    public bool NotPartial, Generic, Abstract, Based, InHolder, FileLocal;

    /// <summary>Declared in <c>public static partial class Lib</c> (valid: nested in partial types).</summary>
    public bool InLib;
    public List<string> ExtraMembers = [];

    /// <summary>How a field's type names the block.</summary>
    public string TypeRef => (InHolder ? "Holder." : InLib ? "Lib." : "") + Name + (Generic ? "<int>" : "");

    public string ConstRef(string name) => $"nameof({TypeRef}.{name})";

    public bool Accepts(int rank) => rank >= 1 && rank <= MaxRank && (!NeedsSequence || rank == 2);

    public ConstDecl? Const(string name) => Consts.FirstOrDefault(c => c.Name == name);

    public IEnumerable<ConstDecl> FreeInts => Consts.Where(c => c.Type == "int" && c.Initializer is null && c.Name != "In");

    /// <summary>The consts' values at a use that sets <paramref name="overrides"/>: as ModelGen computes them, consts computed from others again.</summary>
    public Dictionary<string, object>? Env(IReadOnlyDictionary<string, object> overrides)
    {
        // As C# does: a const may read one declared after it (the fuzzer makes no cycles).
        var env = new Dictionary<string, object>();
        foreach (ConstDecl c in Consts.Where(c => overrides.ContainsKey(c.Name) || c.Initializer is null))
            env[c.Name] = overrides.TryGetValue(c.Name, out object? value) ? value : c.Value;
        for (int round = 0; round < Consts.Count && env.Count < Consts.Count; round++)
        {
            foreach (ConstDecl c in Consts.Where(c => !env.ContainsKey(c.Name)))
            {
                if (c.Initializer!.Eval(env) is int v) env[c.Name] = v;
            }
        }
        return env.Count == Consts.Count ? env : null;
    }

    /// <summary>The output shape of a use of the block on <paramref name="input"/>, or null when that use would not be valid.</summary>
    public int[]? Evaluate(int[] input, IReadOnlyDictionary<string, object> overrides, int depth = 1)
    {
        if (depth > 3 || Env(overrides) is not { } env) return null;
        var values = new Dictionary<string, int[]> { ["input"] = input };
        string previous = "input";
        int[]? output = null;
        foreach (BlockField field in Fields)
        {
            List<int[]> sources = [];
            foreach (string name in field.From ?? [previous])
            {
                if (!values.TryGetValue(name, out int[]? shape)) return null;
                sources.Add(shape);
            }
            int[]? x = Shapes.Join(sources, field.Add);
            if (x is null) return null;
            if (field.LastStep)
            {
                if (x.Length < 2) return null;
                x = x[1..];
            }
            if (field.Inner is { } inner)
            {
                var innerOverrides = new Dictionary<string, object>();
                foreach ((string name, Expr? value, _) in field.With)
                {
                    if (value?.Eval(env) is not int v) return null;
                    innerOverrides[name] = v;
                }
                output = inner.Evaluate(x, innerOverrides, depth + 1);
            }
            else
            {
                output = EvaluateLayer(field, x, env);
            }
            if (output is null || output.Any(d => d < 1 || d > Shapes.MaxWidth)) return null;
            values[field.Name] = output;
            previous = field.Name;
        }
        if (output is null) return null;
        if (Residual && (output.Length != input.Length || !output[..^1].SequenceEqual(input[..^1]))) return null;
        return output;
    }

    private static int[]? EvaluateLayer(BlockField field, int[] x, Dictionary<string, object> env)
    {
        int[] a = new int[field.Args.Length];
        for (int i = 0; i < a.Length; i++)
        {
            if (field.Args[i].Eval(env) is not int v) return null;
            a[i] = v;
        }
        int Named(string name, int fallback) =>
            field.Named.FirstOrDefault(n => n.Name == name) is { Name: not null } n ? (n.Value?.Eval(env) ?? -1) : fallback;
        bool bidirectional = field.Named.Any(n => n.Name == "Bidirectional" && n.Raw == "true");
        switch (field.Kind)
        {
            case "Linear":
                return x[^1] == a[0] && a[1] >= 1 ? [.. x[..^1], a[1]] : null;
            case "LayerNorm":
                return x[^1] == a[0] ? x : null;
            case "Dropout":
                string p = field.Named.Single(n => n.Name == "p").Raw!;
                double rate = env.TryGetValue(p, out object? value) ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : double.Parse(p, CultureInfo.InvariantCulture);
                return rate is >= 0 and <= 1 ? x : null;
            case "ReLU" or "Tanh" or "GELU" or "Sigmoid":
                return x;
            case "Gru" or "Lstm" or "Rnn":
                int layers = Named("NumLayers", 1);
                return x.Length == 2 && x[1] == a[0] && a[1] >= 1 && layers is >= 1 and <= 4 ? [x[0], (bidirectional ? 2 : 1) * a[1]] : null;
            case "CausalConv1d":
            {
                int dilation = Named("Dilation", 1);
                return x.Length == 2 && x[1] == a[0] && a[1] >= 1 && a[2] >= 1 && dilation >= 1 && dilation * (a[2] - 1) <= Shapes.MaxWidth ? [x[0], a[1]] : null;
            }
            case "Conv1d":
            {
                int padding = Named("Padding", 0), stride = Named("Stride", 1), dilation = Named("Dilation", 1);
                if (x.Length != 2 || x[1] != a[0] || a[1] < 1 || a[2] < 1 || padding < 0 || stride < 1 || dilation < 1) return null;
                int numerator = x[0] + 2 * padding - dilation * (a[2] - 1) - 1;
                return numerator < 0 ? null : [numerator / stride + 1, a[1]];
            }
            default:
                return null;
        }
    }

    public static string Literal(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("0.0###", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => s,
        _ => throw new ArgumentException(value.ToString()),
    };

    /// <summary>The class, and its part in the second file (or null).</summary>
    public (string Main, string? Second) Render(Func<string, bool> nullable)
    {
        var text = new StringBuilder();
        string indent = InHolder || InLib ? "    " : "";
        if (InHolder) text.AppendLine("public class Holder").AppendLine("{");
        if (InLib) text.AppendLine("public static partial class Lib").AppendLine("{");
        text.AppendLine($"{indent}[Block{ResidualText}]");
        text.AppendLine($"{indent}{(FileLocal ? "file" : "public")} {(Abstract ? "abstract " : "")}{(NotPartial ? "" : "partial ")}class {Name}{(Generic ? "<T>" : "")}{(Based ? " : BlockBase" : "")}");
        text.AppendLine($"{indent}{{");
        if (ConstsOnOneLine && Consts.All(c => c.Type == "int"))
        {
            if (Consts.Count > 0) text.AppendLine($"{indent}    public const int {string.Join(", ", Consts.Select(c => c.Render()[4..]))};");
        }
        else
        {
            foreach (ConstDecl c in Consts) text.AppendLine($"{indent}    public const {c.Render()};");
        }
        foreach (BlockField field in Fields.Where(f => !f.SecondFile)) text.AppendLine(indent + RenderField(field));
        foreach (string member in ExtraMembers) text.AppendLine($"{indent}    {member}");
        text.AppendLine($"{indent}}}");
        if (InHolder || InLib) text.AppendLine("}");
        if (Based) text.AppendLine("public class BlockBase { }");
        string? second = null;
        if (Fields.Any(f => f.SecondFile))
        {
            var part = new StringBuilder();
            if (InLib) part.AppendLine("public static partial class Lib").AppendLine("{");
            part.AppendLine($"public partial class {Name}").AppendLine("{");
            foreach (BlockField field in Fields.Where(f => f.SecondFile)) part.AppendLine(RenderField(field));
            part.AppendLine("}");
            if (InLib) part.AppendLine("}");
            second = part.ToString();
        }
        return (text.ToString(), second);
    }

    private string RenderField(BlockField field)
    {
        var attributes = new List<string>();
        if (field.From is { } from)
        {
            string names = string.Join(", ", from.Select(n => n == "input" ? (field.InputAsConst ? "FromAttribute.Input" : "\"input\"") : n.StartsWith('"') ? n : $"nameof({n})"));
            attributes.Add($"From({names}{(field.Add ? ", Merge = Merge.Add" : "")})");
        }
        if (field.LastStep) attributes.Add("LastStep");
        foreach ((string name, Expr? value, string? raw) in field.With)
            attributes.Add($"With({(name.StartsWith('"') ? name : field.Inner?.ConstRef(name) ?? $"nameof({field.RawType}.{name})")}, {raw ?? value!.Render()})");
        if (field.RawAttribute is { } rawAttribute) attributes.Add(rawAttribute);
        else if (field.Kind is { } kind)
        {
            IEnumerable<string> arguments = field.Args.Select(a => a.Render())
                .Concat(field.Named.Where(n => n.Name != "p").Select(n => $"{n.Name} = {n.Raw ?? n.Value!.Render()}"));
            if (kind == "Dropout") arguments = [field.Named.Single(n => n.Name == "p").Raw!];
            string list = string.Join(", ", arguments);
            attributes.Add(list.Length == 0 ? kind : $"{kind}({list})");
        }
        string type = field.FieldType + (field.Nullable ? "?" : "");
        if (field.Property)
            return $"    {string.Concat(attributes.Select(a => $"[field: {a}] "))}public {type} {field.Name} {{ get; }}";
        return attributes.Count == 0
            ? $"    private readonly {type} {field.Name};"
            : $"    [{string.Join("] [", attributes)}] private readonly {type} {field.Name};";
    }
}

/// <summary>The fuzzer's own rules for joining values on features or summing them (README: "Declaring a model", [From]).</summary>
internal static class Shapes
{
    /// <summary>Widths the fuzzer lets a block reach, to keep generated code small.</summary>
    public const int MaxWidth = 512;

    public const int MaxSize = 1 << 24;

    /// <summary>
    /// One source as it is; several concatenated on the last dimension (ranks 1 and 2, sequences of equal steps,
    /// vectors repeated over those steps) or, with <paramref name="add"/>, summed (equal shapes). Null when they do not join.
    /// </summary>
    public static int[]? Join(IReadOnlyList<int[]> sources, bool add)
    {
        if (sources.Count == 0) return null;
        if (sources.Count == 1) return sources[0];
        if (add)
        {
            // One shape, or vectors [features] among sequences [steps, features] of as many features (repeated over the steps).
            int[] shape = sources.FirstOrDefault(s => s.Length == 2) ?? sources[0];
            return sources.All(s => s.SequenceEqual(shape) || (shape.Length == 2 && s.Length == 1 && s[0] == shape[1])) ? shape : null;
        }
        if (sources.Any(s => s.Length is not (1 or 2))) return null;
        int[] steps = sources.Where(s => s.Length == 2).Select(s => s[0]).Distinct().ToArray();
        if (steps.Length > 1) return null;
        long features = sources.Sum(s => (long)s[^1]);
        if (features > MaxSize) return null;
        return steps.Length == 1 ? [steps[0], (int)features] : [(int)features];
    }

    public static string Key(int[] shape) => string.Join("x", shape);
}
