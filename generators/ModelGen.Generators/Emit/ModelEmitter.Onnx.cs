using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;
using static ModelGen.Generators.Core.Format;
using static ModelGen.Generators.Emit.TorchSharpNames;

namespace ModelGen.Generators.Emit;

/// <summary>The ONNX export: <c>ExportOnnx</c>, and the graph as the layer kinds write it (<see cref="Layers.LayerSpec.WriteOnnx"/>).</summary>
internal static partial class ModelEmitter
{
    private const string Export = "global::ModelGen.Export";

    /// <summary>The opset the runtime's <c>OnnxGraph.Opset</c> writes, for the documentation (a test keeps the two equal).</summary>
    internal const int OnnxOpset = 17;

    private static void EmitOnnxExport(SourceWriter w, ModelPlan plan, string generatedCode)
    {
        string output = BatchShape(plan.Output);
        string inputs = plan.Spec.HasNamedInputs
            ? "one input per property of its inputs record, named as the property (" + string.Join(", ", plan.Inputs.Select(i => i.Categories is null
                ? $"<c>{i.Name}</c> float32 <c>{BatchShape(i.Shape)}</c>" : $"<c>{i.Name}</c> int64 <c>[batch]</c>")) + ")"
            : $"one float32 input <c>input</c> <c>{BatchShape(plan.Spec.Input)}</c>";
        string[] remarks =
        [
            "<remarks>",
            $"The file holds the inference graph (as in eval mode: dropout is the identity) with the model's current weights,",
            $"{inputs} and one output <c>output</c> <c>{output}</c>, the batch dimension left",
            $"open; ONNX opset {Integer(OnnxOpset)}, ModelGen's metadata (model, shapes, horizon, head) and the summary as the graph's documentation.",
            "Serve it with ONNX Runtime, for example with ModelGen.Onnx's <c>OnnxForecaster</c>, in a process without TorchSharp.",
            "</remarks>",
        ];
        if (!plan.Spec.HasNamedInputs)
        {
            // The text single-input models have always had (their reviewed snapshots keep it).
            remarks[1] = "The file holds the inference graph (as in eval mode: dropout is the identity) with the model's current weights, one";
            remarks[2] = $"float32 input <c>input</c> <c>{BatchShape(plan.Spec.Input)}</c> and one output <c>output</c> <c>{output}</c>, the batch dimension left";
        }
        w.Doc("<summary>Writes the model as an ONNX file for ONNX Runtime.</summary>");
        w.Doc(remarks);
        w.Doc("<param name=\"path\">The file to write; it is replaced only once the whole export is written.</param>",
            "<exception cref=\"global::System.ObjectDisposedException\">The model has been disposed.</exception>",
            "<exception cref=\"global::System.InvalidOperationException\">The model's parameters are not float32 (move it back with <c>to(torch.float32)</c>).</exception>",
            "<exception cref=\"global::System.IO.IOException\">The file cannot be written.</exception>");
        w.Line(generatedCode);
        w.Line($"public void {GeneratedNames.ExportOnnx}(string path) => {Export}.OnnxExport.Save(this, this.{GeneratedNames.OnnxDefinition}(), path);");
        w.Line();
        w.Doc("<summary>Writes the model as ONNX to <paramref name=\"stream\"/>, as <see cref=\"ExportOnnx(string)\"/> writes a file.</summary>",
            "<exception cref=\"global::System.ObjectDisposedException\">The model has been disposed.</exception>",
            "<exception cref=\"global::System.InvalidOperationException\">The model's parameters are not float32.</exception>");
        w.Line(generatedCode);
        w.Line($"public void {GeneratedNames.ExportOnnx}(global::System.IO.Stream stream) => {Export}.OnnxExport.Write(this, this.{GeneratedNames.OnnxDefinition}(), stream);");
        w.Line();
        if (HasRawExport(plan.Spec))
        {
            w.Doc("<summary>",
                "Writes the model as an ONNX file that takes raw values and forecasts in the targets' units: the scaling",
                "<paramref name=\"trainedOn\"/> records (each column's training statistics, and per-window scaling if it was",
                "trained with it) is folded into the graph, and its columns and targets are in the file's metadata.",
                "</summary>",
                "<param name=\"path\">The file to write; it is replaced only once the whole export is written.</param>",
                "<param name=\"trainedOn\">The training record of the run that trained the model, of one series.</param>",
                "<exception cref=\"global::System.ArgumentException\">The record's columns or targets do not fit the model's input or output.</exception>",
                "<exception cref=\"global::System.NotSupportedException\">The record is of many series, each with its own statistics.</exception>",
                "<exception cref=\"global::System.ObjectDisposedException\">The model has been disposed.</exception>",
                "<exception cref=\"global::System.IO.IOException\">The file cannot be written.</exception>");
            w.Line(generatedCode);
            w.Line($"public void {GeneratedNames.ExportOnnx}(string path, global::ModelGen.Forecasting.TrainingRecord trainedOn) =>");
            w.Line($"    {Export}.OnnxExport.Save(this, this.{GeneratedNames.OnnxDefinition}() with {{ TrainedOn = trainedOn ?? throw new global::System.ArgumentNullException(nameof(trainedOn)) }}, path);");
            w.Line();
        }
        int horizon = plan.Horizon;
        w.Line(generatedCode);
        using (w.Block($"private {Export}.OnnxDefinition {GeneratedNames.OnnxDefinition}()"))
        {
            string firstInput = plan.Spec.HasNamedInputs ? $"{GeneratedNames.InputsField}[0].Shape" : InputShapeField;
            w.Line($"global::ModelGen.ModelSummary summary = {GeneratedNames.Summary}(1);");
            w.Line($"return new {Export}.OnnxDefinition(\"{plan.Spec.ClassName}\", {firstInput}, new long[] {{ {string.Join(", ", plan.Output.Select(d => Integer(d)))} }}, {Integer(horizon)},");
            var initializers = new List<string>();
            if (plan.Spec.HasNamedInputs) initializers.Add($"Inputs = {GeneratedNames.InputsField}");
            if (plan.Spec.Quantiles is { Count: > 0 }) initializers.Add("Quantiles = Quantiles");
            if (plan.Spec.DistributionKind is not null) initializers.Add("Distribution = Distribution");
            if (Feedback(plan) is { } feedback) initializers.Add($"Feedback = \"{feedback}\"");
            w.Line($"    \"{plan.Head?.Strategy.Name() ?? "none"}\", summary.ToString(), summary.TotalParameters, this.{GeneratedNames.OnnxGraph})" +
                   (initializers.Count > 0 ? $" {{ {string.Join(", ", initializers)} }};" : ";"));
        }
        w.Line();
        w.Line("// The layers as ONNX nodes, on batch-first values as in forward; returns the last value.");
        w.Line(generatedCode);
        using (w.Block($"private string {GeneratedNames.OnnxGraph}({Export}.OnnxGraph {OnnxForward.Graph})"))
        {
            bool single = !plan.Spec.HasNamedInputs;
            w.Line(single ? $"string {OnnxForward.Value} = {OnnxForward.Graph}.Input;" : $"string {OnnxForward.Value};");
            string[] inputs1 = single ? [$"{OnnxForward.Graph}.Input"] : plan.Inputs.Select(i => $"{OnnxForward.Graph}.InputOf(\"{i.Name}\")").ToArray();
            WriteOnnxGraph(w, plan, plan.Layers, new OnnxSyntax(inputs1, ""), root: null, prefix: "", inputInRunning: single);
            if (plan.NeedsView)
            {
                w.Line($"// Output: viewed as {BatchShape(plan.Output)}.");
                w.Line($"{OnnxForward.Value} = {OnnxForward.Node("Reshape", $"{OnnxForward.Value}, {OnnxForward.IntsConstant(new long[] { -1 }.Concat(plan.Output.Select(d => (long)d)).ToArray())}")};");
            }
            if (OutputMappedBack(plan) is { } mapping)
            {
                w.Line($"// {mapping.Name}: the forecast mapped back with the statistics of the features it is of.");
                w.Line($"{OnnxForward.Value} = {mapping.Layer.OnnxOutput(mapping, OnnxForward.Value)};");
            }
            if (LinkedAtOutput(plan) is { } distribution)
            {
                w.Line($"// {distribution.Name}'s parameters ({string.Join(", ", distribution.Parameters)}), linked as forward links them.");
                w.Line($"{OnnxForward.Value} = {OnnxForward.Graph}.DistributionLink({OnnxForward.Value}, {distribution.Expression});");
            }
            w.Line($"return {OnnxForward.Value};");
        }
    }

