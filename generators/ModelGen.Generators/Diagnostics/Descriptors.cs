using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Diagnostics;

/// <summary>
/// The catalogue of ModelGen diagnostics. IDs are stable; every message names the value found and
/// the value expected; every rule has a help page under <c>docs/diagnostics/</c>.
/// </summary>
internal static class Descriptors
{
    /// <summary>
    /// Where the help pages live on the web (one Markdown page per ID under docs/diagnostics), from the
    /// build's ModelGenRepositoryUrl (Directory.Build.props); null while the project has no public
    /// address, and then no diagnostic carries a link. Every message names its page either way
    /// (<c>docs/diagnostics/MG0001.md</c>), which the package ships. First in the class, so it is set
    /// before the descriptors below use it.
    /// </summary>
    public static readonly string? HelpLinkBase = HelpLinkBaseFor(
        typeof(Descriptors).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value);

    private const string Shapes = "ModelGen.Shapes";
    private const string Declaration = "ModelGen.Declaration";
    private const string Forecasting = "ModelGen.Forecasting";

    public static readonly DiagnosticDescriptor LayerInputMismatch = Error(DiagnosticIds.LayerInputMismatch, Shapes,
        "Layer input size does not match the previous output",
        "{0} has {1} = {2}, but its input is {3}; expected {1} = {4}");

    public static readonly DiagnosticDescriptor OutputMismatch = Error(DiagnosticIds.OutputMismatch, Shapes,
        "Output does not hold the values the last layer emits",
        "Output = {0} holds {1} values per sample, but the last layer {2} emits {3} ({4} values); expected {5}");

    public static readonly DiagnosticDescriptor InvalidQuantiles = Error(DiagnosticIds.InvalidQuantiles, Declaration,
        "Invalid quantile levels",
        "Model '{0}' has Quantiles = {1}, {2}; expected {3}");

    public static readonly DiagnosticDescriptor InvalidDistribution = Error(DiagnosticIds.InvalidDistribution, Declaration,
        "Invalid output distribution",
        "Model '{0}' has Distribution = {1}, {2}; expected {3}");

    public static readonly DiagnosticDescriptor InvalidLayerArgument = Error(DiagnosticIds.InvalidLayerArgument, Declaration,
        "Invalid layer argument",
        "{0}: {1} {2}; expected {3}");

    public static readonly DiagnosticDescriptor InvalidInputShape = Error(DiagnosticIds.InvalidInputShape, Shapes,
        "Invalid model Input or Output shape",
        "Model '{0}': {1} {2}; expected {3}");

    public static readonly DiagnosticDescriptor ModelNotPartial = Error(DiagnosticIds.ModelNotPartial, Declaration,
        "Model class is not partial",
        "Model class '{0}' must be declared partial so ModelGen can add its constructor, forward and Summary");

    public static readonly DiagnosticDescriptor UnsupportedModelClass = Error(DiagnosticIds.UnsupportedModelClass, Declaration,
        "Model class cannot host a generated module",
        "Model class '{0}' {1}; expected a non-generic, non-static, non-abstract partial class with no base class, at the top level or nested in partial types");

    public static readonly DiagnosticDescriptor NoLayers = Error(DiagnosticIds.NoLayers, Declaration,
        "Model has no layers",
        "Model class '{0}' has no layers; expected at least one field with a layer attribute such as [Gru(3, 32)] or [Linear(32, 5)]");

    public static readonly DiagnosticDescriptor SequenceRequired = Error(DiagnosticIds.SequenceRequired, Shapes,
        "Layer needs a sequence input",
        "{0} needs a sequence [steps, features] as input, but receives {1}; {2}");

    public static readonly DiagnosticDescriptor FieldTypeMismatch = Error(DiagnosticIds.FieldTypeMismatch, Declaration,
        "Layer field has the wrong type",
        "Field '{0}' has [{1}] but {2}; expected an instance field of type '{3}'");

    public static readonly DiagnosticDescriptor MultipleLayerAttributes = Error(DiagnosticIds.MultipleLayerAttributes, Declaration,
        "Field has more than one layer attribute",
        "Field '{0}' has several layer attributes ({1}); expected exactly one layer per field");

