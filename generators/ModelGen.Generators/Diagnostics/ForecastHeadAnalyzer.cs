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
            if (plan.Head is not { AnyStepConditioned: false } head) return;
            LayerPlan layer = FindLayer(plan, head.HeadFieldIndex);
            string name = $"{layer.Layer.PyTorchType} '{layer.Name}'";
            (string strategy, string how) = head.Strategy switch
            {
                HeadStrategy.PerStepReadout => ("per-step read-out",
                    $"{name} reads each step from the matching step of its input sequence and nothing is fed back"),
                HeadStrategy.ReshapedReadout => ("multi-output (MIMO)",
                    $"{name} emits {LayerMath.Format(layer.OutputShape)} in one pass, viewed as {LayerMath.Format(plan.Output)}, and nothing is fed back"),
                _ => ("multi-output (MIMO)",
                    $"{name} reads all {head.Horizon} steps out of one " +
                    $"{(layer.LastStep ? "hidden state" : "vector")} {LayerMath.Format(layer.InputShape)} at once"),
            };
            symbolContext.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnconditionedMultiStepHead,
                locator.Locate(Target.LayerAttribute(head.HeadFieldIndex)),
                plan.Spec.ClassName, head.Horizon, strategy, how));
        });
    }

    private static LayerPlan FindLayer(ModelPlan plan, int fieldIndex)
    {
        foreach (LayerPlan layer in plan.Layers)
        {
            if (layer.FieldIndex == fieldIndex) return layer;
        }
        return plan.Layers[plan.Layers.Count - 1];
    }
}