    /// <summary>
    /// The nodes of a graph as ONNX: each node's input formed as the plan says (a join, a step selection, a
    /// transpose where a run of channels-first nodes starts), the layer's own nodes in a block of their own, and
    /// the value kept when other nodes read it later. Inside a block, <paramref name="root"/> is the model's block
    /// field and <paramref name="prefix"/> the path of the block's nodes.
    /// </summary>
    private static void WriteOnnxGraph(SourceWriter w, ModelPlan plan, EquatableArray<LayerPlan> nodes, OnnxSyntax syntax, string? root, string prefix, bool inputInRunning)
    {
        string x = OnnxForward.Value;
        bool holdsInput = inputInRunning;
        foreach (LayerPlan start in nodes.Where(n => n.Stack is not null && !n.ContinuesStack && n.ContinuedByNext))
            w.Line($"string {OnnxStackResidual(prefix, start)}; // {start.Stack}'s stack: its input minus the backcasts so far.");
        for (int i = 0; i < nodes.Count; i++)
        {
            LayerPlan layer = nodes[i];
            string path = prefix + layer.Name;
            w.Line($"{OnnxForward.Graph}.BeginLayer(\"{path}\");");
            string read = GraphCode.Read(layer, nodes, syntax, holdsInput);
            IReadOnlyDictionary<string, string> side = GraphCode.Side(layer, nodes, syntax, holdsInput && read == x);
            if (read != x)
            {
                string sources = GraphCode.DescribeSources(layer);
                // Unnamed, it reads the graph's input, or the previous node's output kept for a later reader too.
                string unnamed = layer.Reads.Sources.Count == 1 && !layer.Reads.Sources[0].Value.IsInput ? layer.Reads.Sources[0].Name : "the input";
                w.Line($"// {path} reads {(sources.Length > 0 ? sources : unnamed)}.");
                w.Line($"{x} = {read};");
            }
            if (layer.Step is int step)
            {
                w.Line($"// {path} reads {(step == -1 ? "the last step" : $"step {Integer(step)}")} of its input.");
                w.Line($"{x} = {syntax.Select(x, step)};");
            }
            if (layer.StartsRun)
            {
                w.Line($"// {GraphCode.Run(nodes, i)} run on [batch, channels, steps], as Conv does: transpose in once, and back after.");
                w.Line($"{x} = {OnnxForward.Node("Transpose", x, OnnxForward.Ints("perm", 0, 2, 1))};");
            }
            using (w.Block(null))
            {
                layer.Layer.WriteOnnx(new OnnxForward(w, plan, layer, root, prefix) { Side = side });
            }
            if (layer.EndsRun)
                w.Line($"{x} = {OnnxForward.Node("Transpose", x, OnnxForward.Ints("perm", 0, 2, 1))};");
            if (layer.KeepsOutput)
                w.Line($"string {syntax.Kept(layer)} = {x};");
            holdsInput = false;
        }
    }

