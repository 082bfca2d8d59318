using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Core;

/// <summary>
/// What one graph (a model's body or a block's) can read and where its findings go: its inputs, whether its
/// first node must name what it reads, the prefix of its nodes' state_dict paths and the path from the model
/// to it, for findings.
/// </summary>
internal sealed class GraphScope
{
    public GraphScope(List<Finding> findings, EquatableArray<InputPlan> inputs, bool namedInputs, EquatableArray<int> modelInput, string owner)
        : this(findings, inputs, namedInputs, modelInput, owner, "", EquatableArray<int>.Empty, 0)
    {
    }

    private GraphScope(List<Finding> findings, EquatableArray<InputPlan> inputs, bool namedInputs, EquatableArray<int> modelInput, string owner,
        string prefix, EquatableArray<int> path, int depth)
    {
        Findings = findings;
        Inputs = inputs;
        NamedInputs = namedInputs;
        ModelInput = modelInput;
        Owner = owner;
        Prefix = prefix;
        Path = path;
        Depth = depth;
    }

    public List<Finding> Findings { get; }

    /// <summary>The graph's inputs: the model's, or the block's one input.</summary>
    public EquatableArray<InputPlan> Inputs { get; }

    /// <summary>Whether the inputs are a model's named inputs (then no node reads one without naming it).</summary>
    public bool NamedInputs { get; }

    /// <summary>The model's single per-sample Input (a decoder may read its last step); empty for named inputs.</summary>
    public EquatableArray<int> ModelInput { get; }

    /// <summary>Whether the model's single Input is missing or invalid (MG0004).</summary>
    public bool ModelInputHasError { get; init; }

    /// <summary>The class whose fields these are, for messages.</summary>
    public string Owner { get; }

    /// <summary>The state_dict path of the graph's nodes below the model: <c>""</c>, or <c>block1.</c> inside a block.</summary>
    public string Prefix { get; }

    /// <summary>Block fields from the model to this graph, for findings (<see cref="Target.Path"/>).</summary>
    public EquatableArray<int> Path { get; }

    /// <summary>How many blocks this graph is nested in (0 for the model).</summary>
    public int Depth { get; }

    public bool IsBlock => Depth > 0;

    /// <summary>How the graph's inputs read in messages: <c>the model Input</c>, or <c>the input of ResidualConv 'block1'</c>.</summary>
    public string InputDescription { get; private init; } = "the model Input";

    /// <summary>Fields whose outputs the graph returns besides its last node's: an N-BEATS block's backcast and forecast.</summary>
    public EquatableArray<string> Outputs { get; private init; } = EquatableArray<string>.Empty;

    public void Report(string id, Target target, params string[] arguments) =>
        Findings.Add(Finding.Create(id, target with { Path = Path.Concat(target.Path).ToEquatableArray() }, arguments));

    /// <summary>The scope of the block that the field at <paramref name="field"/> uses, whose one input has <paramref name="input"/>.</summary>
    public GraphScope Enter(int field, string name, string blockClass, EquatableArray<int>? input, EquatableArray<string> outputs = default) =>
        // An input that comes from a node that could not be planned is not known: the nodes reading it say nothing more.
        new(Findings, new[] { new InputPlan(FromAttribute.Input, input ?? EquatableArray<int>.Empty, IsKnown: input is not null) }.ToEquatableArray(),
            namedInputs: false, ModelInput, blockClass, Prefix + name + ".", Path.Append(field).ToEquatableArray(), Depth + 1)
        {
            InputDescription = $"the input of {blockClass} '{Prefix + name}'",
            ModelInputHasError = ModelInputHasError,
            Outputs = outputs,
        };
}

/// <summary>
/// Plans a graph of nodes: the fields of a model or block in declaration order (the topological order),
/// each reading the previous node's output unless <c>[From]</c> names its sources, which may only point
/// backwards. Infers every shape, joins sources, applies step selections, plans each layer (asking its kind)
/// or block (planning its body for the input it gets there), and decides what generated code keeps in values
/// of their own and where it transposes into and out of the channels-first layout. Pure, like the rest of the
/// core: it knows values and nodes, never a particular layer kind.
/// </summary>
internal static class GraphPlanner
{
    /// <summary>How deeply blocks may nest.</summary>
    public const int MaxBlockDepth = 16;

    /// <param name="Nodes">The nodes that could be planned, in order.</param>
    /// <param name="NodeFields">How many fields declare a node (a layer or a block).</param>
    /// <param name="Complete">Whether every node could be planned, so the graph's output is known.</param>
    /// <param name="Output">The last node's output, when known.</param>
    internal sealed record GraphResult(EquatableArray<LayerPlan> Nodes, int NodeFields, bool Complete, EquatableArray<int>? Output);

    /// <summary>One value a node reads, with what it is for messages and whether it holds category ids.</summary>
    private sealed record Source(SourcePlan Plan, string Description, int? Categories);

