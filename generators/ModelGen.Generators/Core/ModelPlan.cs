using System.Linq;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Core;

/// <summary>
/// The result of checking a <see cref="ModelSpec"/>: its findings and, when it has no errors, every
/// layer's shapes and torchinfo figures, and how its output steps depend on each other.
/// </summary>
internal sealed record ModelPlan(
    ModelSpec Spec,
    EquatableArray<Finding> Findings,
    EquatableArray<LayerPlan> Layers,
    EquatableArray<int> Output,
    HeadPlan? Head)
{
    /// <summary>No MG0xxx errors: the generator can emit the model.</summary>
    public bool IsValid => !Spec.HasCompilerErrors && Findings.All(f => !f.Id.StartsWith("MG0", System.StringComparison.Ordinal));

    /// <summary>The model's inputs: its single <c>Input</c> (named <c>input</c>), or the properties of its inputs record.</summary>
    public EquatableArray<InputPlan> Inputs { get; init; } = EquatableArray<InputPlan>.Empty;

    /// <summary>
    /// Output steps: the head's when the model forecasts several steps; otherwise one (the whole Output is
    /// one forecast, as for an encoder's sequence or a single vector).
    /// </summary>
    public int Horizon => Head?.Horizon ?? 1;

    /// <summary>Whether <c>forward</c> ends with a view to <see cref="Output"/>.</summary>
    public bool NeedsView => Layers.Count > 0 && !Layers[Layers.Count - 1].OutputShape.Equals(Output);

    /// <summary>Every node of the model, blocks' nodes after their block (depth first), with its depth (1 for the model's own).</summary>
    public System.Collections.Generic.IEnumerable<(LayerPlan Node, int Depth)> AllNodes() => LayerPlan.Walk(Layers, 1);
}

/// <summary>One input of a model or block: its name, per-sample shape and, for a categorical input, its category count.</summary>
/// <param name="Name">The name <c>[From]</c> uses: a property of the inputs record, or <c>input</c>.</param>
/// <param name="Shape">Per-sample shape: empty for a categorical (one value per sample).</param>
/// <param name="Categories">The category count of a categorical (int64) input; null for float32.</param>
/// <param name="IsKnown">False for an input whose declaration has an error: nodes that read it are not planned, and say nothing more.</param>
internal sealed record InputPlan(string Name, EquatableArray<int> Shape, int? Categories = null, bool IsKnown = true)
{
    public bool IsCategorical => Categories is not null;
}

/// <summary>A value a node reads: a model (or block) input, or an earlier node's output.</summary>
internal readonly record struct ValueRef(int Index, bool IsInput)
{
    public static ValueRef Input(int index) => new(index, true);

    public static ValueRef Node(int index) => new(index, false);
}

/// <summary>One source of a node's input.</summary>
/// <param name="Value">What it reads.</param>
/// <param name="Name">The value's name, for messages and comments: the input's or the field's.</param>
/// <param name="Shape">Its per-sample shape, as the producer holds it (step-major).</param>
/// <param name="RepeatSteps">When a vector joins sequences: the steps it is repeated over; 0 otherwise.</param>
internal sealed record SourcePlan(ValueRef Value, string Name, EquatableArray<int> Shape, int RepeatSteps = 0);

/// <summary>How a node's input is formed from its sources, before any step selection.</summary>
/// <param name="Sources">The sources, in the order <c>[From]</c> names them (one for the previous node's output).</param>
/// <param name="Merge">How several sources are joined.</param>
/// <param name="Named">Whether <c>[From]</c> names them (false: the previous node's output, or the model's input).</param>
/// <param name="Shape">The joined shape, before any step selection.</param>
/// <summary>
/// A value a layer reads beside its input, named by one of its attribute's properties (an autoregressive decoder's
/// <c>Covariates</c>, fed at each step): <paramref name="Property"/> names the property, <paramref name="Source"/> the value.
/// </summary>
internal sealed record SideRead(string Property, SourcePlan Source);

internal sealed record NodeReads(EquatableArray<SourcePlan> Sources, Merge Merge, bool Named, EquatableArray<int> Shape)
{
    /// <summary>Whether the node reads exactly one value, as it is.</summary>
    public bool IsSingle => Sources.Count == 1 && Sources[0].RepeatSteps == 0;
}

