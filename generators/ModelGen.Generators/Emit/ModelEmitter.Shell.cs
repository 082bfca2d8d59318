using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;
using ModelGen.Generators.Diagnostics;
using static ModelGen.Generators.Emit.TorchSharpNames;

namespace ModelGen.Generators.Emit;

/// <summary>
/// The shell of a model with an MG error: the base type and the members a valid model would have,
/// with bodies that throw an exception naming the error. Code that uses the model (a partial part
/// overriding or calling generated members, <c>Summary(…)</c> in a field initialiser, another class)
/// then still compiles, so the compiler runs the analyzers and the build shows the MG error, not a
/// cascade of compiler errors that would hide it.
/// </summary>
internal static partial class ModelEmitter
{
    /// <summary>A line every shell carries, so tests (and readers) tell it from a generated model.</summary>
    public const string ShellMarker = "// ModelGen did not generate this model: the declaration has an error.";

    public static string EmitShell(ModelPlan plan, string toolVersion)
    {
        ModelSpec spec = plan.Spec;
        string generatedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"ModelGen\", \"{toolVersion}\")]";
        string[] errors = plan.Findings.Where(f => Descriptors.Errors.ContainsKey(f.Id)).Select(Message).ToArray();
        string exception = $"new global::System.InvalidOperationException({Literal($"{spec.ClassName} was not generated because its declaration has an error: {string.Join(" ", errors)} The build reports it; fix the declaration.")})";
        string @throw = $"throw {GeneratedNames.NotGenerated}()";
        bool clashes(string member) => spec.ClashingMembers.Contains(member);

        var w = new SourceWriter();
        System.Collections.Generic.Stack<System.IDisposable> containers = BeginFile(w, spec.Namespace, spec.ContainingTypes, spec.ClassName, toolVersion,
            [ShellMarker, "// Every member throws until the error below is fixed; the build reports it as an MG error:", .. errors.Select(e => "//   " + e)]);

        // The base type and interface, unless the user's own members rule them out: a forward(Tensor) that is
        // not an override would leave Module's abstract forward unimplemented, and a Horizon or Forecast of
        // the user's would not implement IForecastModel.
        // (Module<Tensor, Tensor> has no parameterless constructor either, so a user's own one rules the base out.)
        // Nor can the shell name an inputs type C# does not let it name here (void, a pointer, a less accessible record, …).
        bool nameable = spec.Inputs is not { IsNameable: false };
        bool module = !clashes(GeneratedNames.Forward) && !clashes(GeneratedNames.Constructor) && nameable;
        bool forecaster = module && !clashes(GeneratedNames.Horizon) && !clashes(GeneratedNames.Forecast);
        string bases = (module ? $" : global::TorchSharp.torch.nn.Module<{InputType(spec)}, {Tensor}>" : "") + (forecaster ? ", " + ForecastInterface(spec) : "");
        string input = $"{InputType(spec)} {InputParameter(spec)}";
        using (w.Block($"partial class {Identifier(spec.ClassName)}{bases}"))
        {
            if (!clashes(GeneratedNames.Constructor))
            {
                w.Line(generatedCode);
                w.Line($"public {Identifier(spec.ClassName)}()");
                if (module) w.Line($"    : base(nameof({Identifier(spec.ClassName)}))");
                using (w.Block(null))
                {
                    // The layer fields are assigned here and read below, as in a generated model, so the compiler warns about neither.
                    foreach (FieldSpec field in LayerFields(spec))
                        w.Line($"this.{Identifier(field.Name)} = default!;");
                    w.Line(@throw + ";");
                }
            }
            if (module) Member(GeneratedNames.ForwardOverride, $"public override {Tensor} forward({input}) => {@throw};");
            Member(GeneratedNames.Horizon, $"public int Horizon => {@throw};");
            if (nameable) Member(GeneratedNames.Forecast, $"public {Tensor} Forecast({input}, global::ModelGen.FeedbackHook? feedback) => {@throw};");
            if (nameable && spec.Fields.Any(f => f.Layer is { DecodesStepByStep: true }))
                Member(GeneratedNames.TrainingForward, $"public {Tensor} TrainingForward({input}, {Tensor} targets, double teacherForcingRatio) => {@throw};");
            Member(GeneratedNames.Summary, $"public static global::ModelGen.ModelSummary Summary(int batchSize) => {@throw};");
            Member(GeneratedNames.ExportOnnx, $"public void ExportOnnx(string path) => {@throw};");
            Member(GeneratedNames.ExportOnnx, $"public void ExportOnnx(global::System.IO.Stream stream) => {@throw};");
            if (HasRawExport(spec)) Member(GeneratedNames.ExportOnnx, $"public void ExportOnnx(string path, global::ModelGen.Forecasting.TrainingRecord trainedOn) => {@throw};");
            if (spec.DeclaresQuantiles)
                Member(GeneratedNames.Quantiles, $"public static global::System.Collections.Generic.IReadOnlyList<double> {GeneratedNames.Quantiles} => {@throw};");
            if (spec.Distribution is int distribution && distribution != 0)
            {
                Member(GeneratedNames.Distribution, $"public static global::ModelGen.OutputDistribution {GeneratedNames.Distribution} => {@throw};");
                if (nameable)
                    Member(GeneratedNames.Sample, $"public {Tensor} {GeneratedNames.Sample}({input}, int paths, global::TorchSharp.torch.Generator? generator = null) => {@throw};");
            }
            Member(GeneratedNames.PyTorchSource, $"public static string {GeneratedNames.PyTorchSource} => {@throw};");
            Member(GeneratedNames.WritePyTorchSource, $"public static void {GeneratedNames.WritePyTorchSource}(string path) => {@throw};");
            Member(GeneratedNames.NotGenerated, $"private static global::System.InvalidOperationException {GeneratedNames.NotGenerated}() =>", "    " + exception + ";");
            if (LayerFields(spec).Any())
            {
                Member(GeneratedNames.ReadLayers,
                    [$"private void {GeneratedNames.ReadLayers}()", "{", .. LayerFields(spec).Select(f => $"    _ = this.{Identifier(f.Name)};"), "}"]);
            }
        }
        while (containers.Count > 0) containers.Pop().Dispose();
        return w.ToString();

        void Member(string name, params string[] lines)
        {
            if (clashes(name)) return; // the user's own member stands; MG0012 says why
            w.Line();
            w.Line(generatedCode);
            foreach (string line in lines) w.Line(line);
        }
    }

    private static System.Collections.Generic.IEnumerable<FieldSpec> LayerFields(ModelSpec spec) => spec.Fields.Where(f => !f.IsStatic && (f.LayerAttributes.Count > 0 || f.Block is not null));

    /// <summary>The finding as the build prints it: <c>MG0001: Linear 'fc' has …</c>.</summary>
    private static string Message(Finding finding) =>
        finding.Id + ": " + string.Format(CultureInfo.InvariantCulture,
            Descriptors.Errors[finding.Id].MessageFormat.ToString(CultureInfo.InvariantCulture), finding.Arguments.Cast<object>().ToArray());

    /// <summary>A C# string literal.</summary>
    private static string Literal(string text) =>
        Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);
}
