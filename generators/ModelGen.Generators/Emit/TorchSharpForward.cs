using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>
/// What a layer kind writes its part of the generated TorchSharp <c>forward</c> with: the module, the
/// expression it reads, the shapes for its comment, and the variable it assigns: the running value <c>x</c>,
/// or a value of its own when its output is read more than once or by another node than the next.
/// </summary>
internal sealed class TorchSharpForward(SourceWriter writer, ModelPlan plan, LayerPlan layer, string current, bool declared, string target = "x")
{
    /// <summary>The parameter of <c>forward</c> that holds the model's input batch.</summary>
    public const string ModelInputName = "input";

    /// <summary>Locals a decoding head reads: the targets in its layout (null unless teacher forcing), the ratio, the feedback hook.</summary>
    public const string StepTargets = "stepTargets", TeacherForcingRatio = "teacherForcingRatio", Feedback = "feedback", Sampling = "sampling";

    public SourceWriter Writer => writer;

    public ModelPlan Model => plan;

    public LayerPlan Layer => layer;

    /// <summary>The values the layer reads beside its input (<see cref="LayerPlan.Side"/>), by the property that names each.</summary>
    public System.Collections.Generic.IReadOnlyDictionary<string, string> Side { get; init; } = new System.Collections.Generic.Dictionary<string, string>();

    /// <summary>The layer's module: <c>this.fc</c> (with <c>!</c> for a field declared nullable).</summary>
    public string Module => $"this.{TorchSharpNames.Identifier(layer.Name)}{(layer.FieldIsNullable ? "!" : "")}";

    /// <summary>The variable the layer's output goes to: <c>x</c>, or the value it is kept in.</summary>
    public string Target => target;

    /// <summary>What the layer reads: the running value, or one step of it (<c>x.select(1, -1)</c>).</summary>
    public string Input => layer.Step is int step ? $"{current}.select(1, {Format.Integer(step)})" : current;

    /// <summary><c>var </c> before the first assignment of <see cref="Target"/>, nothing after.</summary>
    public string Var => declared ? "" : "var ";

    /// <summary>The layer's shapes for its comment: <c>fc: the last step [batch, 32] -> [batch, 5]</c>.</summary>
    public string Shapes => ModelEmitter.ShapesComment(layer);

    /// <summary>Writes <c>// comment</c> and <c>x = expression;</c> (to <see cref="Target"/>).</summary>
    public void Assign(string comment, string expression)
    {
        writer.Line("// " + comment);
        writer.Line($"{Var}{Target} = {expression};");
    }

    /// <summary>Writes <c>x = module.call(input);</c> under the shapes comment: a module that maps a tensor to a tensor.</summary>
    public void Call() => Assign(Shapes, $"{Module}.call({Input})");
}