    public static GraphResult Plan(EquatableArray<FieldSpec> fields, GraphScope scope)
    {
        CheckFields(fields, scope);
        var nodes = new List<LayerPlan>();
        var nodeOfField = new Dictionary<int, int>();
        var users = new Dictionary<int, List<int>>(); // field index -> the fields that read its output
        var inputUses = new int[scope.Inputs.Count];
        int? previous = null;
        int nodeFields = 0;
        bool complete = true;

        for (int i = 0; i < fields.Count; i++)
        {
            FieldSpec field = fields[i];
            if (!field.IsNode) continue;
            nodeFields++;
            List<Source>? sources = ResolveSources(i, field, previous, fields, nodes, nodeOfField, scope);
            foreach (Source source in sources ?? [])
            {
                if (source.Plan.Value.IsInput) inputUses[source.Plan.Value.Index]++;
                else Users(users, fieldOf(source.Plan.Value.Index)).Add(i);
            }
            List<(string Property, Source Source)>? side = ResolveSide(i, field, fields, nodes, nodeOfField, scope);
            foreach ((_, Source read) in side ?? [])
            {
                if (read.Plan.Value.IsInput) inputUses[read.Plan.Value.Index]++;
                else Users(users, fieldOf(read.Plan.Value.Index)).Add(i);
            }
            (NodeReads? reads, int? categories, string from) = sources is null ? (null, null, "") : Join(i, field, sources, scope);
            EquatableArray<int>? input = SelectStep(i, field, reads?.Shape, from, scope, ref categories);
            string where = input is { } known ? Describe(known, field.Step, from) : "";

            // An N-BEATS block right after another, reading nothing named, continues its doubly residual stack: it reads
            // the stack's input minus the backcasts so far, and its value is the forecasts' sum.
            LayerPlan? stackBefore = field.Block is { Stacked: true } && field.From is null && field.Step is null && previous is int p
                && nodeOfField.TryGetValue(p, out int before) && nodes[before].Block is { Spec.Stacked: true } ? nodes[before] : null;
            if (stackBefore is not null)
            {
                input = stackBefore.Block!.InputShape;
                where = $"{Format.Shape(input.Value)}, the input of the stack {stackBefore.Stack} minus the backcasts of the blocks up to {stackBefore.Name}";
            }

            LayerPlan? plan = field.Block is { } block
                ? PlanBlock(i, field, block, input, categories, where, scope)
                : side is null ? null
                : PlanLayer(new LayerContext(i, field, scope.ModelInput, where, scope.Findings, scope.Prefix + field.Name, scope.Path, categories)
                    {
                        ModelInputHasError = scope.ModelInputHasError,
                        Side = side.ToDictionary(s => s.Property, s => (s.Source.Plan.Shape, s.Source.Description)),
                    },
                    field.Layer!, input, categories, scope,
                    readsModelInput: nodeFields == 1 && !scope.NamedInputs && field.Step is null && sources is [{ Plan.Value.IsInput: true }]);
            if (plan is not null && stackBefore is not null && !plan.OutputShape.Equals(stackBefore.OutputShape))
            {
                scope.Report(DiagnosticIds.InvalidBlock, Target.Field(i), $"{field.Block!.ClassName} '{scope.Prefix + field.Name}'",
                    $"forecasts {Format.Shape(plan.OutputShape)}, but {stackBefore.Name} before it in the stack {stackBefore.Stack} forecasts {Format.Shape(stackBefore.OutputShape)}",
                    $"the same forecast shape in every block of a doubly residual stack, since their forecasts are summed (or [{AttributeNames.Short(typeof(FromAttribute))}] on this field, to start a stack of its own)");
                plan = null;
            }
            if (plan is not null && reads is not null)
            {
                nodeOfField[i] = nodes.Count;
                plan = plan.Block is { Spec.Stacked: true }
                    ? plan with { Stack = stackBefore?.Stack ?? plan.Name }
                    : plan;
                if (stackBefore is not null) nodes[nodes.Count - 1] = nodes[nodes.Count - 1] with { ContinuedByNext = true };
                nodes.Add(plan with
                {
                    Reads = reads,
                    FieldIsNullable = field.IsNullable,
                    Side = side!.Select(s => new SideRead(s.Property, s.Source.Plan)).ToEquatableArray(),
                });
            }
            else
            {
                complete = false;
            }
            previous = i;
        }

        if (complete && nodes.Count > 0)
        {
            ReportUnused(fields, nodes, users, inputUses, nodeOfField, scope);
            nodes = MarkValuesAndRuns(nodes, users, nodeOfField, scope.Outputs);
        }
        EquatableArray<int>? output = complete && nodes.Count > 0 ? nodes[nodes.Count - 1].OutputShape : null;
        return new GraphResult(nodes.ToEquatableArray(), nodeFields, complete, output);

        int fieldOf(int node) => nodes[node].FieldIndex;
    }

    private static List<int> Users(Dictionary<int, List<int>> users, int field)
    {
        if (!users.TryGetValue(field, out List<int>? list)) users[field] = list = new List<int>();
        return list;
    }

    /// <summary>The values a node reads: the previous node's output (the graph's input for the first), or what <c>[From]</c> names.</summary>
    private static List<Source>? ResolveSources(int index, FieldSpec field, int? previous, EquatableArray<FieldSpec> fields,
        List<LayerPlan> nodes, Dictionary<int, int> nodeOfField, GraphScope scope)
    {
        if (field.From is not { } from)
        {
            if (previous is int p)
                return nodeOfField.TryGetValue(p, out int node) ? [NodeSource(node, nodes, scope)] : null;
            if (scope.NamedInputs)
            {
                scope.Report(DiagnosticIds.UnknownSource, Target.Field(index), scope.Prefix + field.Name,
                    "reads nothing: it is the first layer, and the model's inputs are named",
                    $"[From(...)] naming one of {Names(scope.Inputs.Select(i => i.Name))}");
                return null;
            }
            return scope.Inputs.Count == 1 && scope.Inputs[0].IsKnown ? [InputSource(0, scope)] : null;
        }

        if (from.Sources.Count == 0)
        {
            scope.Report(DiagnosticIds.UnknownSource, Target.From(index), scope.Prefix + field.Name, "has [From()] naming nothing",
                $"one or more of {Names(Available(index, fields, scope))}");
            return null;
        }
        var sources = new List<Source>();
        bool failed = false;
        for (int p = 0; p < from.Sources.Count; p++)
        {
            string name = from.Sources[p];
            string? problem = Lookup(index, name, fields, scope, out int input, out int earlier);
            if (problem is not null)
            {
                scope.Report(DiagnosticIds.UnknownSource, Target.From(index, p), scope.Prefix + field.Name, $"names '{name}', {problem}",
                    $"one of {Names(Available(index, fields, scope))}");
                failed = true;
                continue;
            }
            if (input >= 0 && !scope.Inputs[input].IsKnown) failed = true; // its declaration's own error says why
            else if (input >= 0) sources.Add(InputSource(input, scope));
            else if (nodeOfField.TryGetValue(earlier, out int node)) sources.Add(NodeSource(node, nodes, scope));
            else failed = true; // that node could not be planned: its own error says why
        }
        return failed ? null : sources;
    }

