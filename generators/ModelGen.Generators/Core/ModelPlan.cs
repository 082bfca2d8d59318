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

    /// <summary>Output steps: the head's, else the Output's first dimension when it has two or more, else one.</summary>
    public int Horizon => Head?.Horizon ?? (Output.Count >= 2 ? Output[0] : 1);

    /// <summary>Whether <c>forward</c> ends with a view to <see cref="Output"/>.</summary>
    public bool NeedsView => Layers.Count > 0 && !Layers[Layers.Count - 1].OutputShape.Equals(Output);
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
    /// <summary>Whether the layer is a container whose submodules are listed as rows of their own.</summary>
    public bool IsContainer => Children.Count > 0;

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
        HeadStrategy.ReshapedReadout => "multi-output (MIMO)",
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
