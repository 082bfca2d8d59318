using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Parsing;
using static ModelGen.Generators.Core.Format;
using static ModelGen.Generators.Emit.TorchSharpNames;

namespace ModelGen.Generators.Emit;

/// <summary>
/// Blocks in generated code. A <c>[Block]</c> class gets one part of its own (<see cref="EmitBlockClass"/>): the
/// module base type and a <c>forward</c> that runs the use the block was created for. Each model that uses it
/// adds, for each distinct use, a constructor that creates that use's layers and a forward method that runs
/// them (<see cref="EmitBlockUses"/>), planned for the consts and the input of that use, as the model's own are.
/// </summary>
internal static partial class ModelEmitter
{
    /// <summary>The part a <c>[Block]</c> class gets of its own, whether or not a model uses it.</summary>
    public static string EmitBlockClass(BlockClassSpec block, string toolVersion)
    {
        string generatedCode = GeneratedCode(toolVersion);
        string name = Identifier(block.ClassName);
        var w = new SourceWriter();
        System.Collections.Generic.Stack<System.IDisposable> containers = BeginFile(w, block.Namespace, block.ContainingTypes, block.ClassName, toolVersion,
            "// A block is created by the models that use it: each use's constructor and forward method are generated with that model.");
        w.Doc("<summary>",
            $"{Escape(block.ClassName)}: a ModelGen block, a <c>torch.nn.Module</c> whose layers the models that use it create for",
            "each use, with the consts their <c>[With]</c> attributes set and the shapes planned for the input it receives there.",
            "</summary>");
        // An N-BEATS block returns its backcast and its forecast, as darts' blocks do.
        string result = block.Stacked ? BlockNames.StackedResult : Tensor;
        using (w.Block($"partial class {name} : global::TorchSharp.torch.nn.Module<{Tensor}, {result}>"))
        {
            w.Line("// The forward method of the use this block was created for.");
            w.Line(generatedCode);
            w.Line($"private readonly global::System.Func<{Tensor}, {result}> {BlockNames.ForwardField};");
            if (block.Residual)
            {
                w.Line();
                w.Line($"// The projection on the shortcut (state_dict name \"{BlockNames.Downsample}\") for uses whose body changes the width; null for the others.");
                w.Line(generatedCode);
                w.Line($"private readonly global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}>? {BlockNames.DownsampleField};");
            }
            w.Line();
            w.Line("// Keeps C# from adding a public parameterless constructor: blocks are created by the models that use them.");
            w.Line(generatedCode);
            w.Line($"private {name}(ModelGenNoUse use)");
            w.Line($"    : base(nameof({name}))");
            using (w.Block(null))
            {
                foreach (BlockFieldSpec field in block.Fields)
                    w.Line($"this.{Identifier(field.Name)} = default!;");
                if (block.Residual) w.Line($"this.{BlockNames.DownsampleField} = null;");
                w.Line($"this.{BlockNames.ForwardField} = static _ => throw new global::System.InvalidOperationException({Literal($"{block.ClassName} has no layers: it is created by the models that use it.")});");
            }
            w.Line();
            w.Line("private readonly struct ModelGenNoUse");
            using (w.Block(null))
            {
            }
            w.Line();
            w.Doc(block.Stacked
                ? ["<summary>Runs the block's layers as the use it was created for planned them: its backcast, of the input's shape, and its forecast.</summary>"]
                : ["<summary>Runs the block's layers as the use it was created for planned them.</summary>"]);
            w.Line(generatedCode);
            w.Line($"public override {result} forward({Tensor} input) => this.{BlockNames.ForwardField}(input);");
            if (block.Fields.Count > 0 || block.Residual)
            {
                // Only the uses' forward methods read the fields (and only a use whose body changes the width reads the
                // projection): while no model uses the block, or none needs a projection, the compiler would warn (CS0414).
                w.Line();
                w.Line("// The layer fields are assigned by each use's constructor and read by its forward method; read here too, so the compiler warns about none while no model uses the block.");
                w.Line(generatedCode);
                w.Line($"private void {GeneratedNames.ReadLayers}()");
                using (w.Block(null))
                {
                    foreach (BlockFieldSpec field in block.Fields)
                        w.Line($"_ = this.{Identifier(field.Name)};");
                    if (block.Residual) w.Line($"_ = this.{BlockNames.DownsampleField};");
                }
            }
        }
        while (containers.Count > 0) containers.Pop().Dispose();
        return w.ToString();
    }