    /// <summary>
    /// What <paramref name="name"/>, read by the field at <paramref name="index"/>, is: an input (<paramref name="input"/>) or
    /// an earlier field (<paramref name="earlier"/>), or -1 for both and the problem, as messages say it (<c>which is ...</c>).
    /// </summary>
    private static string? Lookup(int index, string name, EquatableArray<FieldSpec> fields, GraphScope scope, out int input, out int earlier)
    {
        input = InputIndex(name, scope);
        earlier = -1;
        int later = -1;
        for (int f = 0; f < fields.Count; f++)
        {
            if (fields[f].Name != name) continue;
            if (f < index) earlier = f;
            else later = f;
        }
        string? problem =
            input >= 0 && earlier >= 0 ? $"which is both an input and the field '{name}'; rename the field"
            : input >= 0 || earlier >= 0 ? null
            : later == index ? "which is the field itself"
            : later > index ? $"which is declared after it (a layer may only read inputs and fields declared before it)"
            : "which is neither an input nor a field";
        if (problem is null && earlier >= 0 && !fields[earlier].IsNode) problem = "which declares no layer";
        return problem;
    }

    /// <summary>
    /// The values the layer at <paramref name="index"/> reads beside its input (<see cref="LayerSpec.SideInputs"/>), each
    /// an input or an earlier node, reported at its argument when it is neither; null when any cannot be read.
    /// </summary>
    private static List<(string Property, Source Source)>? ResolveSide(int index, FieldSpec field, EquatableArray<FieldSpec> fields,
        List<LayerPlan> nodes, Dictionary<int, int> nodeOfField, GraphScope scope)
    {
        var side = new List<(string, Source)>();
        if (field.Layer is not { } layer) return side;
        bool failed = false;
        foreach ((string property, string name) in layer.SideInputs)
        {
            string? problem = Lookup(index, name, fields, scope, out int input, out int earlier);
            if (problem is not null)
            {
                string argument = AttributeNames.Argument(layer.AttributeType, property);
                scope.Report(DiagnosticIds.UnknownSource, Target.LayerArgument(index, argument), scope.Prefix + field.Name, $"has {argument} = \"{name}\", {problem}",
                    $"one of {Names(Available(index, fields, scope))}");
                failed = true;
            }
            else if (input >= 0 && scope.Inputs[input].IsKnown) side.Add((property, InputSource(input, scope)));
            else if (earlier >= 0 && nodeOfField.TryGetValue(earlier, out int node)) side.Add((property, NodeSource(node, nodes, scope)));
            else failed = true; // an input or node that could not be planned: its own error says why
        }
        return failed ? null : side;
    }

    private static int InputIndex(string name, GraphScope scope)
    {
        if (!scope.NamedInputs) return name == FromAttribute.Input && scope.Inputs.Count == 1 ? 0 : -1;
        for (int i = 0; i < scope.Inputs.Count; i++)
        {
            if (scope.Inputs[i].Name == name) return i;
        }
        return -1;
    }

    /// <summary>What a node at <paramref name="index"/> may name: the inputs and the earlier nodes.</summary>
    private static IEnumerable<string> Available(int index, EquatableArray<FieldSpec> fields, GraphScope scope) =>
        (scope.NamedInputs ? scope.Inputs.Select(i => i.Name) : scope.Inputs.Count == 1 ? [FromAttribute.Input] : [])
        .Concat(fields.Take(index).Where(f => f.IsNode).Select(f => f.Name));

    private static string Names(IEnumerable<string> names)
    {
        string[] all = names.Select(n => $"'{n}'").ToArray();
        return all.Length == 0 ? "nothing (there is no input or earlier layer)" : string.Join(", ", all);
    }

    private static Source InputSource(int index, GraphScope scope)
    {
        InputPlan input = scope.Inputs[index];
        string description = scope.NamedInputs ? $"input '{input.Name}'" : scope.InputDescription;
        return new Source(new SourcePlan(ValueRef.Input(index), input.Name, input.Shape), description, input.Categories);
    }

    private static Source NodeSource(int node, List<LayerPlan> nodes, GraphScope scope)
    {
        LayerPlan plan = nodes[node];
        return new Source(new SourcePlan(ValueRef.Node(node), plan.Name, plan.OutputShape), $"{plan.Layer.MessageName} '{scope.Prefix + plan.Name}'", null);
    }

