namespace ModelGen.Generators.Core;

/// <summary>Names of members the generator adds to a model class besides the constructor.</summary>
internal static class GeneratedNames
{
    /// <summary>The key of the generated parameterless constructor among clashing members.</summary>
    public const string Constructor = ".ctor";

    public const string Forward = "forward";

    /// <summary>The key of a user's own <c>override</c> of <c>forward(Tensor)</c> among clashing members.</summary>
    public const string ForwardOverride = "forward (override)";
    public const string Summary = "Summary";
    public const string Horizon = "Horizon";
    public const string Forecast = "Forecast";
    public const string TrainingForward = "TrainingForward";
    public const string ExportOnnx = "ExportOnnx";
    public const string PyTorchSource = "PyTorchSource";
    public const string WritePyTorchSource = "WritePyTorchSource";

    /// <summary>Generated for a model that declares <c>Quantiles</c> only.</summary>
    public const string Quantiles = "Quantiles";

    /// <summary>Generated for a model that declares a <c>Distribution</c> only, as is <see cref="Sample"/>.</summary>
    public const string Distribution = "Distribution";

    public const string Sample = "Sample";

    /// <summary>The private method that describes the model to the ONNX exporter.</summary>
    public const string OnnxDefinition = "ModelGenOnnxDefinition";

    /// <summary>The private method of a shell (a model with an error) that makes the exception its members throw.</summary>
    public const string NotGenerated = "ModelGenNotGenerated";

    /// <summary>The private method of a shell that reads its layer fields (so the compiler does not call them unused).</summary>
    public const string ReadLayers = "ModelGenReadLayers";

    /// <summary>The private method that adds the layers to the ONNX graph.</summary>
    public const string OnnxGraph = "ModelGenOnnxGraph";

    /// <summary>The private method that runs the layers, for models whose head feeds predictions back.</summary>
    public const string Run = "ModelGenRun";

    /// <summary>The private static field holding the per-sample input shape that <c>forward</c> checks.</summary>
    public const string InputShapeField = "ModelGenInputShape";

    /// <summary>The private static field holding the per-sample output shape that <c>TrainingForward</c> checks targets against.</summary>
    public const string OutputShapeField = "ModelGenOutputShape";

    /// <summary>The private static field describing a model's named inputs (name, shape, categories), which <c>forward</c> checks.</summary>
    public const string InputsField = "ModelGenInputs";

    /// <summary>Generated methods by name and parameter count (a user method of the same name and count would clash).</summary>
    public static readonly (string Name, int Parameters, string Signature)[] Methods =
    [
        (Forward, 1, "forward(Tensor)"),
        (Summary, 1, "Summary(int)"),
        (Forecast, 2, "Forecast(Tensor, FeedbackHook?)"),
        (TrainingForward, 3, "TrainingForward(Tensor, Tensor, double)"),
        (Run, 4, "ModelGenRun(Tensor, Tensor?, double, FeedbackHook?)"),
        (ExportOnnx, 1, "ExportOnnx(string) or ExportOnnx(Stream)"),
        (ExportOnnx, 2, "ExportOnnx(string, TrainingRecord)"),
        (WritePyTorchSource, 1, "WritePyTorchSource(string)"),
        (Sample, 3, "Sample(Tensor, int, Generator?)"),
        (OnnxDefinition, 0, "ModelGenOnnxDefinition()"),
        (OnnxGraph, 1, "ModelGenOnnxGraph(OnnxGraph)"),
        (NotGenerated, 0, "ModelGenNotGenerated()"),
        (ReadLayers, 0, "ModelGenReadLayers()"),
    ];

    /// <summary>Generated non-method members.</summary>
    public static readonly string[] Others = [Horizon, InputShapeField, OutputShapeField, InputsField, PyTorchSource, Quantiles, Distribution];

    /// <summary>
    /// Whether the generator emits the member <paramref name="name"/> (a method of <paramref name="parameters"/>
    /// parameters) for a model that declares these: <see cref="Quantiles"/> only with levels, <see cref="Distribution"/>
    /// and <see cref="Sample"/> only with a distribution, <c>ExportOnnx(string, TrainingRecord)</c> only for one input and
    /// parameters that map back (<see cref="HasRawExport"/>).
    /// </summary>
    public static bool IsGenerated(string name, int parameters, bool quantiles, int distribution, bool namedInputs) => name switch
    {
        Quantiles => quantiles,
        Distribution or Sample => distribution != 0,
        ExportOnnx when parameters == 2 => HasRawExport(namedInputs, DistributionKind.Of(distribution)),
        _ => true,
    };

    /// <summary>
    /// Whether a model gets <c>ExportOnnx(path, trainedOn)</c>: one input, and not a distribution whose parameters do not
    /// map back to the values' units (negative binomial counts, modelled unscaled).
    /// </summary>
    public static bool HasRawExport(bool namedInputs, DistributionKind? distribution) => !namedInputs && distribution is null or { MapsBack: true };
}