    /// <summary>One block class's code for a model's uses of it: a constructor and a forward method per distinct use.</summary>
    private static string EmitBlockUses(ModelPlan plan, BlockPlan[] uses, string toolVersion)
    {
        string generatedCode = GeneratedCode(toolVersion);
        BlockSpec block = uses[0].Spec;
        string name = Identifier(block.ClassName);
        var w = new SourceWriter();
        System.Collections.Generic.Stack<System.IDisposable> containers = BeginFile(w, block.Namespace, block.ContainingTypes, block.ClassName, toolVersion,
            $"// {block.ClassName} as {plan.Spec.ClassName} uses it: each use's layers, planned for its consts and its input.",
            "// Edit the attributes, not this file: it is written again on every build.");
        using (w.Block($"partial class {name}"))
        {
            for (int u = 0; u < uses.Length; u++)
            {
                if (u > 0) w.Line();
                EmitBlockUse(w, plan, uses[u], name, generatedCode);
            }
        }
        while (containers.Count > 0) containers.Pop().Dispose();
        return w.ToString();
    }

    private static void EmitBlockUse(SourceWriter w, ModelPlan plan, BlockPlan use, string name, string generatedCode)
    {
        string variant = use.Variant;
        string[] fields = plan.AllNodes().Where(n => n.Node.Block == use).Select(n => n.Node.Name).Distinct().ToArray();
        string settings = string.Join(", ", use.Spec.Consts.Where(c => c.Overridden).Select(c => $"{c.Name} = {c.Value}"));
        w.Doc("<summary>",
            $"Creates {Escape(use.Spec.ClassName)} as {Escape(plan.Spec.ClassName)} uses it ({string.Join(", ", fields.Select(f => $"<c>{Escape(f)}</c>"))})" +
            (settings.Length > 0 ? $", with {Escape(settings)}" : "") +
            $": <c>{BatchShape(use.ChannelsFirst ? LayerPlan.Swap(use.InputShape) : use.InputShape)}</c> → <c>{BatchShape(use.ChannelsFirst ? LayerPlan.Swap(use.OutputShape) : use.OutputShape)}</c>" +
            (use.ChannelsFirst ? ", channels first" : "") + ".",
            "</summary>");
        w.Line(generatedCode);
        w.Line($"internal static {name} {BlockNames.Create}{variant}() => new {name}(default({BlockNames.Use}{variant}));");
        w.Line();
        w.Line($"private readonly struct {BlockNames.Use}{variant}");
        using (w.Block(null))
        {
        }
        w.Line();
        w.Line(generatedCode);
        w.Line($"private {name}({BlockNames.Use}{variant} use)");
        w.Line($"    : base(nameof({name}))");
        using (w.Block(null))
        {
            WriteLayerCreation(w, use.Nodes, use.Downsample);
            w.Line($"this.{BlockNames.ForwardField} = this.{BlockNames.Forward}{variant};");
        }
        w.Line();
        w.Line(generatedCode);
        var syntax = new TorchSharpSyntax(use.Nodes, [TorchSharpForward.ModelInputName]);
        using (w.Block($"private {(use.Spec.Stacked ? BlockNames.StackedResult : Tensor)} {BlockNames.Forward}{variant}({Tensor} input)"))
        {
            w.Line("using var scope = global::TorchSharp.torch.NewDisposeScope();");
            WriteGraph(w, plan, use.Nodes, syntax);
            if (use.Spec.Stacked)
            {
                LayerPlan backcast = use.BackcastNode!, forecast = use.ForecastNode!;
                w.Line($"// Returns the backcast{(backcast.Name == "backcast" ? "" : $" ({backcast.Name})")} and the forecast{(forecast.Name == "forecast" ? "" : $" ({forecast.Name})")}.");
                w.Line($"return ({syntax.Kept(backcast)}.MoveToOuterDisposeScope(), {syntax.Kept(forecast)}.MoveToOuterDisposeScope());");
                return;
            }
            if (use.Spec.Residual)
            {
                string shortcut = use.Downsample is null ? TorchSharpForward.ModelInputName : $"this.{BlockNames.DownsampleField}!.call({TorchSharpForward.ModelInputName})";
                w.Line(use.Downsample is null
                    ? "// Residual: the body's output plus the block's input."
                    : $"// Residual: the body's output plus the input projected by {BlockNames.Downsample} ({use.Downsample.Layer.Describe()}), as the body changes the width.");
                w.Line($"x = x.add({shortcut});");
            }
            w.Line("return x.MoveToOuterDisposeScope();");
        }
    }

