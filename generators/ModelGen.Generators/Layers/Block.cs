using System;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;

namespace ModelGen.Generators.Layers;

/// <summary>
/// A node that runs a <c>[Block]</c> class, planned for its use (<see cref="BlockPlan"/>). It is not a layer
/// kind (no attribute declares it; a field's type does), but it answers what a layer answers, so the graph,
/// the summary and the head plan treat it as one node: its traits come from its body, and each backend runs
/// the block's module (TorchSharp, PyTorch) or writes its body inline (ONNX).
/// </summary>
internal sealed record BlockLayer(BlockPlan Block) : LayerSpec
{
    public override Type AttributeType => typeof(BlockAttribute);

    public override string TorchinfoName => Block.Spec.ClassName;

    public override string MessageName => Block.Spec.ClassName;

    public override string FieldType => Block.Spec.FullName;

    public override LayerTraits Traits
    {
        get
        {
            LayerSpec[] layers = Block.Submodules.Select(n => n.Layer).ToArray();
            LayerTraits traits = LayerTraits.None;
            if (layers.Any(l => l.Has(LayerTraits.MapsFeatures))) traits |= LayerTraits.MapsFeatures;
            if (layers.Any(l => l.Has(LayerTraits.MixesSteps))) traits |= LayerTraits.MixesSteps;
            // The block's steps are a recurrent encoder's when its last feature-mapping layer is one.
            if (layers.LastOrDefault(l => l.Has(LayerTraits.MapsFeatures)) is { } last && last.Has(LayerTraits.Recurrent)) traits |= LayerTraits.Recurrent;
            if (Block.ChannelsFirst) traits |= LayerTraits.ChannelsFirst;
            // An N-BEATS block returns two values: never part of a run the parent transposes around, whatever its layers.
            else if (!Block.Spec.Stacked && !Block.Spec.ChannelIndependent && layers.All(l => l.Has(LayerTraits.ElementWise))) traits |= LayerTraits.ElementWise;
            return traits;
        }
    }

    public override HeadStrategy? Decoding => null;

    /// <summary>The consts this use sets, for descriptions: <c>In = 5, Dilation = 2</c>.</summary>
    public string Settings => string.Join(", ", Block.Spec.Consts.Where(c => c.Overridden).Select(c => $"{c.Name} = {c.Value}"));

    public override bool CheckArguments(LayerContext context) => true;

    /// <summary>Blocks are planned by the graph planner, body first; this member of the layer contract does not apply.</summary>
    public override LayerPlan? Plan(LayerContext context, EquatableArray<int> input) =>
        throw new InvalidOperationException("a block is planned by the graph planner, not as a layer");

    public override string Describe() =>
        Block.Spec.ClassName + (Settings.Length > 0 ? $"({Settings})" : "") +
        (Block.Spec.Residual ? " (residual)" : Block.Spec.Stacked ? " (doubly residual)" : Block.Spec.ChannelIndependent ? " (each feature as its own series)" : "");

    public override string TorchSharpFactory() => $"{Block.Spec.QualifiedName}.{BlockNames.Create}{Block.Variant}()";

    /// <summary>What the block's layers need before any is created (the LSTM kernel check), once in the model's constructor.</summary>
    public override string[] TorchSharpSetup() => Block.Submodules.SelectMany(n => n.Layer.TorchSharpSetup()).Distinct().ToArray();

    /// <summary>A channel-independent use's series per sample (its input's features), steps in and steps out per series.</summary>
    private (int Series, int Steps, int Horizon) Fold(LayerPlan node) => (node.InputShape[1], node.InputShape[0], node.OutputShape[0]);

    private string FoldComment(LayerPlan node)
    {
        (int series, int steps, int horizon) = Fold(node);
        return $"{node.Name}: each of the {Format.Integer(series)} features as a series of its own, folded into the batch: " +
               $"[batch, {Format.Integer(steps)}, {Format.Integer(series)}] -> [batch · {Format.Integer(series)}, {Format.Integer(steps)}, 1] -> " +
               $"[batch · {Format.Integer(series)}{string.Concat(Block.OutputShape.Select(d => ", " + Format.Integer(d)))}] -> [batch, {Format.Integer(horizon)}, {Format.Integer(series)}].";
    }

    public override void WriteTorchSharpForward(TorchSharpForward forward)
    {
        if (Block.Spec.ChannelIndependent)
        {
            (int series, int steps, int horizon) = Fold(forward.Layer);
            forward.Assign(FoldComment(forward.Layer),
                $"{forward.Module}.call({forward.Input}.transpose(1, 2).reshape(-1, {Format.Integer(steps)}, 1)).reshape(-1, {Format.Integer(series)}, {Format.Integer(horizon)}).transpose(1, 2)");
            return;
        }
        if (!Block.Spec.Stacked)
        {
            forward.Call();
            return;
        }
        // A doubly residual stack (N-BEATS): each block reads the stack's input minus the backcasts before it; the forecasts add up.
        LayerPlan node = forward.Layer;
        ModelEmitter.StackLocals locals = ModelEmitter.TorchSharpStackLocals(node);
        SourceWriter w = forward.Writer;
        w.Line($"// {forward.Shapes}; {Block.Spec.ClassName}{(Settings.Length > 0 ? $"({Settings})" : "")} returns a backcast {Emit.TorchSharpNames.BatchShape(Block.InputShape)} and a forecast {Emit.TorchSharpNames.BatchShape(Block.OutputShape)}" +
               (node.ContinuesStack ? $", reading the stack's input minus the backcasts so far." : ", starting a doubly residual stack."));
        w.Line($"var ({locals.Backcast}, {locals.Forecast}) = {forward.Module}.call({(node.ContinuesStack ? locals.Residual : forward.Input)});");
        if (node.ContinuedByNext)
            w.Line(node.ContinuesStack ? $"{locals.Residual} = {locals.Residual}.sub({locals.Backcast});" : $"var {locals.Residual} = {forward.Input}.sub({locals.Backcast});");
        w.Line($"{forward.Var}{forward.Target} = {(node.ContinuesStack ? $"{forward.Input}.add({locals.Forecast})" : locals.Forecast)};");
    }

