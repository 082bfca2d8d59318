using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>
/// What a layer kind writes its part of the generated ONNX export with: the graph builder's variable,
/// the module, the running value <c>x</c> (batch-first, after any step selection) and helpers that
/// write C# calls to <c>ModelGen.Export.OnnxGraph</c>. A layer inside a block is reached through the
/// model's block field (<see cref="Root"/>) by its state_dict path below it.
/// </summary>
internal sealed class OnnxForward(SourceWriter writer, ModelPlan plan, LayerPlan layer, string? root = null, string prefix = "")
{
    /// <summary>The generated method's <c>OnnxGraph</c> parameter.</summary>
    public const string Graph = "g";

    /// <summary>The running value: the name of the graph value the next layer reads.</summary>
    public const string Value = "x";

    private const string Attribute = "global::ModelGen.Export.OnnxAttribute";

    /// <summary>The values the layer reads beside its input (<see cref="LayerPlan.Side"/>), by the property that names each.</summary>
    public System.Collections.Generic.IReadOnlyDictionary<string, string> Side { get; init; } = new System.Collections.Generic.Dictionary<string, string>();

    public SourceWriter Writer => writer;

    public ModelPlan Model => plan;

    public LayerPlan Layer => layer;

    /// <summary>
    /// The module whose parameters the layer's are: the layer's own (<c>this.fc</c>, with <c>!</c> for a field declared
    /// nullable), or, inside a block, the model's block field that holds it.
    /// </summary>
    public string Module => root ?? $"this.{TorchSharpNames.Identifier(layer.Name)}{(layer.FieldIsNullable ? "!" : "")}";

    /// <summary>The model's block field the layer is in (<c>this.block1</c>), or null for a layer of the model.</summary>
    public string? Root => root;

    /// <summary>The layer's state_dict path from the model: <c>fc</c>, <c>block1.conv1</c>.</summary>
    public string Path => prefix + layer.Name;

    /// <summary>The path of the layer's parameters below <see cref="Module"/>: <c>""</c>, or <c>conv1.</c> inside a block.</summary>
    private string ParameterPrefix => root is null ? "" : PathBelowRoot + ".";

    /// <summary>The layer's path below the model's block field: <c>conv1</c> for <c>block1.conv1</c>.</summary>
    private string PathBelowRoot => Path.Substring(Path.IndexOf('.') + 1);

    /// <summary>A weight's name in the graph, after the state_dict: <c>fc.weight</c>.</summary>
    public string WeightName(string suffix) => Path + "." + suffix;

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
    public string Weight(string name, string parameter) => $"{Graph}.Weight({Text(WeightName(name))}, {Parameter(parameter)})";

    /// <summary>
    /// <c>g.Parameter(this.fc, "weight")</c>: <paramref name="parameter"/> is the parameter's path below the layer as
    /// string content (with holes, <c>weight_ih_l{layer}</c>, for an interpolated string).
    /// </summary>
    public string Parameter(string parameter) => $"{Graph}.Parameter({Module}, {Text(ParameterPrefix + parameter)})";

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
        writer.Line($"string {variable}Weight = {Graph}.Weight({Text($"{Path}.{prefix}weight.T")}, {Parameter(prefix + "weight")}.t());");
        if (bias) writer.Line($"string {variable}Bias = {Graph}.Weight({Text($"{Path}.{prefix}bias")}, {Parameter(prefix + "bias")});");
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