    /// <summary>How the generated ONNX export writes a graph's values: names of graph values, made by <c>OnnxGraph</c> calls.</summary>
    private sealed class OnnxSyntax(string[] inputs, string prefix) : ValueSyntax
    {
        public override string Input(int index, bool inRunning) => inRunning && index == 0 ? Running : inputs[index];

        public override string Kept(LayerPlan node) => OnnxLocal(prefix + node.Name) + "Value";

        public override string Select(string value, int step) =>
            OnnxForward.Node("Gather", $"{value}, {OnnxForward.Graph}.Scalar({Integer(step)})", OnnxForward.Int("axis", 1));

        // [batch, features] → [batch, 1, features], broadcast to [batch, steps, features].
        public override string Repeat(string vector, int steps) =>
            OnnxForward.Node("Expand", $"{OnnxForward.Node("Unsqueeze", $"{vector}, {OnnxForward.IntsConstant(1)}")}, {OnnxForward.IntsConstant(1, steps, 1)}");

        public override string Concat(IReadOnlyList<string> values, int rank) =>
            OnnxForward.Node("Concat", string.Join(", ", values), OnnxForward.Int("axis", rank));

        public override string Add(IReadOnlyList<string> values) =>
            values.Skip(1).Aggregate(values[0], (sum, next) => OnnxForward.Node("Add", $"{sum}, {next}"));

        public override string Subtract(IReadOnlyList<string> values) =>
            values.Skip(1).Aggregate(values[0], (rest, next) => OnnxForward.Node("Sub", $"{rest}, {next}"));
    }
}