    public override void WriteOnnx(OnnxForward onnx)
    {
        if (!Block.Spec.ChannelIndependent)
        {
            ModelEmitter.WriteOnnxBlock(onnx, Block);
            return;
        }
        (int series, int steps, int horizon) = Fold(onnx.Layer);
        onnx.Comment(FoldComment(onnx.Layer));
        onnx.Writer.Line($"{OnnxForward.Value} = {OnnxForward.Node("Reshape", $"{OnnxForward.Node("Transpose", OnnxForward.Value, OnnxForward.Ints("perm", 0, 2, 1))}, {OnnxForward.IntsConstant(-1, steps, 1)}")};");
        ModelEmitter.WriteOnnxBlock(onnx, Block);
        onnx.Writer.Line($"{OnnxForward.Value} = {OnnxForward.Node("Transpose", $"{OnnxForward.Node("Reshape", $"{OnnxForward.Value}, {OnnxForward.IntsConstant(-1, series, horizon)}")}", OnnxForward.Ints("perm", 0, 2, 1))};");
    }

    public override string PyTorchConstructor() => $"{Block.PythonClass}()";

    /// <summary>Its inner blocks' classes and the heads they need, then its own class.</summary>
    public override string[] PyTorchDefinitions() =>
        Block.Submodules.SelectMany(n => n.Layer.PyTorchDefinitions()).Append(ModelEmitter.PyTorchBlockClass(Block)).Distinct().ToArray();

    public override void WritePyTorchForward(PyTorchForward pytorch)
    {
        if (Block.Spec.ChannelIndependent)
        {
            (int series, int steps, int horizon) = Fold(pytorch.Layer);
            pytorch.Comment(FoldComment(pytorch.Layer).TrimEnd('.'));
            pytorch.Assign($"{pytorch.Module}({PyTorchForward.Value}.transpose(1, 2).reshape(-1, {Format.Integer(steps)}, 1)).reshape(-1, {Format.Integer(series)}, {Format.Integer(horizon)}).transpose(1, 2)");
            return;
        }
        if (!Block.Spec.Stacked)
        {
            pytorch.Call();
            return;
        }
        LayerPlan node = pytorch.Layer;
        ModelEmitter.StackLocals locals = ModelEmitter.PythonStackLocals(node);
        pytorch.Comment(node.ContinuesStack
            ? "a backcast and a forecast from the stack's input minus the backcasts so far; the forecasts add up"
            : "a backcast and a forecast; the next block of the stack reads the input minus the backcast");
        pytorch.Writer.Line($"{locals.Backcast}, {locals.Forecast} = {pytorch.Module}({(node.ContinuesStack ? locals.Residual : PyTorchForward.Value)})");
        if (node.ContinuedByNext)
            pytorch.Writer.Line($"{locals.Residual} = {(node.ContinuesStack ? locals.Residual : PyTorchForward.Value)} - {locals.Backcast}");
        pytorch.Assign(node.ContinuesStack ? $"{PyTorchForward.Value} + {locals.Forecast}" : locals.Forecast);
    }
}

/// <summary>Names of what ModelGen generates in a block class.</summary>
internal static class BlockNames
{
    /// <summary>The static method that creates the block for one use: <c>ModelGenCreate_Sample_DilatedTcn_1()</c>.</summary>
    public const string Create = "ModelGenCreate_";

    /// <summary>The private constructor's marker type for one use.</summary>
    public const string Use = "ModelGenUse_";

    /// <summary>The private method that runs one use's layers.</summary>
    public const string Forward = "ModelGenForward_";

    /// <summary>What an N-BEATS block's <c>forward</c> returns.</summary>
    public const string StackedResult = "(global::TorchSharp.torch.Tensor Backcast, global::TorchSharp.torch.Tensor Forecast)";

    /// <summary>The delegate field <c>forward</c> calls: the use's forward method.</summary>
    public const string ForwardField = "ModelGenForward";

    /// <summary>
    /// The field that holds a residual block's shortcut projection: named as its state_dict name, since TorchSharp
    /// also registers a module's fields under their own names.
    /// </summary>
    public const string DownsampleField = Downsample;

    /// <summary>The state_dict name of a residual block's shortcut projection.</summary>
    public const string Downsample = "downsample";
}