    /// <summary>The ONNX nodes of a block's use, inline in the model's graph, reaching its layers through the model's block field.</summary>
    internal static void WriteOnnxBlock(OnnxForward f, BlockPlan use)
    {
        string input = OnnxLocal(f.Path) + "Input";
        f.Comment($"{f.Path}: {use.Spec.ClassName}'s layers inline" + (use.Spec.Residual ? ", then the residual sum." : use.Spec.Stacked ? ", then the stack's residual and forecast." : "."));
        LayerPlan node = f.Layer;
        string residual = OnnxStackResidual(f.Path.Substring(0, f.Path.Length - node.Name.Length), node);
        f.Writer.Line($"string {input} = {(node.ContinuesStack ? residual : OnnxForward.Value)};");
        if (use.Spec.Stacked)
        {
            string sum = OnnxLocal(f.Path) + "Before";
            if (node.ContinuesStack)
            {
                f.Writer.Line($"string {sum} = {OnnxForward.Value};");
                f.Writer.Line($"{OnnxForward.Value} = {input};");
            }
            var syntax = new OnnxSyntax([input], f.Path + ".");
            WriteOnnxGraph(f.Writer, f.Model, use.Nodes, syntax, f.Module, f.Path + ".", inputInRunning: true);
            string backcast = syntax.Kept(use.BackcastNode!), forecast = syntax.Kept(use.ForecastNode!);
            if (node.ContinuedByNext)
            {
                f.Comment($"The next block reads this block's input minus its backcast.");
                f.Writer.Line($"{residual} = {OnnxForward.Node("Sub", $"{input}, {backcast}")};");
            }
            f.Comment(node.ContinuesStack ? "The stack's forecast so far plus this block's." : "The stack's forecast so far: this block's.");
            f.Writer.Line($"{OnnxForward.Value} = {(node.ContinuesStack ? OnnxForward.Node("Add", $"{sum}, {forecast}") : forecast)};");
            return;
        }
        WriteOnnxGraph(f.Writer, f.Model, use.Nodes, new OnnxSyntax([input], f.Path + "."), f.Module, f.Path + ".", inputInRunning: true);
        if (use.Spec.Residual)
        {
            string shortcut = input;
            if (use.Downsample is { } downsample)
            {
                f.Writer.Line($"{OnnxForward.Graph}.BeginLayer(\"{f.Path}.{BlockNames.Downsample}\");");
                f.Writer.Line($"string {OnnxLocal(f.Path)}Body = {OnnxForward.Value};");
                f.Writer.Line($"{OnnxForward.Value} = {input};");
                using (f.Writer.Block(null))
                {
                    downsample.Layer.WriteOnnx(new OnnxForward(f.Writer, f.Model, downsample, f.Module, f.Path + "."));
                }
                f.Writer.Line($"{OnnxForward.Value} = {OnnxForward.Node("Add", $"{OnnxLocal(f.Path)}Body, {OnnxForward.Value}")};");
            }
            else
            {
                f.Comment($"Residual: the body's output plus the block's input.");
                f.Writer.Line($"{OnnxForward.Value} = {OnnxForward.Node("Add", $"{OnnxForward.Value}, {shortcut}")};");
            }
        }
    }

    /// <summary>The ONNX export's local for a stack's residual (<see cref="TorchSharpStackLocals"/>), named after the stack's path below the model.</summary>
    internal static string OnnxStackResidual(string prefix, LayerPlan node) => OnnxLocal(prefix + (node.Stack ?? node.Name)) + "Residual";

    /// <summary>
    /// The locals the TorchSharp <c>forward</c> declares for an N-BEATS block of a stack: its backcast and forecast
    /// (<c>block2Backcast</c>, <c>block2Forecast</c>) and the stack's input minus its blocks' backcasts so far
    /// (<c>block1Residual</c>, named after the stack's first block). Kept values avoid these names (<see cref="WithStackLocals"/>).
    /// </summary>
    internal static StackLocals TorchSharpStackLocals(LayerPlan node) =>
        new(Identifier(node.Name) + "Backcast", Identifier(node.Name) + "Forecast", Identifier((node.Stack ?? node.Name) + "Residual"));

    /// <summary>The twin's locals for an N-BEATS block of a stack: <c>block2_backcast</c>, <c>block2_forecast</c>, <c>block1_residual</c>.</summary>
    internal static StackLocals PythonStackLocals(LayerPlan node) =>
        new(node.Name + "_backcast", node.Name + "_forecast", SnakeCase(node.Stack ?? node.Name) + "_residual");

    /// <summary>The names of what a stack's code keeps for one of its blocks.</summary>
    internal readonly record struct StackLocals(string Backcast, string Forecast, string Residual);

    /// <summary>A C# local for a value named after a state_dict path: <c>block1_inner</c>.</summary>
    private static string OnnxLocal(string path) => BlockVariants.Identifier(path);
}