/// <summary>One layer with per-sample shapes (no batch dimension) and torchinfo's counts.</summary>
/// <param name="FieldIndex">Index into <see cref="ModelSpec.Fields"/>.</param>
/// <param name="Name">Field name and state_dict prefix.</param>
/// <param name="Layer">The declared layer.</param>
/// <param name="Step">The step of the input sequence the layer reads (-1 the last), or null for all of it.</param>
/// <param name="InputShape">What the layer receives in ModelGen's batch-first, step-major layout, after any step selection.</param>
/// <param name="OutputShape">The layer's (first) output in the same layout.</param>
/// <param name="ModuleInputShape">The input as the module itself sees it (Conv1d: channels first), as torchinfo shows it.</param>
/// <param name="ModuleOutputShape">The output as the module itself produces it.</param>
/// <param name="Parameters">Parameter values (PyTorch's <c>numel</c> summed over <c>named_parameters()</c>).</param>
/// <param name="TrainableParameters">Those that require gradients (0 when the layer is frozen).</param>
/// <param name="MultAddsPerSample">torchinfo's mult-adds divided by the batch size.</param>
/// <param name="Children">For a head module, its submodules as summary rows (the head's own row then shows no counts).</param>
/// <param name="ChannelsFirst">
/// Whether the layer runs on <c>[batch, channels, steps]</c>: a convolution, or an element-wise layer
/// inside a run of them, which the generated code transposes into once and out of once.
/// </param>
internal sealed record LayerPlan(
    int FieldIndex,
    string Name,
    LayerSpec Layer,
    int? Step,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape,
    EquatableArray<int> ModuleInputShape,
    EquatableArray<int> ModuleOutputShape,
    long Parameters,
    long TrainableParameters,
    long MultAddsPerSample,
    EquatableArray<SubLayerPlan> Children = default,
    bool ChannelsFirst = false)
{
    /// <summary>What the node reads (set by the graph planner).</summary>
    public NodeReads Reads { get; init; } = new(EquatableArray<SourcePlan>.Empty, Merge.Concat, false, EquatableArray<int>.Empty);

    /// <summary>
    /// For a channel-independent block's use (<c>[Block(ChannelIndependent = true)]</c>): how many series each sample is
    /// folded into (its input's features), so its module and its layers run on a batch this many times larger; 1 otherwise.
    /// </summary>
    public int BatchFold { get; init; } = 1;

    /// <summary>The values the layer reads beside its input (<see cref="LayerSpec.SideInputs"/>), resolved by the graph planner.</summary>
    public EquatableArray<SideRead> Side { get; init; } = EquatableArray<SideRead>.Empty;

    /// <summary>The node's state_dict path from the model: <c>fc</c>, or <c>block1.conv1</c> inside a block.</summary>
    public string Path { get; init; } = Name;

    /// <summary>Whether the field is declared nullable (<c>GRU?</c>), so generated code reads it with <c>!</c>.</summary>
    public bool FieldIsNullable { get; init; }

    /// <summary>Whether the node starts a run of channels-first nodes: its input is transposed to <c>[batch, channels, steps]</c> first.</summary>
    public bool StartsRun { get; init; }

    /// <summary>Whether the node ends a run of channels-first nodes: its output is transposed back to <c>[batch, steps, features]</c>.</summary>
    public bool EndsRun { get; init; }

    /// <summary>
    /// Whether the output is kept in a value of its own: it is read more than once, or by a node other than
    /// the next. Otherwise the next node reads it as the running value.
    /// </summary>
    public bool KeepsOutput { get; init; }

    /// <summary>For an N-BEATS block: the name of its doubly residual stack's first block (its own when it starts one); null otherwise.</summary>
    public string? Stack { get; init; }

    /// <summary>Whether the node continues the stack of the block before it (the stack is named after another block): it reads that stack's residual, and adds its forecast to theirs.</summary>
    public bool ContinuesStack => Stack is not null && Stack != Name;

    /// <summary>Whether the next node continues this node's stack, so the residual after this block is needed.</summary>
    public bool ContinuedByNext { get; init; }

    /// <summary>The block this node runs, when it is a use of a <c>[Block]</c> class.</summary>
    public BlockPlan? Block => (Layer as BlockLayer)?.Block;

    /// <summary>Whether the layer is a container whose submodules are listed as rows of their own.</summary>
    public bool IsContainer => Children.Count > 0 || Block is not null;

    /// <summary>The nodes below <paramref name="nodes"/> and their own, depth first, with their depth.</summary>
    public static System.Collections.Generic.IEnumerable<(LayerPlan Node, int Depth)> Walk(EquatableArray<LayerPlan> nodes, int depth)
    {
        foreach (LayerPlan node in nodes)
        {
            yield return (node, depth);
            if (node.Block is { } block)
            {
                foreach ((LayerPlan inner, int innerDepth) in Walk(block.Submodules.ToEquatableArray(), depth + 1)) yield return (inner, innerDepth);
            }
        }
    }

    /// <summary>The input as the generated code holds it: channels-first inside a run of convolutions.</summary>
    public EquatableArray<int> LayoutInputShape => ChannelsFirst ? Swap(InputShape) : InputShape;

    /// <summary>The output as the generated code holds it: channels-first inside a run of convolutions.</summary>
    public EquatableArray<int> LayoutOutputShape => ChannelsFirst ? Swap(OutputShape) : OutputShape;

    /// <summary><c>[steps, features]</c> as <c>[channels, steps]</c>.</summary>
    public static EquatableArray<int> Swap(EquatableArray<int> stepMajor) => new[] { stepMajor[1], stepMajor[0] }.ToEquatableArray();
}

