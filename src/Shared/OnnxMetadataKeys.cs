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

    /// <summary>
    /// A model's named inputs, in order, as JSON: <c>[{"name":"Past","type":"float32","shape":[48,4]},
    /// {"name":"Store","type":"int64","shape":[],"categories":20}]</c>. Absent for a model with one input, named
    /// <see cref="InputName"/>, whose shape is <see cref="Input"/>.
    /// </summary>
    public const string Inputs = "modelgen.inputs";

    /// <summary>
    /// The columns the input holds per step, in order, as a JSON array of names (<c>["demand","temperature"]</c>):
    /// written for an export made with its training record, whose input takes the columns' raw values.
    /// </summary>
    public const string Columns = "modelgen.columns";

    /// <summary>The columns the output forecasts, in order, as a JSON array of names; with <see cref="Columns"/>.</summary>
    public const string Targets = "modelgen.targets";

    /// <summary>
    /// The scaling folded into the graph, so that it takes raw values and forecasts in the targets' units:
    /// <c>series</c> (each column standardised with its training statistics) or <c>series+window</c> (then each
    /// window with its own past, as <c>WindowScaling</c> does). Absent: the graph takes and returns the values as
    /// the model was trained on them (standardised, if it was).
    /// </summary>
    public const string Scaling = "modelgen.scaling";

    /// <summary>
    /// The quantile levels of a quantile model, as a JSON array of numbers (<c>[0.1,0.5,0.9]</c>), in the order of the
    /// output's last dimension (<see cref="Output"/> ends with their count). Absent for a point forecast.
    /// </summary>
    public const string Quantiles = "modelgen.quantiles";

    /// <summary>
    /// The distribution of a distribution model, by name (<c>Normal</c>, <c>StudentT</c>, <c>NegativeBinomial</c>);
    /// the output's last dimension holds its parameters, in the order <see cref="DistributionTable"/> gives.
    /// Absent for a point or quantile forecast.
    /// </summary>
    public const string Distribution = "modelgen.distribution";

    /// <summary>
    /// What a decoding head of a probabilistic model feeds back on the path the graph computes: <c>median</c> (a
    /// quantile model's 0.5 level) or <c>mean</c> (a distribution model's, its deterministic path: the graph does not
    /// sample; the TorchSharp model's <c>Sample</c> draws paths that feed back their own draws). Absent otherwise.
    /// </summary>
    public const string Feedback = "modelgen.feedback";

    /// <summary>The graph's input and output names.</summary>
    public const string InputName = "input", OutputName = "output";

    /// <summary>The <see cref="Inputs"/> metadata for these inputs.</summary>
    public static string WriteInputs(System.Collections.Generic.IEnumerable<(string Name, System.Collections.Generic.IReadOnlyList<long> Shape, int? Categories)> inputs)
    {
        var array = new System.Text.Json.Nodes.JsonArray();
        foreach ((string name, System.Collections.Generic.IReadOnlyList<long> shape, int? categories) in inputs)
        {
            var shapeArray = new System.Text.Json.Nodes.JsonArray();
            foreach (long d in shape) shapeArray.Add(d);
            var entry = new System.Text.Json.Nodes.JsonObject { ["name"] = name, ["type"] = categories is null ? "float32" : "int64", ["shape"] = shapeArray };
            if (categories is int count) entry["categories"] = count;
            array.Add(entry);
        }
        return array.ToJsonString();
    }
}