    public static readonly DiagnosticDescriptor StepSelectionWithoutLayer = Error(DiagnosticIds.StepSelectionWithoutLayer, Declaration,
        "Step selection without a layer",
        "Field '{0}' has {1} but no layer attribute; expected it beside a layer attribute such as [Linear(32, 5)]");

    public static readonly DiagnosticDescriptor GeneratedMemberConflict = Error(DiagnosticIds.GeneratedMemberConflict, Declaration,
        "Member conflicts with generated code",
        "Model class '{0}' declares {1}, which ModelGen generates; remove it or give it another name");

    public static readonly DiagnosticDescriptor StepOutOfRange = Error(DiagnosticIds.StepOutOfRange, Shapes,
        "Step index out of range",
        "[Step({1})] on '{0}' selects a step its input {2} does not have ({3} steps); expected an index from {4} to {5}");

    public static readonly DiagnosticDescriptor EmptyConvolutionOutput = Error(DiagnosticIds.EmptyConvolutionOutput, Shapes,
        "Convolution leaves no output steps",
        "{0} on {1} leaves no output steps: ⌊({2} + 2·{3} − {4}·({5} − 1) − 1) / {6}⌋ + 1 = {7}; expected at least 1, so use a smaller kernelSize or Dilation, or more Padding");

    public static readonly DiagnosticDescriptor MultipleStepSelections = Error(DiagnosticIds.MultipleStepSelections, Declaration,
        "Field selects steps more than once",
        "Field '{0}' has several step selections ({1}); expected at most one");

    public static readonly DiagnosticDescriptor HidesModuleMember = Error(DiagnosticIds.HidesModuleMember, Declaration,
        "Layer field hides a member of TorchSharp's Module",
        "Field '{0}' would hide TorchSharp's Module member '{1}', which callers of the model use; expected a name Module does not use, such as '{0}Layer'");

    public static readonly DiagnosticDescriptor HeadNeedsVector = Error(DiagnosticIds.HeadNeedsVector, Shapes,
        "Forecasting head needs one state vector",
        "{0} needs one vector per sample (the encoder's final state), but receives {1}; expected [LastStep] on it after a recurrent encoder");

    public static readonly DiagnosticDescriptor HeadNotLast = Error(DiagnosticIds.HeadNotLast, Declaration,
        "Decoding head is not the last layer",
        "{0} must be the model's last layer, because it feeds its own outputs back as it produces them, but {1} follows it; expected no layer after a decoding head");

    public static readonly DiagnosticDescriptor UnknownSource = Error(DiagnosticIds.UnknownSource, Shapes,
        "Layer reads a name that is not an input or an earlier layer",
        "'{0}' {1}; expected {2}");

    public static readonly DiagnosticDescriptor SourcesDoNotJoin = Error(DiagnosticIds.SourcesDoNotJoin, Shapes,
        "Sources cannot be joined",
        "'{0}' {1}; expected {2}");

    public static readonly DiagnosticDescriptor InvalidInputs = Error(DiagnosticIds.InvalidInputs, Declaration,
        "Invalid named inputs",
        "Model '{0}' {1}; expected {2}");

    public static readonly DiagnosticDescriptor CategoricalMismatch = Error(DiagnosticIds.CategoricalMismatch, Shapes,
        "Category ids and values are mixed up",
        "{0} {1}; expected {2}");

    public static readonly DiagnosticDescriptor InvalidBlock = Error(DiagnosticIds.InvalidBlock, Declaration,
        "Invalid block or block use",
        "{0} {1}; expected {2}");

    public static readonly DiagnosticDescriptor ResidualChangesShape = Error(DiagnosticIds.ResidualChangesShape, Shapes,
        "Residual block changes the steps",
        "{0} is residual, but its body turns {1} into {2}, changing more than the width, so no projection of its input can be added to the body's output; expected a body that keeps every dimension but the last");

    public static readonly DiagnosticDescriptor InvalidOverride = Error(DiagnosticIds.InvalidOverride, Declaration,
        "Invalid [With] or block argument",
        "'{0}': {1}; expected {2}");