    /// <summary>
    /// The node's input from its sources: one as it is, or several concatenated on the last dimension (a
    /// vector joining sequences repeated over their steps) or summed. Returns the description messages use.
    /// </summary>
    private static (NodeReads? Reads, int? Categories, string From) Join(int index, FieldSpec field, List<Source> sources, GraphScope scope)
    {
        bool named = field.From is not null;
        Merge merge = field.From?.Merge ?? Merge.Concat;
        if (sources.Count == 1)
        {
            Source only = sources[0];
            return (new NodeReads(new[] { only.Plan }.ToEquatableArray(), merge, named, only.Plan.Shape), only.Categories, only.Description);
        }
        string name = scope.Prefix + field.Name;
        if (merge is not (Merge.Concat or Merge.Add or Merge.Subtract))
        {
            scope.Report(DiagnosticIds.SourcesDoNotJoin, Target.From(index), name, $"has Merge = {Format.Integer((int)merge)}",
                $"{nameof(Merge)}.{Merge.Concat}, {nameof(Merge)}.{Merge.Add} or {nameof(Merge)}.{Merge.Subtract}");
            return (null, null, "");
        }
        for (int p = 0; p < sources.Count; p++)
        {
            if (sources[p].Categories is not { } categories) continue;
            scope.Report(DiagnosticIds.CategoricalMismatch, Target.From(index, p), name,
                $"joins {sources[p].Description}, which holds category ids (0 to {Format.Count(categories - 1)}), with other values",
                $"an [{AttributeNames.Short(typeof(EmbeddingAttribute))}] layer reading it alone, and that layer's output joined here");
            return (null, null, "");
        }

        EquatableArray<int>[] shapes = sources.Select(s => s.Plan.Shape).ToArray();
        string joined = string.Join(" and ", sources.Select(s => s.Description));
        if (merge is Merge.Add or Merge.Subtract)
        {
            // One shape; a vector [features] among sequences [steps, features] is repeated over their steps, as for a concatenation.
            bool add = merge == Merge.Add;
            int reference = Array.FindIndex(shapes, s => s.Count == 2);
            if (reference < 0) reference = 0;
            EquatableArray<int> shape = shapes[reference];
            int repeat = shape.Count == 2 ? shape[0] : 0;
            for (int p = 0; p < shapes.Length; p++)
            {
                if (shapes[p].Equals(shape) || (repeat > 0 && shapes[p].Count == 1 && shapes[p][0] == shape[1])) continue;
                (int a, int b) = p < reference ? (p, reference) : (reference, p);
                // At the later of the two, as for every join: the source that does not fit the ones before it.
                scope.Report(DiagnosticIds.SourcesDoNotJoin, Target.From(index, b), name,
                    add ? $"adds {Format.Shape(shapes[b])} from {sources[b].Description} to {Format.Shape(shapes[a])} from {sources[a].Description}"
                        : $"subtracts {Format.Shape(shapes[b])} from {sources[b].Description} from {Format.Shape(shapes[a])} from {sources[a].Description}",
                    $"values of one shape for Merge = {nameof(Merge)}.{merge}, or vectors [features] with sequences [steps, features] of as many features (repeated over the steps)");
                return (null, null, "");
            }
            (EquatableArray<SourcePlan> summed, List<string> parts) = RepeatVectors(sources, repeat > 0 ? repeat : null);
            string description = add ? string.Join(" and ", parts) + ", added" : string.Join(" minus ", parts);
            return (new NodeReads(summed, merge, named, shape), null, description);
        }

        // Concatenation on the last dimension: sequences must agree on their steps; vectors join them repeated over those steps.
        int? steps = null;
        int stepsFrom = -1;
        for (int p = 0; p < shapes.Length; p++)
        {
            EquatableArray<int> shape = shapes[p];
            if (shape.Count is not (1 or 2))
            {
                scope.Report(DiagnosticIds.SourcesDoNotJoin, Target.From(index, p), name,
                    $"concatenates {Format.Shape(shape)} from {sources[p].Description}",
                    "vectors [features] and sequences [steps, features] (flatten or select a step of anything else first)");
                return (null, null, "");
            }
            if (shape.Count != 2) continue;
            if (steps is int s && s != shape[0])
            {
                scope.Report(DiagnosticIds.SourcesDoNotJoin, Target.From(index, p), name,
                    $"concatenates {sources[stepsFrom].Description} ({Format.Count(s)} steps, {Format.Shape(shapes[stepsFrom])}) and {sources[p].Description} ({Format.Count(shape[0])} steps, {Format.Shape(shape)}) on features",
                    "sequences with the same number of steps");
                return (null, null, "");
            }
            (steps, stepsFrom) = (shape[0], p);
        }
        long features = shapes.Sum(s => (long)s[s.Count - 1]);
        if (features > ModelPlanner.MaxSize)
        {
            scope.Report(DiagnosticIds.SourcesDoNotJoin, Target.From(index), name, $"concatenates {Format.Count(features)} features",
                $"at most {Format.Count(ModelPlanner.MaxSize)}");
            return (null, null, "");
        }
        (EquatableArray<SourcePlan> plans, List<string> described) = RepeatVectors(sources, steps);
        EquatableArray<int> result = steps is int count ? LayerContext.Shape(count, (int)features) : LayerContext.Shape((int)features);
        return (new NodeReads(plans, merge, named, result), null, $"{string.Join(" and ", described)}, joined on features");
    }

    /// <summary>
    /// The sources with each vector repeated over <paramref name="steps"/> when the join has sequences (null: it has none),
    /// and how each reads in messages: <c>the last step of GRU 'GRU' repeated over 12 steps</c>.
    /// </summary>
    private static (EquatableArray<SourcePlan> Plans, List<string> Descriptions) RepeatVectors(List<Source> sources, int? steps)
    {
        bool Repeated(Source s) => steps is not null && s.Plan.Shape.Count == 1;
        return (sources.Select(s => Repeated(s) ? s.Plan with { RepeatSteps = steps!.Value } : s.Plan).ToEquatableArray(),
                sources.Select(s => s.Description + (Repeated(s) ? $" repeated over {Format.Count(steps!.Value)} steps" : "")).ToList());
    }

