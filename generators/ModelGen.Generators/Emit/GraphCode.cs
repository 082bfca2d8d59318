using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>
/// How one backend writes the values of a graph: an input, a kept value, the running value, and the few
/// operations the graph itself performs on values (a step selection, a vector repeated over steps, a join on
/// features, a sum). Where these happen is decided once, in the plan (<see cref="NodeReads"/>, the step
/// selections, <see cref="LayerPlan.StartsRun"/>); each backend only says how each is written.
/// </summary>
internal abstract class ValueSyntax
{
    /// <summary>The running value: the previous node's output when nothing else reads it.</summary>
    public const string Running = "x";

    /// <summary>The graph's input <paramref name="index"/>; <paramref name="inRunning"/> when the running value still holds it.</summary>
    public abstract string Input(int index, bool inRunning);

    /// <summary>The value a node's output is kept in when it is read more than once, or by another node than the next.</summary>
    public abstract string Kept(LayerPlan node);

    /// <summary><c>value[:, step]</c>: one step of a sequence.</summary>
    public abstract string Select(string value, int step);

    /// <summary><c>[batch, features]</c> repeated over <paramref name="steps"/>: <c>[batch, steps, features]</c>.</summary>
    public abstract string Repeat(string vector, int steps);

    /// <summary>Values joined on their last dimension; <paramref name="rank"/> is the per-sample rank of each.</summary>
    public abstract string Concat(IReadOnlyList<string> values, int rank);

    /// <summary>Values of one shape, summed.</summary>
    public abstract string Add(IReadOnlyList<string> values);

    /// <summary>Values of one shape, the first minus each later one.</summary>
    public abstract string Subtract(IReadOnlyList<string> values);
}

/// <summary>What every backend's graph writer shares: a node's input expression, and the names of kept values.</summary>
internal static class GraphCode
{
    /// <summary>The node's input, its sources joined as the plan says, before any step selection.</summary>
    public static string Read(LayerPlan node, EquatableArray<LayerPlan> nodes, ValueSyntax syntax, bool runningHoldsInput)
    {
        var values = new List<string>(node.Reads.Sources.Count);
        foreach (SourcePlan source in node.Reads.Sources)
        {
            string value = source.Value.IsInput ? syntax.Input(source.Value.Index, runningHoldsInput)
                : nodes[source.Value.Index].KeepsOutput ? syntax.Kept(nodes[source.Value.Index])
                : ValueSyntax.Running;
            values.Add(source.RepeatSteps > 0 ? syntax.Repeat(value, source.RepeatSteps) : value);
        }
        if (values.Count == 1) return values[0];
        return node.Reads.Merge switch
        {
            Merge.Add => syntax.Add(values),
            Merge.Subtract => syntax.Subtract(values),
            _ => syntax.Concat(values, node.Reads.Shape.Count),
        };
    }

    /// <summary>The values the node reads beside its input (<see cref="LayerPlan.Side"/>), by the property that names each.</summary>
    public static IReadOnlyDictionary<string, string> Side(LayerPlan node, EquatableArray<LayerPlan> nodes, ValueSyntax syntax, bool runningHoldsInput)
    {
        var values = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (SideRead read in node.Side)
        {
            // A node read aside is always kept in a value of its own (the planner sees to it).
            values[read.Property] = read.Source.Value.IsInput ? syntax.Input(read.Source.Value.Index, runningHoldsInput) : syntax.Kept(nodes[read.Source.Value.Index]);
        }
        return values;
    }

    /// <summary>
    /// Names for the kept values of a graph: each node's field name, unless the generated code already uses it
    /// (<paramref name="reserved"/>), then with <paramref name="suffix"/>.
    /// </summary>
    public static Dictionary<int, string> KeptNames(EquatableArray<LayerPlan> nodes, ISet<string> reserved, System.Func<string, string> identifier, string suffix)
    {
        var names = new Dictionary<int, string>();
        var used = new HashSet<string>(reserved, System.StringComparer.Ordinal);
        for (int n = 0; n < nodes.Count; n++)
        {
            if (!nodes[n].KeepsOutput) continue;
            string name = identifier(nodes[n].Name);
            while (!used.Add(name)) name += suffix;
            names[n] = name;
        }
        return names;
    }

    /// <summary>How the node's sources read in a comment: <c>Future and context repeated over 12 steps, joined on features</c>.</summary>
    public static string DescribeSources(LayerPlan node)
    {
        if (!node.Reads.Named) return "";
        IEnumerable<string> parts = node.Reads.Sources.Select(s => s.Name + (s.RepeatSteps > 0 ? $" repeated over {Format.Integer(s.RepeatSteps)} steps" : ""));
        string joined = string.Join(" and ", parts);
        return node.Reads.Sources.Count == 1 ? joined
            : node.Reads.Merge == Merge.Add ? joined + ", added"
            : node.Reads.Merge == Merge.Subtract ? string.Join(" minus ", parts)
            : joined + ", joined on features";
    }

    /// <summary>The run of channels-first nodes that starts at <paramref name="start"/>, for comments: <c>conv1 to conv2</c>.</summary>
    public static string Run(EquatableArray<LayerPlan> nodes, int start)
    {
        int end = start;
        while (!nodes[end].EndsRun) end++;
        return end == start ? nodes[start].Name : $"{nodes[start].Name} to {nodes[end].Name}";
    }

    /// <summary>The index of <paramref name="node"/> in <paramref name="nodes"/>.</summary>
    public static int IndexOf(EquatableArray<LayerPlan> nodes, LayerPlan node) => nodes.AsImmutableArray().IndexOf(node);
}
