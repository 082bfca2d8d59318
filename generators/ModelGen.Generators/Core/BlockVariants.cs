using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ModelGen.Generators.Core;

/// <summary>
/// Names the uses of blocks in a planned model. Uses planned alike (same class, consts and input) share one
/// piece of generated code: a constructor and forward method in the block class, named after the model and
/// a number (<c>Sample_DilatedTcn_1</c>), and one class in the PyTorch twin, named after the block, with the
/// consts it sets when the model uses the block in more than one way (<c>ResidualConv_In5</c>).
/// </summary>
internal static class BlockVariants
{
    public static ModelPlan Name(ModelPlan plan)
    {
        var uses = new List<BlockPlan>();
        Collect(plan.Layers, uses);
        if (uses.Count == 0) return plan;

        string model = ModelIdentifier(plan.Spec.FullName);
        var variants = new Dictionary<BlockPlan, (string Variant, string Python)>();
        // The twin's module-level names: the model's class and what the module itself defines are taken.
        var python = new HashSet<string>(System.StringComparer.Ordinal) { Emit.ModelEmitter.PythonClassName(plan.Spec.ClassName) };
        python.UnionWith(Emit.ModelEmitter.ModuleLevelNames);
        foreach (IGrouping<string, BlockPlan> byClass in uses.Distinct().GroupBy(u => u.Spec.FullName))
        {
            BlockPlan[] distinct = byClass.ToArray();
            for (int k = 0; k < distinct.Length; k++)
            {
                BlockPlan use = distinct[k];
                string settings = string.Concat(use.Spec.Consts.Where(c => c.Overridden).Select(c => "_" + Identifier(c.Name + c.Value)));
                string name = Emit.ModelEmitter.PythonClassName(distinct.Length == 1 || settings.Length == 0 ? use.Spec.ClassName : use.Spec.ClassName + settings);
                string unique = name;
                for (int n = 2; !python.Add(unique); n++) unique = name + "_" + Format.Integer(n);
                variants[use] = ($"{model}_{Format.Integer(k + 1)}", unique);
            }
        }
        return plan with { Layers = Rename(plan.Layers, variants) };
    }

    private static void Collect(IEnumerable<LayerPlan> nodes, List<BlockPlan> uses)
    {
        foreach (LayerPlan node in nodes)
        {
            if (node.Block is not { } block) continue;
            uses.Add(block);
            Collect(block.Submodules, uses);
        }
    }

    private static EquatableArray<LayerPlan> Rename(EquatableArray<LayerPlan> nodes, Dictionary<BlockPlan, (string Variant, string Python)> variants) =>
        nodes.Select(node =>
        {
            if (node.Block is not { } block) return node;
            (string variant, string python) = variants[block];
            BlockPlan named = block with { Nodes = Rename(block.Nodes, variants), Variant = variant, PythonClass = python };
            return node with { Layer = new Layers.BlockLayer(named) };
        }).ToEquatableArray();

    /// <summary>
    /// The model's full name as an identifier, one per model: <c>Sample_DilatedTcn</c>. Each model names its uses in
    /// the block classes it shares with other models, so two models must never get the same one. A dot and a generic
    /// arity's <c>`</c> become an underscore, as in <see cref="Identifier"/>, but an underscore of the name becomes
    /// <c>_0</c> (no part of a name starts with a digit, and no arity with 0), so <c>Shop.Sales_Forecaster</c> is
    /// <c>Shop_Sales_0Forecaster</c> and <c>Shop.Sales.Forecaster</c> is <c>Shop_Sales_Forecaster</c>. (C#'s <c>@</c> is
    /// not part of the name.)
    /// </summary>
    internal static string ModelIdentifier(string fullName)
    {
        var name = new StringBuilder(fullName.Length);
        foreach (char c in fullName)
        {
            if (char.IsLetterOrDigit(c)) name.Append(c);
            else if (c == '_') name.Append("_0");
            else if (c != '@') name.Append('_');
        }
        return name.ToString();
    }

    /// <summary>A name made only of letters, digits and underscores: <c>Sample_DilatedTcn</c>, <c>In5</c>, <c>Rate0_5</c>.</summary>
    internal static string Identifier(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (char c in text) name.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        return name.ToString();
    }
}