    /// <summary>Applies <c>[LastStep]</c> or <c>[Step(i)]</c>: <c>[steps, features]</c> becomes <c>[features]</c>.</summary>
    private static EquatableArray<int>? SelectStep(int index, FieldSpec field, EquatableArray<int>? input, string from, GraphScope scope, ref int? categories)
    {
        if (input is not { } sequence || field.Step is not int step) return input;
        string name = scope.Prefix + field.Name;
        if (sequence.Count < 2 || categories is not null)
        {
            scope.Report(DiagnosticIds.SequenceRequired, Target.StepAttribute(index), $"{field.StepText} on '{name}'", Format.Shape(sequence) + " from " + from,
                $"remove {field.StepText}: the input is already one vector per sample");
            return null;
        }
        int steps = sequence[0];
        if (step < -steps || step >= steps)
        {
            scope.Report(DiagnosticIds.StepOutOfRange, Target.StepArgument(index), name, Format.Count(step), Format.Shape(sequence) + " from " + from,
                Format.Count(steps), Format.Count(-steps), Format.Count(steps - 1));
            return null;
        }
        return sequence.Skip(1).ToEquatableArray();
    }

    /// <summary>The input and where it comes from, for messages: <c>[32], the last step of GRU 'GRU'</c>.</summary>
    private static string Describe(EquatableArray<int> input, int? step, string from) =>
        input.Count == 0 ? from // category ids: one per sample, no shape to show
        : Format.Shape(input) + (step is null ? " from " : step == -1 ? ", the last step of " : $", step {Format.Integer(step.Value)} of ") + from;

