namespace ModelGen;

/// <summary>
/// The metadata a ModelGen ONNX export carries (<c>ModelProto.metadata_props</c>): written by the
/// exporter in the ModelGen package, read by the forecaster in ModelGen.Onnx. One file, compiled into both.
/// </summary>
internal static class OnnxMetadataKeys
{
    /// <summary>The model's class name; its presence marks a ModelGen export.</summary>
    public const string Model = "modelgen.model";

    /// <summary>The ModelGen version that wrote the file.</summary>
    public const string Version = "modelgen.version";

    /// <summary>The per-sample input shape, as <c>[10, 3]</c>.</summary>
    public const string Input = "modelgen.input";

    /// <summary>The per-sample output shape, as <c>[5, 1]</c>.</summary>
    public const string Output = "modelgen.output";

    /// <summary>Output steps, as a number.</summary>
    public const string Horizon = "modelgen.horizon";

    /// <summary>How the steps are produced: <c>multi-output (MIMO)</c>, <c>autoregressive</c>, <c>DirRec</c>, … or <c>none</c> for one step.</summary>
    public const string Head = "modelgen.head";

    /// <summary>The graph's input and output names.</summary>
    public const string InputName = "input", OutputName = "output";
}