    public static readonly DiagnosticDescriptor LayersOnSeveralParts = Error(DiagnosticIds.LayersOnSeveralParts, Declaration,
        "Layers declared in several files",
        "Model '{0}' declares layer fields in several files ({2}; '{1}' is not in the first), and C# does not define the order of partial parts in different files, so the layers' order could change from build to build; expected all layer fields in one file");

    public static readonly DiagnosticDescriptor UnusedInput = Warning(DiagnosticIds.UnusedInput, Shapes,
        "Input never read",
        "'{0}' never reads its input '{1}'; a layer should read it ([From]), or remove it from the inputs");

    public static readonly DiagnosticDescriptor UnusedOutput = Warning(DiagnosticIds.UnusedOutput, Shapes,
        "Layer output never read",
        "Nothing reads the output of {0}: the model's output is {1}'s; read it with [From], or remove the layer");

    public static readonly DiagnosticDescriptor UnconditionedMultiStepHead = new(
        DiagnosticIds.UnconditionedMultiStepHead,
        "Multi-step output steps are not conditioned on each other",
        "'{0}' forecasts {1} steps with a {2} head: {3}, so no step is conditioned on an earlier step's prediction. " +
        "That is often the better choice; if each step should build on the previous one, use autoregressive decoding (see " + Page(DiagnosticIds.UnconditionedMultiStepHead) + ").",
        Forecasting,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A head that emits several future steps from one state treats them as separate outputs: step k is not a function " +
                     "of the prediction for step k-1, even though the targets are in time order. This warning makes that visible.",
        helpLinkUri: HelpLink(DiagnosticIds.UnconditionedMultiStepHead));

    /// <summary>Every MG0xxx descriptor, by ID.</summary>
    public static readonly ImmutableDictionary<string, DiagnosticDescriptor> Errors = new[]
    {
        LayerInputMismatch, OutputMismatch, InvalidLayerArgument, InvalidInputShape, ModelNotPartial, UnsupportedModelClass,
        NoLayers, SequenceRequired, FieldTypeMismatch, MultipleLayerAttributes, StepSelectionWithoutLayer, GeneratedMemberConflict,
        StepOutOfRange, EmptyConvolutionOutput, MultipleStepSelections, HidesModuleMember, HeadNeedsVector, HeadNotLast,
        UnknownSource, SourcesDoNotJoin, InvalidInputs, CategoricalMismatch, InvalidBlock, ResidualChangesShape, InvalidOverride,
        LayersOnSeveralParts, InvalidQuantiles, InvalidDistribution,
    }.ToImmutableDictionary(d => d.Id);

    /// <summary>Every MG1xxx warning the analyzer reports from a plan's findings, by ID (MG1001 is reported from the head plan).</summary>
    public static readonly ImmutableDictionary<string, DiagnosticDescriptor> Warnings = new[] { UnusedInput, UnusedOutput }.ToImmutableDictionary(d => d.Id);

    /// <summary>The page's path in the repository and in the package: <c>docs/diagnostics/MG0001.md</c>.</summary>
    public static string Page(string id) => "docs/diagnostics/" + id + ".md";

    /// <summary>The help link for <paramref name="id"/>, or null when there is no public address.</summary>
    public static string? HelpLink(string id) => HelpLinkBase is null ? null : HelpLinkBase + Page(id);

    /// <summary><c>{repository}/blob/main/</c> for a repository address; null for none.</summary>
    internal static string? HelpLinkBaseFor(string? repositoryUrl) =>
        string.IsNullOrWhiteSpace(repositoryUrl) ? null : repositoryUrl!.Trim().TrimEnd('/') + "/blob/main/";

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message) =>
        new(id, title, message + " (" + Page(id) + ")", category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    // MG0xxx errors cannot be turned down: the generator emits nothing for a model that has one,
    // so hiding the error would only hide why the class has no constructor or forward.
    private static DiagnosticDescriptor Error(string id, string category, string title, string message) =>
        new(id, title, message + " (" + Page(id) + ")", category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id),
            customTags: WellKnownDiagnosticTags.NotConfigurable);
}
