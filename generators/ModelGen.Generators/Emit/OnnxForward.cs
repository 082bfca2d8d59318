using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>
/// What a layer kind writes its part of the generated ONNX export with: the graph builder's variable,
/// the module, the running value <c>x</c> (batch-first, after any step selection) and helpers that
/// write C# calls to <c>ModelGen.Export.OnnxGraph</c>.
/// </summary>
internal sealed class OnnxForward(SourceWriter writer, ModelPlan plan, LayerPlan layer)
{
    /// <summary>The generated method's <c>OnnxGraph</c> parameter.</summary>
    public const string Graph = "g";

    /// <summary>The running value: the name of the graph value the next layer reads.</summary>
    public const string Value = "x";

    private const string Attribute = "global::ModelGen.Export.OnnxAttribute";

    public SourceWriter Writer => writer;

    public ModelPlan Model => plan;

    public LayerPlan Layer => layer;

    /// <summary>The layer's module: <c>this.fc</c> (with <c>!</c> for a field declared nullable).</summary>
    public string Module => $"this.{TorchSharpNames.Identifier(layer.Name)}{(plan.Spec.Fields[layer.FieldIndex].IsNullable ? "!" : "")}";

    /// <summary>A weight's name in the graph, after the state_dict: <c>fc.weight</c>.</summary>
    public string WeightName(string suffix) => layer.Name + "." + suffix;

    // Generated code writes arrays as new[] { ... }, not [ ... ], so it compiles under any C# version a .NET 10 project may choose.

    /// <summary><c>g.Node("Op", new[] { inputs }, attributes)</c>; <paramref name="inputs"/> is C# text, comma-separated.</summary>
    public static string Node(string op, string inputs, params string[] attributes) => NodeOf(op, $"new[] {{ {inputs} }}", attributes);

    /// <summary><c>g.Node("Op", new[] { inputs }, outputs, attributes)</c>, for a node whose later outputs are read.</summary>
    public static string Node(string op, string inputs, int outputs, params string[] attributes) =>
        $"{Graph}.Node(\"{op}\", new[] {{ {inputs} }}, {Format.Integer(outputs)}{string.Concat(attributes.Select(a => ", " + a))})";

    /// <summary><c>g.Node("Op", list, attributes)</c> for inputs already in a C# list or array.</summary>
    public static string NodeOf(string op, string list, params string[] attributes) =>
        $"{Graph}.Node(\"{op}\", {list}{string.Concat(attributes.Select(a => ", " + a))})";

    /// <summary>
    /// A weight from a parameter of <see cref="Module"/>: <c>g.Weight("fc.bias", g.Parameter(this.fc, "bias"))</c>;
    /// <paramref name="name"/> and <paramref name="parameter"/> are string content, interpolated when they have holes.
    /// </summary>
    public string Weight(string name, string parameter) => $"{Graph}.Weight({Text(WeightName(name))}, {Parameter(Text(parameter))})";

    /// <summary><c>g.Parameter(this.fc, "weight")</c>; <paramref name="parameter"/> is C# text (a literal or an interpolated string).</summary>
    public string Parameter(string parameter) => $"{Graph}.Parameter({Module}, {parameter})";

    public static string Int(string name, long value) => $"{Attribute}.Int(\"{name}\", {Format.Integer(value)})";

    public static string Ints(string name, params long[] values) => $"{Attribute}.Ints(\"{name}\"{string.Concat(values.Select(v => ", " + Format.Integer(v)))})";

    public static string Float(string name, double value) => $"{Attribute}.Float(\"{name}\", {Format.Real((float)value)}f)";

    public static string String(string name, string value) => $"{Attribute}.String(\"{name}\", \"{value}\")";

    public static string Strings(string name, params string[] values) => $"{Attribute}.Strings(\"{name}\"{string.Concat(values.Select(v => $", \"{v}\""))})";

    /// <summary><c>g.Ints(0, 0, -1)</c>: an int64 constant.</summary>
    public static string IntsConstant(params long[] values) => $"{Graph}.Ints({string.Join(", ", values.Select(v => Format.Integer(v)))})";

    /// <summary>Writes <c>x = expression;</c>.</summary>
    public void Assign(string expression) => writer.Line($"{Value} = {expression};");

    /// <summary>Writes a comment line.</summary>
    public void Comment(string text) => writer.Line("// " + text);

    /// <summary>
    /// Declares the weights of the Linear at <paramref name="path"/> below the module (C# interpolated-string
    /// content: empty for the module itself, <c>readout</c>, <c>steps.{step}</c>) as <c>{variable}Weight</c>,
    /// its transposed weight, and <c>{variable}Bias</c>, for <see cref="ApplyLinear"/>.
    /// </summary>
    public void DeclareLinear(string variable, string path, bool bias)
    {
        string prefix = path.Length == 0 ? "" : path + ".";
        writer.Line($"string {variable}Weight = {Graph}.Weight({Text($"{layer.Name}.{prefix}weight.T")}, {Parameter(Text(prefix + "weight"))}.t());");
        if (bias) writer.Line($"string {variable}Bias = {Graph}.Weight({Text($"{layer.Name}.{prefix}bias")}, {Parameter(Text(prefix + "bias"))});");
    }

    /// <summary><c>input·Wᵀ + b</c> with weights declared by <see cref="DeclareLinear"/>: ONNX <c>MatMul</c>, then <c>Add</c> of the bias when there is one.</summary>
    public static string ApplyLinear(string input, string variable, bool bias)
    {
        string product = Node("MatMul", $"{input}, {variable}Weight");
        return bias ? Node("Add", $"{product}, {variable}Bias") : product;
    }

    /// <summary>A C# string literal for <paramref name="content"/>, interpolated when it has holes (<c>{step}</c>).</summary>
    public static string Text(string content) => (content.IndexOf('{') >= 0 ? "$" : "") + "\"" + content + "\"";
}