    /// <summary>
    /// One layer: its arguments on their own, then (when they are valid and its input is known) the input its
    /// traits ask for, then the kind's own shape rule and counts.
    /// </summary>
    private static LayerPlan? PlanLayer(LayerContext context, LayerSpec layer, EquatableArray<int>? input, int? categories, GraphScope scope, bool readsModelInput)
    {
        if (layer.Has(LayerTraits.MapsOutputBack) && (scope.IsBlock || !readsModelInput))
        {
            // It normalises what the model reads and maps back what it returns: nothing may come before it.
            context.InvalidLayer("its place",
                scope.IsBlock ? $"is inside the block {scope.Owner}" : scope.NamedInputs ? "is on a model with named inputs" : "is not the model's first layer, reading its Input",
                $"the first field of a model declared with Input, reading it whole: {layer.MessageName} normalises the model's input and maps its output back");
            return null;
        }
        if (layer.DecodesStepByStep && scope.IsBlock)
        {
            context.Report(DiagnosticIds.HeadNotLast, Target.LayerAttribute(context.Index), context.Name, $"the rest of the model (it is inside the block {scope.Owner})");
            return null;
        }
        if (!layer.CheckArguments(context) || input is not { } shape) return null;
        if (categories is not null && !layer.Has(LayerTraits.ReadsCategories))
        {
            context.Report(DiagnosticIds.CategoricalMismatch, Target.LayerAttribute(context.Index), context.Name,
                $"reads {context.From}, which holds category ids (0 to {Format.Count(categories.Value - 1)}), not values",
                $"an [{AttributeNames.Short(typeof(EmbeddingAttribute))}] layer to read it, and this layer reading that layer's output");
            return null;
        }
        if (categories is null && layer.Has(LayerTraits.ReadsCategories))
        {
            context.Report(DiagnosticIds.CategoricalMismatch, Target.LayerAttribute(context.Index), context.Name,
                $"reads {context.From}, which holds values, not category ids", "[From] naming a [Categorical] input");
            return null;
        }
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
    /// One use of a block: its body planned for this input (a graph whose one input is the block's), then,
    /// for a residual block, the shortcut: the input itself, or a projection when the body changes the width.
    /// </summary>
    private static LayerPlan? PlanBlock(int index, FieldSpec field, BlockSpec block, EquatableArray<int>? input, int? categories, string from, GraphScope scope)
    {
        string name = scope.Prefix + field.Name;
        string use = $"{block.ClassName} '{name}'";
        bool usable = CheckBlock(index, block, use, scope);
        // A [With] that could not be applied (MG0025): the body would be planned with consts the use does not mean.
        if (field.Overrides.Any(o => o.Problem is not null)) usable = false;
        if (categories is not null)
        {
            scope.Report(DiagnosticIds.CategoricalMismatch, Target.Field(index), use, $"reads {from}, which holds category ids, not values",
                $"an [{AttributeNames.Short(typeof(EmbeddingAttribute))}] layer to read it, and the block reading that layer's output");
            usable = false;
        }
        if (block.NamesStackOutputs && !CheckStacked(index, block, use, scope)) usable = false;
        if (block.ChannelIndependent && !CheckChannelIndependent(index, block, use, input, from, scope)) usable = false;
        if (!usable) return null;

        EquatableArray<string> outputs = block.Stacked ? new[] { block.Backcast!, block.Forecast! }.ToEquatableArray() : EquatableArray<string>.Empty;
        // Channel independence: each feature is a series of its own, folded into the batch, so the body reads [steps, 1].
        int fold = block.ChannelIndependent && input is { } sequence ? sequence[1] : 1;
        EquatableArray<int>? bodyInput = block.ChannelIndependent && input is { } folded ? LayerContext.Shape(folded[0], 1) : input;
        GraphScope inner = scope.Enter(index, field.Name, block.ClassName, bodyInput, outputs);
        GraphResult body = Plan(block.Fields, inner);
        if (body.NodeFields == 0)
        {
            scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use, $"uses the block {block.ClassName}, which has no layers",
                "a [Block] class with at least one layer field");
            return null;
        }
        if (!body.Complete || input is not { } shape || body.Output is not { } output) return null;

        EquatableArray<LayerPlan> nodes = body.Nodes;
        if (block.ChannelIndependent)
        {
            // Each series' output, [horizon] or [horizon, 1], unfolded into [horizon, features].
            if (!(output.Count == 1 || output.Count == 2 && output[1] == 1))
            {
                scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use,
                    $"is channel-independent and returns {Format.Shape(output)} for each series",
                    $"[steps] or [steps, 1] for each series, which the use joins into [steps, {Format.Count(fold)}] (one column per feature of its input)");
                return null;
            }
            var independent = new BlockPlan(block, nodes, null, false, bodyInput!.Value, output);
            EquatableArray<int> joined = LayerContext.Shape(output[0], fold);
            (long independentParameters, long independentTrainable, long perSeries) = Totals(independent);
            return new LayerPlan(index, field.Name, new BlockLayer(independent), field.Step, shape, joined, bodyInput.Value, output,
                independentParameters, independentTrainable, checked(perSeries * fold)) { BatchFold = fold };
        }
        if (block.Stacked)
        {
            // torchinfo shows the first of a module's outputs, the backcast, as the block's output.
            var stacked = new BlockPlan(block, nodes, null, false, shape, EquatableArray<int>.Empty);
            LayerPlan backcast = stacked.BackcastNode!, forecast = stacked.ForecastNode!;
            stacked = stacked with { OutputShape = forecast.OutputShape };
            if (!backcast.OutputShape.Equals(shape))
            {
                scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use,
                    $"has a backcast, {block.Backcast}, of {Format.Shape(backcast.OutputShape)} for its input of {Format.Shape(shape)}",
                    $"a backcast of the input's shape, {Format.Shape(shape)}: the next block of the stack reads the input minus it");
                return null;
            }
            (long stackedParameters, long stackedTrainable, long stackedMultAdds) = Totals(stacked);
            return new LayerPlan(index, field.Name, new BlockLayer(stacked), field.Step, shape, forecast.OutputShape, shape, backcast.OutputShape,
                stackedParameters, stackedTrainable, stackedMultAdds);
        }
        // The whole body runs channels-first when it is one run of convolutions and the element-wise layers
        // between them, starting at its first layer and ending at its last: then the parent transposes around the
        // block (and a run of such blocks), as darts' and Bai et al.'s TCN do, and nothing inside transposes.
        bool channelsFirst = nodes.All(n => n.ChannelsFirst) && nodes[0].StartsRun && nodes.Skip(1).All(n => !n.StartsRun);
        if (channelsFirst)
        {
            nodes = nodes.Select((n, i) => n with { StartsRun = false, EndsRun = false }).ToEquatableArray();
        }

        LayerPlan? downsample = null;
        if (block.Residual)
        {
            bool sameSteps = output.Count == shape.Count && output.Take(output.Count - 1).SequenceEqual(shape.Take(shape.Count - 1));
            if (!sameSteps)
            {
                scope.Report(DiagnosticIds.ResidualChangesShape, Target.Field(index), use, Format.Shape(shape), Format.Shape(output));
                return null;
            }
            int inWidth = shape[shape.Count - 1], outWidth = output[output.Count - 1];
            if (inWidth != outWidth)
            {
                LayerSpec projection = channelsFirst
                    ? new Conv1dSpec(inWidth, outWidth, 1, 1, 0, 1, 1, true)
                    : new LinearSpec(inWidth, outWidth, true);
                var downsampleField = new FieldSpec(BlockNames.Downsample, projection.FieldType, false, EquatableArray<string>.Empty, projection,
                    EquatableArray<string>.Empty, null);
                var context = new LayerContext(-1, downsampleField, scope.ModelInput, $"{Format.Shape(shape)} from {inner.InputDescription}", scope.Findings,
                    name + "." + BlockNames.Downsample, scope.Path.Append(index).ToEquatableArray());
                downsample = projection.Plan(context, shape);
                if (downsample is null) return null;
                var input1 = new SourcePlan(ValueRef.Input(0), FromAttribute.Input, shape);
                downsample = downsample with
                {
                    Reads = new NodeReads(new[] { input1 }.ToEquatableArray(), Merge.Concat, false, shape),
                    ChannelsFirst = channelsFirst,
                };
            }
        }

        var plan = new BlockPlan(block, nodes, downsample, channelsFirst, shape, output);
        (long parameters, long trainable, long multAdds) = Totals(plan);
        return new LayerPlan(index, field.Name, new BlockLayer(plan), field.Step, shape, output,
            channelsFirst ? LayerPlan.Swap(shape) : shape, channelsFirst ? LayerPlan.Swap(output) : output,
            parameters, trainable, multAdds, ChannelsFirst: channelsFirst);
    }

    /// <summary>A block's parameters, trainable parameters and mult-adds per sample: its submodules' summed.</summary>
    private static (long Parameters, long Trainable, long MultAdds) Totals(BlockPlan block)
    {
        long parameters = 0, trainable = 0, multAdds = 0;
        foreach (LayerPlan node in block.Submodules)
        {
            parameters = checked(parameters + node.Parameters);
            trainable = checked(trainable + node.TrainableParameters);
            multAdds = checked(multAdds + node.MultAddsPerSample);
        }
        return (parameters, trainable, multAdds);
    }

    /// <summary>
    /// What a channel-independent block's use needs: a sequence to fold, and a block that neither adds a shortcut nor
    /// returns two values (their shapes would be a series', not the use's). MG0023 at the use otherwise.
    /// </summary>
    private static bool CheckChannelIndependent(int index, BlockSpec block, string use, EquatableArray<int>? input, string from, GraphScope scope)
    {
        string independent = nameof(BlockAttribute.ChannelIndependent);
        string? found =
            block.Stacked ? $"uses the block {block.ClassName}, which is both {independent} and an N-BEATS block (Backcast and Forecast)"
            : block.Residual ? $"uses the block {block.ClassName}, which is both {independent} and Residual"
            : input is { Count: not 2 } ? $"reads {from}, but its block {block.ClassName} is {independent}"
            : null;
        if (found is null) return true;
        scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use, found,
            input is { Count: not 2 } && !block.Stacked && !block.Residual
                ? "a sequence [steps, features], whose features the block reads one at a time as series of their own"
                : $"{independent} alone: put the residual connection or the stack inside the channel-independent block");
        return false;
    }

    /// <summary>
    /// What an N-BEATS block (<c>[Block(Backcast = ..., Forecast = ...)]</c>) must declare: both outputs, each one of its
    /// layer fields, and no residual sum of its own.
    /// </summary>
    private static bool CheckStacked(int index, BlockSpec block, string use, GraphScope scope)
    {
        string backcast = nameof(BlockAttribute.Backcast), forecast = nameof(BlockAttribute.Forecast);
        string[] fields = block.Fields.Where(f => f.IsNode).Select(f => f.Name).ToArray();
        bool valid = true;
        void Problem(string found, string expected)
        {
            scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use, found, expected);
            valid = false;
        }
        if (block.Backcast is null || block.Forecast is null)
            Problem($"uses the block {block.ClassName}, which names a {(block.Backcast is null ? forecast : backcast)} but no {(block.Backcast is null ? backcast : forecast)}",
                $"both [{AttributeNames.Short(typeof(BlockAttribute))}({backcast} = nameof(...), {forecast} = nameof(...))], the fields whose outputs an N-BEATS block returns");
        foreach ((string property, string? name) in new[] { (backcast, block.Backcast), (forecast, block.Forecast) })
        {
            if (name is not null && !fields.Contains(name))
                Problem($"uses the block {block.ClassName}, whose {property} is '{name}', not one of its layer fields",
                    fields.Length == 0 ? "a layer field of the block" : $"one of its layer fields: {Names(fields)}");
        }
        if (block.Backcast is not null && block.Backcast == block.Forecast)
            Problem($"uses the block {block.ClassName}, whose {backcast} and {forecast} are both '{block.Backcast}'", "two different fields");
        if (block.Residual)
            Problem($"uses the block {block.ClassName}, which is residual and returns a backcast and a forecast",
                $"one or the other: an N-BEATS block's residual is the stack's (the next block reads the input minus the backcast)");
        return valid;
    }

    /// <summary>What makes a block unusable at all: its class, or how it is used (it contains itself, it nests too deep).</summary>
    private static bool CheckBlock(int index, BlockSpec block, string use, GraphScope scope)
    {
        bool usable = true;
        void Problem(string found, string expected)
        {
            scope.Report(DiagnosticIds.InvalidBlock, Target.Field(index), use, found, expected);
            usable = false;
        }
        // Past the depth limit the reader stopped reading the block (its Problem says so too): one finding, the depth.
        if (block.Problem is { } problem && scope.Depth < MaxBlockDepth) Problem(problem, "a [Block] class that does not contain itself, declared in this project");
        if (scope.Depth >= MaxBlockDepth) Problem($"nests blocks {Format.Count(scope.Depth + 1)} deep", $"blocks nested at most {Format.Count(MaxBlockDepth)} deep");
        foreach ((string found, string expected) in Parsing.BlockProblems.Of(block.Problems, block.OuterClassName, block.ConflictingMembers))
            Problem($"uses the block {block.ClassName}, which {found}", expected);
        return usable;
    }

    /// <summary>Problems with single fields of the graph, before anything is planned.</summary>
    private static void CheckFields(EquatableArray<FieldSpec> fields, GraphScope scope)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            FieldSpec field = fields[i];
            string name = scope.Prefix + field.Name;
            if (field.LayerAttributes.Count > 1)
            {
                scope.Report(DiagnosticIds.MultipleLayerAttributes, Target.Field(i),
                    name, string.Join(", ", field.LayerAttributes.Select(a => "[" + a + "]")));
            }
            if (field.StepAttributes.Count > 1)
            {
                scope.Report(DiagnosticIds.MultipleStepSelections, Target.Field(i),
                    name, string.Join(", ", field.StepAttributes.Select(a => "[" + a + "]")));
            }
            if (field.Block is { } block)
            {
                if (field.LayerAttributes.Count > 0)
                {
                    scope.Report(DiagnosticIds.InvalidBlock, Target.LayerAttribute(i), $"{block.ClassName} '{name}'",
                        $"has [{field.LayerAttributes[0]}], but its type is the block {block.ClassName}",
                        "a layer attribute on a field of the layer's type, or a field of a block type with no layer attribute");
                }
                if (field.IsStatic)
                    scope.Report(DiagnosticIds.FieldTypeMismatch, Target.Field(i), name, block.ClassName, "is static", block.FullName);
            }
            else if (field.Layer is { } layer)
            {
                if (field.IsStatic)
                    scope.Report(DiagnosticIds.FieldTypeMismatch, Target.Field(i), name, layer.AttributeName, "is static", layer.FieldType);
                else if (field.TypeName != layer.FieldType)
                    scope.Report(DiagnosticIds.FieldTypeMismatch, Target.Field(i), name, layer.AttributeName, $"has type '{field.TypeName}'", layer.FieldType);
            }
            else if (field.LayerAttributes.Count == 0)
            {
                string? orphan = field.StepAttributes.Count > 0 ? field.StepText : field.From is not null ? "[From]" : field.Overrides.Count > 0 ? "[With]" : null;
                if (orphan is not null)
                {
                    Target target = field.StepAttributes.Count > 0 ? Target.StepAttribute(i) : field.From is not null ? Target.From(i) : Target.With(i, 0, value: false);
                    scope.Report(DiagnosticIds.StepSelectionWithoutLayer, target, name, orphan);
                }
            }
            if (field.IsNode && field.HiddenBaseMember is { } hidden)
                scope.Report(DiagnosticIds.HidesModuleMember, Target.Field(i), name, hidden);
            // [With] on a field with neither a block nor a layer is MG0011 above (the field declares nothing), not MG0025 as well.
            bool declaresSomething = field.Block is not null || field.LayerAttributes.Count > 0;
            for (int k = 0; k < field.Overrides.Count && declaresSomething; k++)
            {
                OverrideSpec with = field.Overrides[k];
                if (with.Problem is { } problem)
                    scope.Report(DiagnosticIds.InvalidOverride, Target.With(i, k, with.AtValue), name, $"[With({with.Name}, {with.Value})] {problem}", with.Expected ?? "");
            }
            if (field.EvaluationProblem is { } evaluation)
                scope.Report(DiagnosticIds.InvalidOverride, Target.LayerAttribute(i), name, evaluation, "arguments ModelGen can compute from the block's consts: numbers, consts and + − × ÷ % between them");
        }
    }

    /// <summary>MG1002 for an input no node reads, MG1003 for a node whose output nothing reads (but the last, the graph's output).</summary>
    private static void ReportUnused(EquatableArray<FieldSpec> fields, List<LayerPlan> nodes, Dictionary<int, List<int>> users, int[] inputUses,
        Dictionary<int, int> nodeOfField, GraphScope scope)
    {
        if (!scope.IsBlock)
        {
            for (int i = 0; i < inputUses.Length; i++)
            {
                if (inputUses[i] > 0 || !scope.Inputs[i].IsKnown) continue;
                Target target = scope.NamedInputs ? Target.InputProperty(i) : Target.ModelArgument(nameof(ModelAttribute.Input));
                scope.Report(DiagnosticIds.UnusedInput, target, scope.Owner, scope.Inputs[i].Name);
            }
        }
        for (int n = 0; n < nodes.Count - 1; n++)
        {
            LayerPlan node = nodes[n];
            if (users.ContainsKey(node.FieldIndex) || scope.Outputs.Contains(node.Name)) continue;
            scope.Report(DiagnosticIds.UnusedOutput, Target.Field(node.FieldIndex), $"{node.Layer.MessageName} '{scope.Prefix + node.Name}'",
                $"{nodes[nodes.Count - 1].Layer.MessageName} '{scope.Prefix + nodes[nodes.Count - 1].Name}'");
        }
    }

    /// <summary>
    /// What generated code keeps in values of their own (an output read more than once, or by another node than
    /// the next), and the runs of channels-first nodes: a convolution (or a channels-first block) starts or
    /// continues one, and an element-wise layer right after it continues it, as long as each reads only the
    /// node before it, with no step selection, and nothing else reads that node's output. So
    /// <c>conv → ReLU → conv</c> is transposed once into <c>[batch, channels, steps]</c> and once back, as a PyTorch
    /// user writes it; the summary shows those element-wise layers channels-first too, as torchinfo does.
    /// </summary>
    private static List<LayerPlan> MarkValuesAndRuns(List<LayerPlan> nodes, Dictionary<int, List<int>> users, Dictionary<int, int> nodeOfField,
        EquatableArray<string> outputs)
    {
        var readAside = new HashSet<int>(nodes.SelectMany(n => n.Side).Where(s => !s.Source.Value.IsInput).Select(s => s.Source.Value.Index));
        // The graph's extra outputs (a backcast and a forecast) are kept, to be returned at the end, and so are the values a
        // layer reads beside its input.
        bool Keeps(int n) => outputs.Contains(nodes[n].Name) || readAside.Contains(n)
                             || n < nodes.Count - 1 && users.TryGetValue(nodes[n].FieldIndex, out List<int>? readers)
                             && !(readers.Count == 1 && nodeOfField[readers[0]] == n + 1);
        bool ReadsOnlyPrevious(int n) =>
            n > 0 && nodes[n].Reads.IsSingle && nodes[n].Reads.Sources[0].Value == ValueRef.Node(n - 1) && nodes[n].Step is null && !Keeps(n - 1);

        var marked = new List<LayerPlan>(nodes.Count);
        bool inRun = false;
        for (int n = 0; n < nodes.Count; n++)
        {
            LayerPlan node = nodes[n];
            bool continues = inRun && ReadsOnlyPrevious(n);
            bool channelsFirst = node.Layer.Has(LayerTraits.ChannelsFirst);
            inRun = channelsFirst || (continues && node.Layer.Has(LayerTraits.ElementWise) && node.InputShape.Count == 2);
            node = node with { KeepsOutput = Keeps(n) };
            if (inRun)
            {
                node = channelsFirst
                    ? node with { ChannelsFirst = true }
                    : node with { ChannelsFirst = true, ModuleInputShape = LayerPlan.Swap(node.InputShape), ModuleOutputShape = LayerPlan.Swap(node.OutputShape) };
                node = node with { StartsRun = !continues };
            }
            marked.Add(node);
        }
        for (int n = 0; n < marked.Count; n++)
        {
            if (!marked[n].ChannelsFirst) continue;
            bool nextContinues = n + 1 < marked.Count && marked[n + 1].ChannelsFirst && !marked[n + 1].StartsRun;
            marked[n] = marked[n] with { EndsRun = !nextContinues };
        }
        return marked;
    }
}
