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
            else if (layers.All(l => l.Has(LayerTraits.ElementWise))) traits |= LayerTraits.ElementWise;
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
        Block.Spec.ClassName + (Settings.Length > 0 ? $"({Settings})" : "") + (Block.Spec.Residual ? " (residual)" : "");

    public override string TorchSharpFactory() => $"{Block.Spec.QualifiedName}.{BlockNames.Create}{Block.Variant}()";

    /// <summary>What the block's layers need before any is created (the LSTM kernel check), once in the model's constructor.</summary>
    public override string[] TorchSharpSetup() => Block.Submodules.SelectMany(n => n.Layer.TorchSharpSetup()).Distinct().ToArray();

    public override void WriteTorchSharpForward(TorchSharpForward forward) => forward.Call();

    public override void WriteOnnx(OnnxForward onnx) => ModelEmitter.WriteOnnxBlock(onnx, Block);

    public override string PyTorchConstructor() => $"{Block.PythonClass}()";

    /// <summary>Its inner blocks' classes and the heads they need, then its own class.</summary>
    public override string[] PyTorchDefinitions() =>
        Block.Submodules.SelectMany(n => n.Layer.PyTorchDefinitions()).Append(ModelEmitter.PyTorchBlockClass(Block)).Distinct().ToArray();

    public override void WritePyTorchForward(PyTorchForward pytorch) => pytorch.Call();
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
