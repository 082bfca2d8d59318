using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Core;

/// <summary>
/// Checks a declared model and infers every shape through its chain of layers. Pure: used by the
/// generator (to emit code and the summary) and by the analyzer (to report), and unit-tested alone.
/// What is particular to a layer kind is asked of the kind (<see cref="LayerSpec"/>); the planner
/// itself only knows the chain, the step selections and the traits.
/// </summary>
internal static class ModelPlanner
{
    /// <summary>Largest size accepted for any dimension, feature count or layer option (2^24).</summary>
    public const int MaxSize = 1 << 24;

    /// <summary>Largest number of values in one sample of the model's Input or Output (2^40).</summary>
    public const long MaxValuesPerSample = 1L << 40;

    /// <summary>Largest number of stacked recurrent layers accepted.</summary>
    public const int MaxRecurrentLayers = 1000;

    /// <summary>Largest horizon accepted for a head that decodes step by step.</summary>
    public const int MaxHorizon = 10_000;

    private const string InputArgument = nameof(ModelAttribute.Input);
    private const string OutputArgument = nameof(ModelAttribute.Output);

    public static ModelPlan Plan(ModelSpec spec)
    {
        var findings = new List<Finding>();
        CheckClass(spec, findings);
        CheckFields(spec, findings);

        bool inputValid = CheckModelShape(spec, spec.Input, InputArgument, required: true, findings);
        bool outputValid = CheckModelShape(spec, spec.Output, OutputArgument, required: false, findings);

        var layers = new List<LayerPlan>();
        EquatableArray<int>? current = inputValid ? spec.Input : null;
        string source = "the model Input";
        int layerCount = 0;
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            FieldSpec field = spec.Fields[i];
            if (field.Layer is not { } layer) continue;
            layerCount++;

            EquatableArray<int>? input = SelectStep(i, field, current, source, findings);
            string from = input is { } known
                ? Format.Shape(known) + (field.Step is null ? " from " : field.Step == -1 ? ", the last step of " : $", step {Format.Integer(field.Step.Value)} of ") + source
                : "";
            LayerPlan? plan = PlanLayer(new LayerContext(i, field, spec.Input, from, findings), layer, input);
            if (plan is not null) layers.Add(plan);
            current = plan?.OutputShape;
            source = $"{layer.MessageName} '{field.Name}'";
        }

        if (layerCount == 0)
        {
            findings.Add(Finding.Create(DiagnosticIds.NoLayers, Target.Class, spec.ClassName));
        }
        CheckHeadsAreLast(spec, findings);

        EquatableArray<int> output = spec.Output.Count > 0 ? spec.Output : current ?? EquatableArray<int>.Empty;
        if (outputValid && spec.Output.Count > 0 && current is { } last && layers.Count == layerCount && layerCount > 0)
        {
            long? declared = Elements(spec.Output), emitted = Elements(last);
            if (declared != emitted)
            {
                LayerPlan lastLayer = layers[layers.Count - 1];
                findings.Add(Finding.Create(DiagnosticIds.OutputMismatch, Target.ModelArgument(OutputArgument),
                    Format.Shape(spec.Output), Format.Count(declared),
                    $"{lastLayer.Layer.MessageName} '{lastLayer.Name}'", Format.Shape(last), Format.Count(emitted)));
            }
        }

