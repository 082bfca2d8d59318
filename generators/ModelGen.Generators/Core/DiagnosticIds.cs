namespace ModelGen.Generators.Core;

/// <summary>Stable diagnostic IDs. MG0xxx are declaration and shape errors; MG1xxx are model-behaviour warnings.</summary>
internal static class DiagnosticIds
{
    public const string LayerInputMismatch = "MG0001";
    public const string OutputMismatch = "MG0002";
    public const string InvalidLayerArgument = "MG0003";
    public const string InvalidInputShape = "MG0004";
    public const string ModelNotPartial = "MG0005";
    public const string UnsupportedModelClass = "MG0006";
    public const string NoLayers = "MG0007";
    public const string SequenceRequired = "MG0008";
    public const string FieldTypeMismatch = "MG0009";
    public const string MultipleLayerAttributes = "MG0010";
    public const string StepSelectionWithoutLayer = "MG0011";
    public const string GeneratedMemberConflict = "MG0012";
    public const string StepOutOfRange = "MG0013";
    public const string EmptyConvolutionOutput = "MG0014";
    public const string MultipleStepSelections = "MG0015";
    public const string HidesModuleMember = "MG0016";
    public const string HeadNeedsVector = "MG0017";
    public const string HeadNotLast = "MG0018";
    public const string UnknownSource = "MG0019";
    public const string SourcesDoNotJoin = "MG0020";
    public const string InvalidInputs = "MG0021";
    public const string CategoricalMismatch = "MG0022";
    public const string InvalidBlock = "MG0023";
    public const string ResidualChangesShape = "MG0024";
    public const string InvalidOverride = "MG0025";
    public const string LayersOnSeveralParts = "MG0026";
    public const string InvalidQuantiles = "MG0027";
    public const string InvalidDistribution = "MG0028";
    public const string UnconditionedMultiStepHead = "MG1001";
    public const string UnusedInput = "MG1002";
    public const string UnusedOutput = "MG1003";
}