/// <summary>A submodule of a head: its state_dict path (<c>head.cell</c>), PyTorch type, shapes and counts.</summary>
internal sealed record SubLayerPlan(
    string Path,
    string PyTorchType,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape,
    long Parameters,
    long MultAddsPerSample);

/// <summary>How a model produces several output steps.</summary>
internal enum HeadStrategy
{
    /// <summary>One read-out emits all steps at once from a single vector (MIMO).</summary>
    MultiOutput,

    /// <summary>Each output step is read from the matching step of a sequence, with nothing fed back.</summary>
    PerStepReadout,

    /// <summary>A read-out whose result is viewed as steps in another layout, with nothing fed back.</summary>
    ReshapedReadout,

    /// <summary>A decoder emits one step at a time and feeds each prediction back as the next input.</summary>
    Autoregressive,

    /// <summary>A read-out per step, each reading the predictions for all earlier steps.</summary>
    DirRec,
}

internal static class HeadStrategyNames
{
    /// <summary>The strategy's name, as MG1001, the summary and the docs use it.</summary>
    public static string Name(this HeadStrategy strategy) => strategy switch
    {
        HeadStrategy.MultiOutput => "multi-output (MIMO)",
        HeadStrategy.PerStepReadout => "per-step read-out",
        HeadStrategy.ReshapedReadout => "reshaped read-out",
        HeadStrategy.Autoregressive => "autoregressive",
        HeadStrategy.DirRec => "DirRec",
        _ => throw new System.ArgumentOutOfRangeException(nameof(strategy), strategy, "no name for this head strategy"),
    };
}

/// <summary>
/// The output steps of a model whose <c>Output</c> is <c>[horizon, values...]</c> with horizon &gt; 1,
/// and, for each step, the earlier steps it is computed from (<see cref="ConditionedOn"/>). A
/// read-out with nothing fed back has an empty list for every step.
/// </summary>
internal sealed record HeadPlan(
    int Horizon,
    long ValuesPerStep,
    HeadStrategy Strategy,
    int HeadFieldIndex,
    EquatableArray<EquatableArray<int>> ConditionedOn)
{
    public bool AnyStepConditioned => ConditionedOn.Any(steps => steps.Count > 0);
}

/// <summary>
/// One use of a <c>[Block]</c> class, planned for the input it receives there: its body (a graph of its own,
/// whose single input is the block's input), the shortcut of a residual block, and how it is laid out.
/// </summary>
/// <param name="Spec">The block as declared, with the consts in force at this use.</param>
/// <param name="Nodes">The body's nodes, named as the block's fields (paths below the block).</param>
/// <param name="Downsample">
/// The projection a residual block adds on its shortcut when the body changes the width
/// (<c>Conv1d(in, out, 1)</c> channels-first, <c>Linear(in, out)</c> otherwise), named <c>downsample</c>; null when
/// the input itself is added, or the block is not residual.
/// </param>
/// <param name="ChannelsFirst">Whether the whole block runs on <c>[batch, channels, steps]</c>: every node is a convolution or element-wise.</param>
/// <param name="InputShape">The block's input, step-major (per sample).</param>
/// <param name="OutputShape">The block's output, step-major (per sample).</param>
internal sealed record BlockPlan(
    BlockSpec Spec,
    EquatableArray<LayerPlan> Nodes,
    LayerPlan? Downsample,
    bool ChannelsFirst,
    EquatableArray<int> InputShape,
    EquatableArray<int> OutputShape)
{
    /// <summary>
    /// The name of this use's generated code in the block class and in the model (set once the whole model is
    /// planned: uses planned alike share it): <c>Sample_DilatedTcn_1</c>.
    /// </summary>
    public string Variant { get; init; } = "";

    /// <summary>The class the PyTorch twin defines for this use: the block's name, with the consts it sets when uses differ.</summary>
    public string PythonClass { get; init; } = "";

    /// <summary>An N-BEATS block's backcast node (its <c>Backcast</c> field); null for other blocks.</summary>
    public LayerPlan? BackcastNode => Spec.Stacked ? Nodes.FirstOrDefault(n => n.Name == Spec.Backcast) : null;

    /// <summary>An N-BEATS block's forecast node (its <c>Forecast</c> field); null for other blocks.</summary>
    public LayerPlan? ForecastNode => Spec.Stacked ? Nodes.FirstOrDefault(n => n.Name == Spec.Forecast) : null;

    /// <summary>The body's nodes, then the shortcut's projection if there is one: the block's submodules in the order they run.</summary>
    public System.Collections.Generic.IEnumerable<LayerPlan> Submodules => Downsample is null ? Nodes : Nodes.Append(Downsample);
}
