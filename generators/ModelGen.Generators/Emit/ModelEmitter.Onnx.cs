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
        string input = BatchShape(plan.Spec.Input), output = BatchShape(plan.Output);
        string[] remarks =
        [
            "<remarks>",
            $"The file holds the inference graph (as in eval mode: dropout is the identity) with the model's current weights, one",
            $"float32 input <c>input</c> <c>{input}</c> and one output <c>output</c> <c>{output}</c>, the batch dimension left",
            $"open; ONNX opset {Integer(OnnxOpset)}, ModelGen's metadata (model, shapes, horizon, head) and the summary as the graph's documentation.",
            "Serve it with ONNX Runtime, for example with ModelGen.Onnx's <c>OnnxForecaster</c>, in a process without TorchSharp.",
            "</remarks>",
        ];
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
        int horizon = plan.Horizon;
        w.Line(generatedCode);
        using (w.Block($"private {Export}.OnnxDefinition {GeneratedNames.OnnxDefinition}()"))
        {
            w.Line($"global::ModelGen.ModelSummary summary = {GeneratedNames.Summary}(1);");
            w.Line($"return new {Export}.OnnxDefinition(\"{plan.Spec.ClassName}\", {InputShapeField}, new long[] {{ {string.Join(", ", plan.Output.Select(d => Integer(d)))} }}, {Integer(horizon)},");
            w.Line($"    \"{plan.Head?.Strategy.Name() ?? "none"}\", summary.ToString(), summary.TotalParameters, this.{GeneratedNames.OnnxGraph});");
        }
        w.Line();
        w.Line("// The layers as ONNX nodes, on batch-first values as in forward; returns the last value.");
        w.Line(generatedCode);
        using (w.Block($"private string {GeneratedNames.OnnxGraph}({Export}.OnnxGraph {OnnxForward.Graph})"))
        {
            w.Line($"string {OnnxForward.Value} = {OnnxForward.Graph}.Input;");
            for (int i = 0; i < plan.Layers.Count; i++)
            {
                LayerPlan layer = plan.Layers[i];
                w.Line($"{OnnxForward.Graph}.BeginLayer(\"{layer.Name}\");");
                if (layer.Step is int step)
                {
                    w.Line($"// {layer.Name} reads {(step == -1 ? "the last step" : $"step {Integer(step)}")} of its input.");
                    w.Line($"{OnnxForward.Value} = {OnnxForward.Node("Gather", $"{OnnxForward.Value}, {OnnxForward.Graph}.Scalar({Integer(step)})", OnnxForward.Int("axis", 1))};");
                }
                if (ChannelsFirstRunStarts(plan, i))
                {
                    w.Line($"// {ChannelsFirstRun(plan, i)} run on [batch, channels, steps], as Conv does: transpose in once, and back after.");
                    w.Line($"{OnnxForward.Value} = {OnnxForward.Node("Transpose", OnnxForward.Value, OnnxForward.Ints("perm", 0, 2, 1))};");
                }
                using (w.Block(null))
                {
                    layer.Layer.WriteOnnx(new OnnxForward(w, plan, layer));
                }
                if (ChannelsFirstRunEnds(plan, i))
                    w.Line($"{OnnxForward.Value} = {OnnxForward.Node("Transpose", OnnxForward.Value, OnnxForward.Ints("perm", 0, 2, 1))};");
            }
            if (plan.NeedsView)
            {
                w.Line($"// Output: viewed as {BatchShape(plan.Output)}.");
                w.Line($"{OnnxForward.Value} = {OnnxForward.Node("Reshape", $"{OnnxForward.Value}, {OnnxForward.IntsConstant(new long[] { -1 }.Concat(plan.Output.Select(d => (long)d)).ToArray())}")};");
            }
            w.Line($"return {OnnxForward.Value};");
        }
    }
}
