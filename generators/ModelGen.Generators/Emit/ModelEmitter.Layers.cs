using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>What each kind of layer looks like in generated code.</summary>
internal static partial class ModelEmitter
{
    /// <summary>The TorchSharp factory call that creates the layer with its declared options.</summary>
    private static string Construct(LayerSpec layer) => layer switch
    {
        RecurrentSpec r =>
            $"{Nn}.{r.PyTorchType}(inputSize: {Int(r.InputSize)}, hiddenSize: {Int(r.HiddenSize)}, numLayers: {Int(r.NumLayers)}, " +
            (r.Cell is RecurrentCell.RnnTanh or RecurrentCell.RnnRelu
                ? $"nonLinearity: {Nn}.NonLinearities.{(r.Cell == RecurrentCell.RnnRelu ? "ReLU" : "Tanh")}, "
                : "") +
            $"bias: {Bool(r.Bias)}, batchFirst: true, dropout: {Double(r.Dropout)}, bidirectional: {Bool(r.Bidirectional)})",
        LinearSpec l =>
            $"{Nn}.Linear(inputSize: {Int(l.InFeatures)}, outputSize: {Int(l.OutFeatures)}, hasBias: {Bool(l.Bias)})",
        Conv1dSpec c =>
            $"{Nn}.Conv1d(in_channels: {Int(c.InChannels)}, out_channels: {Int(c.OutChannels)}, kernel_size: {Int(c.KernelSize)}, " +
            $"stride: {Int(c.Stride)}, padding: {Int(c.Padding)}L, dilation: {Int(c.Dilation)}, groups: {Int(c.Groups)}, bias: {Bool(c.Bias)})",
        LayerNormSpec n =>
            $"{Nn}.LayerNorm(normalized_shape: {Int(n.Features)}L, eps: {Double(n.Eps)}, elementwise_affine: {Bool(n.ElementwiseAffine)})",
        DropoutSpec d => $"{Nn}.Dropout(p: {Double(d.P)})",
        ActivationSpec a => $"{Nn}.{a.Kind}()",
        FlattenSpec => $"{Nn}.Flatten()",
        AutoregressiveSpec a => $"new global::ModelGen.AutoregressiveGruHead(hiddenSize: {Int(a.HiddenSize)}, outFeatures: {Int(a.OutFeatures)}, horizon: {Int(a.Horizon)})",
        DirRecSpec d => $"new global::ModelGen.DirRecHead(inFeatures: {Int(d.InFeatures)}, outFeatures: {Int(d.OutFeatures)}, horizon: {Int(d.Horizon)})",
        _ => throw new System.InvalidOperationException("Unknown layer " + layer.GetType().Name),
    };

    /// <summary>One layer's lines in <c>forward</c>: a comment with its shapes, then the call that updates <c>x</c>.</summary>
    private static void EmitLayerCall(SourceWriter w, ModelPlan plan, LayerPlan layer, string current, bool declared)
    {
        string argument = layer.Step is int step ? $"{current}.select(1, {Int(step)})" : current;
        string module = $"this.{Identifier(layer.Name)}{Bang(plan, layer)}";
        string selected = layer.Step switch
        {
            null => "",
            -1 => "the last step ",
            int index => $"step {Int(index)} ",
        };
        string shapes = $"{layer.Name}: {selected}{BatchShape(layer.InputShape)} -> {BatchShape(layer.OutputShape)}";
        switch (layer.Layer)
        {
            case RecurrentSpec { Cell: RecurrentCell.Lstm }:
                w.Line($"// {shapes}; the final hidden and cell states are not used.");
                w.Line($"{(declared ? "" : "var ")}(x, _, _) = {module}.call({argument});");
                break;
            case RecurrentSpec:
                w.Line($"// {shapes}; the final hidden state is not used.");
                w.Line($"{(declared ? "" : "var ")}(x, _) = {module}.call({argument});");
                break;
            case AutoregressiveSpec a:
                string first = a.FirstInput.Count == 0 ? "null"
                    : (plan.Spec.Input.Count == 2 ? "input.select(1, -1)" : "input") +
                      $".index_select(1, global::TorchSharp.torch.tensor(new long[] {{ {string.Join(", ", a.FirstInput)} }}, device: input.device))";
                w.Line($"// {shapes}: {Int(a.Horizon)} steps, each fed the previous prediction" +
                       (a.FirstInput.Count == 0 ? " (the first is fed zeros)." : $" (the first is fed input features {LayerMath.Format(a.FirstInput)} of the last step)."));
                w.Line($"{(declared ? "" : "var ")}x = {module}.Decode({argument}, {first}, stepTargets, teacherForcingRatio, feedback);");
                break;
            case DirRecSpec d:
                w.Line($"// {shapes}: {Int(d.Horizon)} read-outs, each also reading the predictions before it.");
                w.Line($"{(declared ? "" : "var ")}x = {module}.Decode({argument}, stepTargets, teacherForcingRatio, feedback);");
                break;
            case Conv1dSpec:
                w.Line($"// {shapes}; Conv1d runs on [batch, channels, steps], so transpose in and back.");
                w.Line($"{(declared ? "" : "var ")}x = {module}.call({argument}.transpose(1, 2)).transpose(1, 2);");
                break;
            default:
                w.Line($"// {shapes}");
                w.Line($"{(declared ? "" : "var ")}x = {module}.call({argument});");
                break;
        }
    }

    /// <summary>A one-line description of the model for the class's documentation.</summary>
    private static string Describe(ModelPlan plan)
    {
        var steps = plan.Layers.Select(l => (l.Step switch { null => "", -1 => "last step → ", int s => $"step {s} → " }) + Describe(l.Layer)).ToList();
        if (plan.NeedsView) steps.Add("view " + LayerMath.Format(plan.Output));
        return $"{plan.Spec.ClassName}: {LayerMath.Format(plan.Spec.Input)} → {string.Join(" → ", steps)}.";
    }

    private static string Describe(LayerSpec layer) => (layer switch
    {
        RecurrentSpec r => $"{r.PyTorchType}({r.InputSize}→{r.HiddenSize}" +
                           (r.NumLayers > 1 ? $", {r.NumLayers} layers" : "") +
                           (r.Bidirectional ? ", bidirectional" : "") +
                           (r.Cell == RecurrentCell.RnnRelu ? ", relu" : "") + ")",
        LinearSpec l => $"Linear({l.InFeatures}→{l.OutFeatures})",
        Conv1dSpec c => $"Conv1d({c.InChannels}→{c.OutChannels}, kernel {c.KernelSize}" +
                        (c.Stride != 1 ? $", stride {c.Stride}" : "") + (c.Padding != 0 ? $", padding {c.Padding}" : "") +
                        (c.Dilation != 1 ? $", dilation {c.Dilation}" : "") + (c.Groups != 1 ? $", groups {c.Groups}" : "") + ")",
        LayerNormSpec n => $"LayerNorm({n.Features}" + (n.Eps != 1e-5 ? $", eps {Double(n.Eps)}" : "") + (n.ElementwiseAffine ? "" : ", no affine") + ")",
        DropoutSpec d => $"Dropout({Double(d.P)})",
        AutoregressiveSpec a => $"autoregressive GRU decoder({a.HiddenSize}→{a.OutFeatures}, {a.Horizon} steps)",
        DirRecSpec d => $"DirRec head({d.InFeatures}→{d.OutFeatures}, {d.Horizon} steps)",
        _ => layer.PyTorchType,
    }) + (layer.Frozen ? " (frozen)" : "");
}