        var plan0 = new ModelPlan(spec, findings.ToEquatableArray(), MarkChannelsFirstRuns(layers).ToEquatableArray(), output, null);
        return plan0.IsValid && layers.Count == layerCount ? plan0 with { Head = PlanHead(plan0) } : plan0;
    }

    /// <summary>
    /// One layer: its arguments on their own, then (when they are valid and its input is known) the
    /// input rank its traits ask for, then the kind's own shape rule and counts.
    /// </summary>
    private static LayerPlan? PlanLayer(LayerContext context, LayerSpec layer, EquatableArray<int>? input)
    {
        if (!layer.CheckArguments(context) || input is not { } shape) return null;
        if (layer.Has(LayerTraits.NeedsSequence) && shape.Count != 2)
        {
            context.Report(DiagnosticIds.SequenceRequired, Target.LayerAttribute(context.Index), context.Name, context.From,
                context.Field.Step is null ? "give it a [steps, features] input" : $"remove {context.Field.StepText} so it receives the whole sequence");
            return null;
        }
        if (layer.Has(LayerTraits.NeedsVector) && shape.Count != 1)
        {
            context.Report(DiagnosticIds.HeadNeedsVector, Target.LayerAttribute(context.Index), context.Name, context.From);
            return null;
        }
        try
        {
            return layer.Plan(context, shape);
        }
        catch (OverflowException)
        {
            context.InvalidLayer("its parameter or mult-add count", "is too large for 64 bits", "smaller sizes");
            return null;
        }
    }

    /// <summary>
    /// Runs of channels-first layers: a convolution starts or continues one, and an element-wise layer
    /// right after it (with no step selection) continues it, so <c>conv → ReLU → conv</c> is transposed
    /// once into <c>[batch, channels, steps]</c> and once back, as a PyTorch user writes it. The summary
    /// shows those element-wise layers channels-first too, as torchinfo does for that module.
    /// </summary>
    private static List<LayerPlan> MarkChannelsFirstRuns(List<LayerPlan> layers)
    {
        var marked = new List<LayerPlan>(layers.Count);
        bool inRun = false;
        foreach (LayerPlan layer in layers)
        {
            inRun = layer.Layer.Has(LayerTraits.ChannelsFirst)
                    || (inRun && layer.Layer.Has(LayerTraits.ElementWise) && layer.Step is null && layer.InputShape.Count == 2);
            marked.Add(!inRun ? layer
                : layer.Layer.Has(LayerTraits.ChannelsFirst) ? layer with { ChannelsFirst = true }
                : layer with
                {
                    ChannelsFirst = true,
                    ModuleInputShape = LayerPlan.Swap(layer.InputShape),
                    ModuleOutputShape = LayerPlan.Swap(layer.OutputShape),
                });
        }
        return marked;
    }

    /// <summary>Applies <c>[LastStep]</c> or <c>[Step(i)]</c>: <c>[steps, features]</c> becomes <c>[features]</c>.</summary>
    private static EquatableArray<int>? SelectStep(int index, FieldSpec field, EquatableArray<int>? input, string source, List<Finding> findings)
    {
        if (input is not { } sequence || field.Step is not int step) return input;
        if (sequence.Count < 2)
        {
            findings.Add(Finding.Create(DiagnosticIds.SequenceRequired, Target.StepAttribute(index),
                $"{field.StepText} on '{field.Name}'", Format.Shape(sequence) + " from " + source,
                $"remove {field.StepText}: the input is already one vector per sample"));
            return null;
        }
        int steps = sequence[0];
        if (step < -steps || step >= steps)
        {
            findings.Add(Finding.Create(DiagnosticIds.StepOutOfRange, Target.StepArgument(index),
                field.Name, Format.Count(step), Format.Shape(sequence) + " from " + source, Format.Count(steps), Format.Count(-steps), Format.Count(steps - 1)));
            return null;
        }
        return sequence.Skip(1).ToEquatableArray();
    }

    /// <summary>
    /// The dependence graph of the output steps: which earlier steps each step is computed from. Only
    /// a declared <c>Output</c> of <c>[horizon, values...]</c> with horizon &gt; 1 names output steps.
    /// The head is the last layer that maps features (<see cref="LayerTraits.MapsFeatures"/>); layers
    /// after it that keep every value where it is do not change which steps feed which. A decoding head
    /// names its own steps.
    /// </summary>
    private static HeadPlan? PlanHead(ModelPlan plan)
    {
        LayerPlan? head = plan.Layers.LastOrDefault(l => l.Layer.Has(LayerTraits.MapsFeatures));
        if (head?.Layer.Decoding is { } decoding)
        {
            // The head decodes step by step: step k reads the predictions for every earlier step.
            // A single step has nothing to be conditioned on: no multi-step output.
            int steps = head.OutputShape[0];
            if (steps < 2) return null;
            var earlier = Enumerable.Range(0, steps).Select(k => Enumerable.Range(0, k).ToEquatableArray()).ToEquatableArray();
            return new HeadPlan(steps, head.OutputShape[1], decoding, head.FieldIndex, earlier);
        }
        EquatableArray<int> output = plan.Spec.Output;
        if (head is null || output.Count < 2 || output[0] < 2) return null;
        int horizon = output[0];
        long valuesPerStep = Elements(output)!.Value / horizon;

        // A recurrent layer's output steps are its own hidden states over the input window, each computed
        // from the one before: an encoder's sequence, not a forecasting head.
        if (head.Layer.Has(LayerTraits.Recurrent)) return null;

        HeadStrategy strategy =
            head.InputShape.Count == 1 ? HeadStrategy.MultiOutput
            : head.OutputShape.Count >= 2 && head.OutputShape[0] == horizon ? HeadStrategy.PerStepReadout
            : HeadStrategy.ReshapedReadout;
        // Only a decoding head feeds a prediction back, so no step depends on another.
        var unconditioned = Enumerable.Range(0, horizon).Select(_ => EquatableArray<int>.Empty).ToEquatableArray();
        return new HeadPlan(horizon, valuesPerStep, strategy, head.FieldIndex, unconditioned);
    }

    /// <summary>
    /// A decoding head feeds back what it emits, so nothing may change its outputs after it: it must be
    /// the last layer (which also allows only one).
    /// </summary>
    private static void CheckHeadsAreLast(ModelSpec spec, List<Finding> findings)
    {
        int last = -1;
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            if (spec.Fields[i].Layer is not null) last = i;
        }
        for (int i = 0; i < last; i++)
        {
            FieldSpec field = spec.Fields[i];
            if (field.Layer is not { DecodesStepByStep: true } layer) continue;
            FieldSpec next = spec.Fields.Skip(i + 1).First(f => f.Layer is not null);
            findings.Add(Finding.Create(DiagnosticIds.HeadNotLast, Target.LayerAttribute(i),
                $"{layer.MessageName} '{field.Name}'", $"{next.Layer!.MessageName} '{next.Name}'"));
        }
    }

    private static bool CheckModelShape(ModelSpec spec, EquatableArray<int> shape, string argument, bool required, List<Finding> findings)
    {
        if (shape.Count == 0 && !required) return true;
        if (shape.Count > 0 && shape.All(d => d >= 1 && d <= MaxSize) && Elements(shape) <= MaxValuesPerSample) return true;
        string expected = argument == InputArgument
            ? $"the per-sample input shape as positive sizes no larger than {Format.Count(MaxSize)}, {Format.Count(MaxValuesPerSample)} values in all, e.g. Input = [10, 3] for 10 steps of 3 features"
            : $"the per-sample output shape as positive sizes no larger than {Format.Count(MaxSize)}, {Format.Count(MaxValuesPerSample)} values in all, e.g. Output = [5, 1], or no Output";
        findings.Add(Finding.Create(DiagnosticIds.InvalidInputShape, Target.ModelArgument(argument),
            spec.ClassName, argument, shape.Count == 0 ? "is missing" : "= " + Format.Shape(shape), expected));
        return false;
    }

    private static void CheckClass(ModelSpec spec, List<Finding> findings)
    {
        if ((spec.Problems & ClassProblems.NotPartial) != 0)
            findings.Add(Finding.Create(DiagnosticIds.ModelNotPartial, Target.Class, spec.ClassName));
        foreach ((ClassProblems problem, string reason) in new[]
        {
            (ClassProblems.Generic, "is generic"),
            (ClassProblems.Nested, $"is nested in '{spec.OuterClassName}', which is not partial"),
            (ClassProblems.Abstract, "is abstract, so its generated constructor could never be called"),
            (ClassProblems.Static, "is static"),
            (ClassProblems.Record, "is a record"),
            (ClassProblems.ForeignBase, $"derives from '{spec.BaseClassName}'"),
        })
        {
            if ((spec.Problems & problem) != 0)
                findings.Add(Finding.Create(DiagnosticIds.UnsupportedModelClass, Target.Class, spec.ClassName, reason));
        }
        for (int m = 0; m < spec.ConflictingMembers.Count; m++)
            findings.Add(Finding.Create(DiagnosticIds.GeneratedMemberConflict, Target.Member(m), spec.ClassName, spec.ConflictingMembers[m]));
    }

    private static void CheckFields(ModelSpec spec, List<Finding> findings)
    {
        for (int i = 0; i < spec.Fields.Count; i++)
        {
            FieldSpec field = spec.Fields[i];
            if (field.LayerAttributes.Count > 1)
            {
                findings.Add(Finding.Create(DiagnosticIds.MultipleLayerAttributes, Target.Field(i),
                    field.Name, string.Join(", ", field.LayerAttributes.Select(a => "[" + a + "]"))));
            }
            if (field.StepAttributes.Count > 1)
            {
                findings.Add(Finding.Create(DiagnosticIds.MultipleStepSelections, Target.Field(i),
                    field.Name, string.Join(", ", field.StepAttributes.Select(a => "[" + a + "]"))));
            }
            if (field.Layer is { } layer)
            {
                if (field.IsStatic)
                    findings.Add(Finding.Create(DiagnosticIds.FieldTypeMismatch, Target.Field(i), field.Name, layer.AttributeName, "is static", layer.FieldType));
                else if (field.TypeName != layer.FieldType)
                    findings.Add(Finding.Create(DiagnosticIds.FieldTypeMismatch, Target.Field(i), field.Name, layer.AttributeName, $"has type '{field.TypeName}'", layer.FieldType));
                if (field.HiddenBaseMember is { } hidden)
                    findings.Add(Finding.Create(DiagnosticIds.HidesModuleMember, Target.Field(i), field.Name, hidden));
            }
            else if (field.StepAttributes.Count > 0 && field.LayerAttributes.Count == 0)
            {
                findings.Add(Finding.Create(DiagnosticIds.StepSelectionWithoutLayer, Target.StepAttribute(i), field.Name, field.StepText));
            }
        }
    }

    /// <summary>Values in a shape, or null when the count does not fit in 64 bits.</summary>
    public static long? Elements(EquatableArray<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0 || (d != 0 && n > long.MaxValue / d)) return null;
            n *= d;
        }
        return n;
    }
}
