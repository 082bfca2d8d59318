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
    private const string QuantilesArgument = nameof(ModelAttribute.Quantiles);
    private const string DistributionArgument = nameof(ModelAttribute.Distribution);

    public static ModelPlan Plan(ModelSpec spec)
    {
        var findings = new List<Finding>();
        CheckClass(spec, findings);

        // A decoding head of a quantile model reads out every level and feeds back the median.
        spec = WithDecodedLevels(spec);
        (EquatableArray<InputPlan> allInputs, bool inputsValid) = PlanInputs(spec, findings);
        EquatableArray<InputPlan>? inputs = inputsValid ? allInputs : null;
        bool outputValid = CheckModelShape(spec, spec.Output, OutputArgument, required: false, findings);

        // Inputs with errors still have their names, so layers that read them are not reported again.
        var scope = new GraphScope(findings, allInputs, spec.HasNamedInputs,
            spec.HasNamedInputs ? EquatableArray<int>.Empty : spec.Input, spec.ClassName)
        {
            ModelInputHasError = !spec.HasNamedInputs && inputs is null,
        };
        GraphPlanner.GraphResult graph = GraphPlanner.Plan(spec.Fields, scope);
        if (graph.NodeFields == 0)
        {
            findings.Add(Finding.Create(DiagnosticIds.NoLayers, Target.Class, spec.ClassName));
        }
        CheckHeadsAreLast(spec, findings);
        CheckSplitDeclaration(spec, findings);
        bool quantilesValid = CheckQuantiles(spec, findings) & CheckDistribution(spec, findings);

        // With quantiles, the output gains a last dimension of one value per level, [...Output, Q]; with a
        // distribution, of its parameters, [...Output, P].
        int? extra = !quantilesValid || spec.Output.Count == 0 ? null
            : spec.Quantiles is { Count: > 0 } levels ? levels.Count
            : spec.DistributionKind?.ParameterCount;
        EquatableArray<int> declaredOutput = extra is int last0 ? spec.Output.Append(last0).ToEquatableArray() : spec.Output;
        EquatableArray<int> output = spec.Output.Count > 0 ? declaredOutput : graph.Output ?? EquatableArray<int>.Empty;
        if (outputValid && quantilesValid && spec.Output.Count > 0 && graph.Output is { } last && graph.Complete && inputs is not null)
        {
            long? declared = Elements(declaredOutput), emitted = Elements(last);
            if (declared != emitted)
            {
                LayerPlan lastLayer = graph.Nodes[graph.Nodes.Count - 1];
                // With quantiles or a distribution, the message counts their dimension and asks for a wider last layer, not another Output.
                int q = declaredOutput.Count > spec.Output.Count ? declaredOutput[declaredOutput.Count - 1] : 0;
                string each = spec.DistributionKind is { } kind
                    ? $"{kind.Name}'s {Format.Integer(q)} parameters ({string.Join(", ", kind.Parameters)})"
                    : $"{Format.Integer(q)} quantiles";
                (string shape, string values, string expected) = q == 0
                    ? (Format.Shape(spec.Output), Format.Count(declared), $"an Output with {Format.Count(emitted)} values")
                    : ($"{Format.Shape(spec.Output)} with {each}",
                       $"{string.Join(" · ", declaredOutput.Select(d => Format.Integer(d)))} = {Format.Count(declared)}",
                       $"a last layer that emits {Format.Count(declared)} values (the {Format.Count(Elements(spec.Output))} of Output for each of the {each})");
                findings.Add(Finding.Create(DiagnosticIds.OutputMismatch, Target.ModelArgument(OutputArgument), shape, values,
                    $"{lastLayer.Layer.MessageName} '{lastLayer.Name}'", Format.Shape(last), Format.Count(emitted), expected));
            }
        }

        if (graph.Complete && graph.Nodes.Count > 0 && graph.Nodes[0].Layer.Has(LayerTraits.MapsOutputBack))
            CheckOutputMappedBack(spec, graph.Nodes[0], output, findings);

        var plan0 = new ModelPlan(spec, findings.ToEquatableArray(), graph.Nodes, output, null) { Inputs = inputs ?? EquatableArray<InputPlan>.Empty };
        if (!plan0.IsValid || !graph.Complete || inputs is null) return plan0;
        return BlockVariants.Name(plan0 with { Head = PlanHead(plan0) });
    }

    /// <summary>
    /// The model's inputs: its single <c>Input</c>, named <c>input</c>, or the shaped properties of its
    /// <c>Inputs</c> record, each checked; those with an error are kept, unknown, and the result is not valid.
    /// </summary>
    private static (EquatableArray<InputPlan> Inputs, bool Valid) PlanInputs(ModelSpec spec, List<Finding> findings)
    {
        if (spec.Inputs is not { } record)
        {
            bool valid1 = CheckModelShape(spec, spec.Input, InputArgument, required: true, findings);
            return (new[] { new InputPlan(FromAttribute.Input, spec.Input, IsKnown: valid1) }.ToEquatableArray(), valid1);
        }
        const string inputs = nameof(ModelAttribute.Inputs);
        bool valid = true;
        void Problem(Target target, string found, string expected)
        {
            findings.Add(Finding.Create(DiagnosticIds.InvalidInputs, target, spec.ClassName, found, expected));
            valid = false;
        }
        const string shaped = "a record whose every property is a TorchSharp Tensor with [Shape(...)] (float32) or [Categorical(n)] (int64, one category per sample)";
        if (spec.Input.Count > 0)
            Problem(Target.ModelArgument(InputArgument), $"has both Input = {Format.Shape(spec.Input)} and Inputs = typeof({record.DisplayName})", "one of them: Input for one tensor, Inputs for named ones");
        if (record.Problem is { } problem) Problem(Target.ModelArgument(inputs), $"has Inputs = typeof({record.DisplayName}), which {problem}", shaped);
        else if (record.Properties.Count == 0) Problem(Target.ModelArgument(inputs), $"has Inputs = typeof({record.DisplayName}), which has no public properties", shaped);

        var plans = new List<InputPlan>();
        for (int p = 0; p < record.Properties.Count; p++)
        {
            InputPropertySpec property = record.Properties[p];
            string what = $"{record.DisplayName}.{property.Name}";
            int before = findings.Count;
            AddInput(p, property, what);
            if (findings.Count > before) plans.Add(new InputPlan(property.Name, EquatableArray<int>.Empty, IsKnown: false));
        }
        // With an error in the record itself, no input is known.
        if (record.Problem is not null) plans = plans.Select(p => p with { IsKnown = false }).ToList();
        return (plans.ToEquatableArray(), valid);

        void AddInput(int p, InputPropertySpec property, string what)
        {
            if (!property.IsTensor)
            {
                Problem(Target.InputProperty(p), $"has input {what} of type '{property.TypeName}'", "a property of type TorchSharp.torch.Tensor");
                return;
            }
            switch (property.Shape, property.Categories)
            {
                case (null, null):
                    Problem(Target.InputProperty(p), $"has input {what} with neither [Shape(...)] nor [Categorical(n)]", "one of them, e.g. [property: Shape(48, 4)] for 48 steps of 4 features");
                    break;
                case ({ }, { }):
                    Problem(Target.InputProperty(p), $"has input {what} with both [Shape(...)] and [Categorical(n)]", "one of them");
                    break;
                case ({ } shape, null):
                    if (shape.Count > 0 && shape.All(d => d >= 1 && d <= MaxSize) && Elements(shape) <= MaxValuesPerSample) plans.Add(new InputPlan(property.Name, shape));
                    else Problem(Target.InputProperty(p), $"has input {what} with [Shape({string.Join(", ", shape.Select(d => Format.Integer(d)))})]",
                        $"the per-sample shape as positive sizes no larger than {Format.Count(MaxSize)}, e.g. [Shape(48, 4)] for 48 steps of 4 features");
                    break;
                case (null, { } count):
                    if (count >= 1 && count <= MaxSize) plans.Add(new InputPlan(property.Name, EquatableArray<int>.Empty, count));
                    else Problem(Target.InputProperty(p), $"has input {what} with [Categorical({Format.Integer(count)})]", $"a category count from 1 to {Format.Count(MaxSize)}");
                    break;
            }
        }
    }

    /// <summary>
    /// MG0027: quantile levels must be a non-empty, strictly increasing list in (0, 1), on a model with an Output, and
    /// hold 0.5 when the head feeds its predictions back (it feeds back the median).
    /// </summary>
    private static bool CheckQuantiles(ModelSpec spec, List<Finding> findings)
    {
        if (spec.Quantiles is not { } levels) return true;
        string written = "[" + string.Join(", ", levels.Select(Format.Real)) + "]";
        void Problem(string found, string expected) =>
            findings.Add(Finding.Create(DiagnosticIds.InvalidQuantiles, Target.ModelArgument(QuantilesArgument), spec.ClassName, written, found, expected));
        int before = findings.Count;
        if (levels.Count == 0) Problem("an empty list", "at least one level, e.g. [0.1, 0.5, 0.9]; leave Quantiles out for a point forecast");
        for (int i = 0; i < levels.Count; i++)
        {
            if (!(levels[i] > 0 && levels[i] < 1))
                Problem($"whose level {Format.Real(levels[i])} is not in (0, 1)", "levels strictly between 0 and 1, e.g. [0.1, 0.5, 0.9]");
            else if (i > 0 && levels[i] <= levels[i - 1])
                Problem(levels[i] == levels[i - 1] ? $"which repeats {Format.Real(levels[i])}" : $"which is not increasing ({Format.Real(levels[i - 1])} before {Format.Real(levels[i])})",
                    "each level once, in increasing order");
        }
        if (findings.Count > before) return false;
        if (spec.Output.Count == 0)
            Problem("but no Output", "an Output to add the quantiles' dimension to, e.g. Output = [12, 1] for [batch, 12, 1, Q]");
        else if (spec.Fields.Any(f => f.Layer is { DecodesStepByStep: true }) && !levels.Contains(0.5))
            Problem("without 0.5, on a model whose head feeds its predictions back", "0.5 among the levels: a decoding head feeds back the median, e.g. [0.1, 0.5, 0.9]");
        return findings.Count == before;
    }

    /// <summary>
    /// The spec with its decoding head reading out each of the model's quantile levels and feeding back the median
    /// (<see cref="LayerSpec.Levels"/>); as it was without valid levels that hold 0.5 (MG0027 says why).
    /// </summary>
    private static ModelSpec WithDecodedLevels(ModelSpec spec)
    {
        // A distribution: each value's parameters, linked, their mean (parameter 0) fed back.
        if (spec.DistributionKind is { } kind && spec.Quantiles is null)
        {
            return spec with
            {
                Fields = spec.Fields.Select(f => f.Layer is { Decoding: HeadStrategy.Autoregressive } layer
                    ? f with { Layer = layer with { Levels = kind.ParameterCount, FedLevel = 0, Distribution = kind } }
                    : f).ToEquatableArray(),
            };
        }
        if (spec.Quantiles is not { Count: > 0 } levels) return spec;
        int median = levels.AsImmutableArray().IndexOf(0.5);
        if (median < 0 || !spec.Fields.Any(f => f.Layer is { DecodesStepByStep: true })) return spec;
        return spec with
        {
            Fields = spec.Fields.Select(f => f.Layer is { DecodesStepByStep: true } layer
                ? f with { Layer = layer with { Levels = levels.Count, FedLevel = median } }
                : f).ToEquatableArray(),
        };
    }

    /// <summary>
    /// MG0028: a distribution must be one ModelGen knows, not declared with quantiles, on a model with an Output; a head
    /// that feeds its predictions back must be autoregressive on a model with one Input (not yet: DirRec, named inputs).
    /// </summary>
    private static bool CheckDistribution(ModelSpec spec, List<Finding> findings)
    {
        if (spec.Distribution is not int value || value == 0) return true;
        DistributionKind? kind = spec.DistributionKind;
        string written = kind is null ? $"(OutputDistribution){Format.Integer(value)}" : "OutputDistribution." + kind.Name;
        void Problem(string found, string expected) =>
            findings.Add(Finding.Create(DiagnosticIds.InvalidDistribution, Target.ModelArgument(DistributionArgument), spec.ClassName, written, found, expected));
        int before = findings.Count;
        if (kind is null) Problem("which is not a distribution ModelGen knows", DistributionKind.Names);
        else if (spec.Quantiles is not null)
            Problem("with Quantiles as well", "one of them: Quantiles for quantile levels, Distribution for a distribution's parameters (its quantiles come from Sample)");
        else if (spec.Output.Count == 0)
            Problem("but no Output", $"an Output to add the parameters' dimension to, e.g. Output = [12, 1] for [batch, 12, 1, {Format.Integer(kind.ParameterCount)}]");
        else if (spec.Fields.Any(f => f.Layer is { Decoding: HeadStrategy.DirRec }))
            Problem("on a DirRec head", "a head that reads its steps out at once, or an autoregressive one (sampled decoding with DirRec is not supported yet)");
        else if (spec.HasNamedInputs && spec.Fields.Any(f => f.Layer is { DecodesStepByStep: true })
                 && spec.Inputs!.Properties.FirstOrDefault(p => !p.IsSettable) is { } fixedProperty)
            Problem($"on an autoregressive head, and {spec.Inputs.DisplayName}.{fixedProperty.Name} has no init accessor",
                $"inputs whose properties can be set in a with expression (a positional record's are): Sample repeats each input once per path");
        return findings.Count == before;
    }

    /// <summary>MG0026: layers declared on several partial parts of the class run in an order C# does not define.</summary>
    private static void CheckSplitDeclaration(ModelSpec spec, List<Finding> findings)
    {
        foreach (SplitLayerSpec split in spec.SplitLayers)
        {
            findings.Add(Finding.Create(DiagnosticIds.LayersOnSeveralParts, Target.Field(split.FieldIndex), spec.ClassName, split.Name,
                string.Join(", ", split.Files.Select(f => $"'{f}'"))));
        }
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
        // The declared Output with the quantiles' dimension, if any: each step's values are all its quantiles.
        EquatableArray<int> output = plan.Spec.Output.Count > 0 ? plan.Output : plan.Spec.Output;
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
    /// A layer that maps the model's output back (RevIN) needs a point forecast <c>[horizon, targets]</c> of its target
    /// features, from a model that does not feed predictions back.
    /// </summary>
    private static void CheckOutputMappedBack(ModelSpec spec, LayerPlan first, EquatableArray<int> output, List<Finding> findings)
    {
        string name = $"{first.Layer.MessageName} '{first.Name}'";
        Target at = Target.LayerAttribute(first.FieldIndex);
        void Report(string found, string expected) =>
            findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument, at, name, "its model", found, expected));
        if (spec.Quantiles is { Count: > 0 } || spec.DistributionKind is not null)
        {
            Report(spec.Quantiles is { Count: > 0 } ? "has Quantiles" : "has a Distribution",
                "a point forecast: mapping quantiles or a distribution's parameters back is not supported yet");
            return;
        }
        if (spec.Fields.Any(f => f.Layer?.DecodesStepByStep == true))
        {
            Report("has a decoding head", "no head that feeds predictions back: they would be fed back normalised");
            return;
        }
        int[] targets = first.Layer.MappedBackFeatures;
        int features = first.InputShape[1];
        if (output.Count == 2 && output[1] == targets.Length) return;
        string which = targets.Length == features ? $"all {Format.Count(features)} input features" : $"input features {Format.Shape(targets.ToEquatableArray())}";
        findings.Add(Finding.Create(DiagnosticIds.InvalidLayerArgument,
            targets.Length == features ? at : Target.LayerArgument(first.FieldIndex, AttributeNames.Argument(first.Layer.AttributeType, "Targets")),
            name, "the forecast it maps back", $"is {Format.Shape(output)}",
            $"[horizon, {Format.Count(targets.Length)}]: the model forecasts {which}" +
            (targets.Length == features ? "; name the input features the forecast is of with Targets (e.g. Targets = [0])" : "")));
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
            if (spec.Fields[i].IsNode) last = i;
        }
        for (int i = 0; i < last; i++)
        {
            FieldSpec field = spec.Fields[i];
            if (field.Layer is not { DecodesStepByStep: true } layer) continue;
            FieldSpec next = spec.Fields.Skip(i + 1).First(f => f.IsNode);
            findings.Add(Finding.Create(DiagnosticIds.HeadNotLast, Target.LayerAttribute(i),
                $"{layer.MessageName} '{field.Name}'", $"{next.Layer?.MessageName ?? next.Block!.ClassName} '{next.Name}'"));
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
            (ClassProblems.FileLocal, "is file-local or nested in a file-local type, so its generated part, in another file, could not extend it"),
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
