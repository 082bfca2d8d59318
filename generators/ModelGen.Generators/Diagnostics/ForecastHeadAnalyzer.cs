using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Diagnostics;

/// <summary>
/// Reports MG1001 on the head of a model whose several output steps are not conditioned on each
/// other, read from the same dependence graph the generator builds (<see cref="HeadPlan"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForecastHeadAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.UnconditionedMultiStepHead);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ModelAnalysis.Register(context, static (symbolContext, plan, locator) =>
        {
            // MultiOutput = true on [Model] states that the steps are produced at once on purpose.
            if (plan.Spec.MultiOutputIntended || plan.Head is not { AnyStepConditioned: false } head) return;
            LayerPlan layer = FindLayer(plan, head.HeadFieldIndex);
            string name = $"{layer.Layer.PyTorchType} '{layer.Name}'";
            string how = head.Strategy switch
            {
                HeadStrategy.PerStepReadout when layer.Layer is Conv1dSpec =>
                    $"{name} computes each step from a window of its input and nothing is fed back",
                HeadStrategy.PerStepReadout =>
                    $"{name} reads each step from the matching step of its input sequence and nothing is fed back",
                HeadStrategy.ReshapedReadout =>
                    $"{name} emits {LayerMath.Format(layer.OutputShape)} in one pass, viewed as {LayerMath.Format(plan.Output)}, and nothing is fed back",
                _ => $"{name} reads all {head.Horizon} steps out of one {(FollowsRecurrentStep(plan, layer) ? "hidden state" : "vector")} " +
                     $"{LayerMath.Format(layer.InputShape)} at once",
            };
            string strategy = Emit.ModelEmitter.StrategyName(head.Strategy);
            symbolContext.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnconditionedMultiStepHead,
                locator.Locate(Target.LayerAttribute(head.HeadFieldIndex)),
                FixProperties(plan, head, layer),
                plan.Spec.ClassName, head.Horizon, strategy, how));
        });
    }

    /// <summary>
    /// What the "make the head autoregressive" code fix needs, when the head can be rewritten as an
    /// autoregressive decoder: a Linear reading one step (a hidden state) of a recurrent encoder, whose
    /// outputs are the declared steps. The decoder's state is that hidden state.
    /// </summary>
    private static ImmutableDictionary<string, string?> FixProperties(ModelPlan plan, HeadPlan head, LayerPlan layer)
    {
        if (layer.Layer is not LinearSpec linear || head.Strategy != HeadStrategy.MultiOutput || !FollowsRecurrentStep(plan, layer)
            || plan.Layers[plan.Layers.Count - 1] != layer || head.ValuesPerStep > ModelPlanner.MaxSize || head.Horizon > LayerCheck.MaxHorizon)
            return ImmutableDictionary<string, string?>.Empty;
        return ImmutableDictionary<string, string?>.Empty
            .Add(FixPropertyNames.HiddenSize, linear.InFeatures.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add(FixPropertyNames.OutFeatures, head.ValuesPerStep.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add(FixPropertyNames.Horizon, head.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the layer reads one step of a recurrent layer's output (a hidden state).</summary>
    private static bool FollowsRecurrentStep(ModelPlan plan, LayerPlan layer)
    {
        int position = plan.Layers.AsImmutableArray().IndexOf(layer);
        return layer.Step is not null && position > 0 && plan.Layers[position - 1].Layer is RecurrentSpec;
    }

    private static LayerPlan FindLayer(ModelPlan plan, int fieldIndex) => plan.Layers.First(layer => layer.FieldIndex == fieldIndex);
}
