using System.Collections.Immutable;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Diagnostics;

/// <summary>
/// MG1001: what a multi-step head whose steps are not conditioned on each other does, in words, read
/// from the dependence graph the planner builds (<see cref="HeadPlan"/>), and what the code fixes need.
/// </summary>
internal sealed record UnconditionedHead(Target Target, string[] MessageArguments, ImmutableDictionary<string, string?> FixProperties)
{
    /// <summary>The report for <paramref name="plan"/>, or null when MG1001 does not apply.</summary>
    public static UnconditionedHead? Describe(ModelPlan plan)
    {
        // MultiOutput = true on [Model] states that the steps are produced at once on purpose.
        if (plan.Spec.MultiOutputIntended || plan.Head is not { AnyStepConditioned: false } head) return null;
        LayerPlan layer = FindLayer(plan, head.HeadFieldIndex);
        string name = $"{layer.Layer.MessageName} '{layer.Name}'";
        string how = head.Strategy switch
        {
            HeadStrategy.PerStepReadout when layer.Layer.Has(LayerTraits.MixesSteps) =>
                $"{name} computes each step from {layer.Layer.StepsReadAs} and nothing is fed back",
            HeadStrategy.PerStepReadout =>
                $"{name} reads each step from the matching step of its input sequence and nothing is fed back",
            HeadStrategy.ReshapedReadout =>
                $"{name} emits {Format.Shape(layer.OutputShape)} in one pass, viewed as {Format.Shape(plan.Output)}, and nothing is fed back",
            HeadStrategy.MultiOutput =>
                $"{name} reads all {Format.Integer(head.Horizon)} steps out of one {(FollowsRecurrentStep(plan, layer) ? "hidden state" : "vector")} " +
                $"{Format.Shape(layer.InputShape)} at once",
            // A decoding head feeds every step back, so its steps are conditioned and MG1001 never reaches here.
            _ => $"{name} emits its {Format.Integer(head.Horizon)} steps without feeding any back",
        };
        return new UnconditionedHead(
            Target.LayerAttribute(head.HeadFieldIndex),
            [plan.Spec.ClassName, Format.Integer(head.Horizon), head.Strategy.Name(), how],
            FixPropertiesFor(plan, head, layer));
    }

    /// <summary>
    /// What the "make the head autoregressive" code fix needs, when the head can be rewritten as an
    /// autoregressive decoder: the last layer, reading one step (a hidden state) of a recurrent encoder
    /// and emitting the declared steps at once. The decoder's state is that hidden state.
    /// </summary>
    private static ImmutableDictionary<string, string?> FixPropertiesFor(ModelPlan plan, HeadPlan head, LayerPlan layer)
    {
        if (head.Strategy != HeadStrategy.MultiOutput || !FollowsRecurrentStep(plan, layer) || plan.Layers[plan.Layers.Count - 1] != layer
            || head.ValuesPerStep > ModelPlanner.MaxSize || head.Horizon > ModelPlanner.MaxHorizon)
            return ImmutableDictionary<string, string?>.Empty;
        return ImmutableDictionary<string, string?>.Empty
            .Add(FixPropertyNames.HiddenSize, Format.Integer(layer.InputShape[0]))
            .Add(FixPropertyNames.OutFeatures, Format.Integer(head.ValuesPerStep))
            .Add(FixPropertyNames.Horizon, Format.Integer(head.Horizon));
    }

    /// <summary>Whether the layer reads one step of a recurrent layer's output (a hidden state), and nothing else.</summary>
    private static bool FollowsRecurrentStep(ModelPlan plan, LayerPlan layer) =>
        layer.Step is not null && layer.Reads.IsSingle && layer.Reads.Sources[0].Value is { IsInput: false } source
        && plan.Layers[source.Index].Layer.Has(LayerTraits.Recurrent);

    private static LayerPlan FindLayer(ModelPlan plan, int fieldIndex)
    {
        foreach (LayerPlan layer in plan.Layers)
        {
            if (layer.FieldIndex == fieldIndex) return layer;
        }
        throw new System.InvalidOperationException($"the head plan names field {fieldIndex}, which has no layer plan");
    }
}
