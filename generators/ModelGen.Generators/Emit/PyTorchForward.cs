using System.Globalization;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>
/// What a layer kind writes its part of the generated PyTorch twin's <c>forward</c> with: the module
/// (<c>self.fc</c>), the running value <c>x</c> (batch-first, after any step selection; channels-first
/// inside a run of convolutions) and Python literals.
/// </summary>
internal sealed class PyTorchForward(SourceWriter writer, ModelPlan plan, LayerPlan layer)
{
    /// <summary>The parameter of <c>forward</c> that holds the model's input batch.</summary>
    public const string ModelInputName = "input";

    /// <summary>The running value.</summary>
    public const string Value = "x";

    /// <summary>The values the layer reads beside its input (<see cref="LayerPlan.Side"/>), by the property that names each.</summary>
    public System.Collections.Generic.IReadOnlyDictionary<string, string> Side { get; init; } = new System.Collections.Generic.Dictionary<string, string>();

    public SourceWriter Writer => writer;

    public ModelPlan Model => plan;

    public LayerPlan Layer => layer;

    /// <summary>The layer's module: <c>self.fc</c> (<c>getattr(self, "class")</c> for a name Python reserves).</summary>
    public string Module => ModuleExpression ?? "self." + layer.Name;

    internal string? ModuleExpression { get; init; }

    /// <summary>Writes <c># comment</c>.</summary>
    public void Comment(string text) => writer.Line("# " + text);

    /// <summary>Writes <c>x = expression</c>.</summary>
    public void Assign(string expression) => writer.Line($"{Value} = {expression}");

    /// <summary>Writes <c>x = self.layer(x)</c>.</summary>
    public void Call() => Assign($"{Module}({Value})");

    /// <summary>A Python float literal that reads back the same double.</summary>
    public static string Float(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e', 'N', 'I' }) >= 0 ? text : text + ".0";
    }
}
