using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelGen.Onnx;

/// <summary>
/// Runs a model that ModelGen exported (<c>model.ExportOnnx(path)</c>) with ONNX Runtime. It reads the
/// model's shapes from the file's metadata, checks every window against them, and is safe to call from
/// many threads at once (one ONNX Runtime session, created when the file is loaded): create it once
/// and share it, for example as a singleton in a web server.
/// </summary>
/// <remarks>
/// A forecast is read as <c>[horizon, values]</c>: a model whose Output is <c>[5, 1]</c> gives 5 steps of
/// 1 value, one whose Output is <c>[3]</c> gives 1 step of 3 values, and one whose Output has more
/// dimensions gives its first dimension's steps of all the rest's values.
/// </remarks>
public sealed class OnnxForecaster : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _input;
    private readonly int[] _output;
    private readonly ForecasterInput[] _inputs;
    private readonly string[] _inputNames;
    private readonly RunOptions _runOptions = new();
    private static readonly string[] OutputNames = [OnnxMetadataKeys.OutputName];

    private OnnxForecaster(InferenceSession session, string source)
    {
        _session = session;
        IReadOnlyDictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
        if (!metadata.TryGetValue(OnnxMetadataKeys.Model, out string? name))
            throw new InvalidDataException($"{source} is an ONNX model but not a ModelGen export: it has no '{OnnxMetadataKeys.Model}' metadata. Export the model with ModelGen's ExportOnnx.");
        ModelName = name;
        ModelGenVersion = Read(metadata, OnnxMetadataKeys.Version, source);
        _input = ParseShape(Read(metadata, OnnxMetadataKeys.Input, source), OnnxMetadataKeys.Input, source);
        _inputs = metadata.TryGetValue(OnnxMetadataKeys.Inputs, out string? named)
            ? ParseInputs(named, source)
            : [new ForecasterInput(OnnxMetadataKeys.InputName, _input, null)];
        _inputNames = _inputs.Select(i => i.Name).ToArray();
        _output = ParseShape(Read(metadata, OnnxMetadataKeys.Output, source), OnnxMetadataKeys.Output, source);
        Horizon = int.TryParse(Read(metadata, OnnxMetadataKeys.Horizon, source), NumberStyles.None, CultureInfo.InvariantCulture, out int horizon) && horizon > 0
            ? horizon
            : throw new InvalidDataException($"{source}: metadata '{OnnxMetadataKeys.Horizon}' is not a positive number.");
        HeadStrategy = Read(metadata, OnnxMetadataKeys.Head, source);
        Columns = metadata.TryGetValue(OnnxMetadataKeys.Columns, out string? columns) ? ParseNames(columns, OnnxMetadataKeys.Columns, source) : null;
        Targets = metadata.TryGetValue(OnnxMetadataKeys.Targets, out string? targets) ? ParseNames(targets, OnnxMetadataKeys.Targets, source) : null;
        Scaling = metadata.TryGetValue(OnnxMetadataKeys.Scaling, out string? scaling) ? scaling : "none";
        Quantiles = metadata.TryGetValue(OnnxMetadataKeys.Quantiles, out string? quantiles) ? ParseQuantiles(quantiles, source) : null;
        if (Quantiles is not null && _output[^1] != Quantiles.Count)
            throw new InvalidDataException($"{source}: metadata '{OnnxMetadataKeys.Quantiles}' lists {Quantiles.Count} levels, but the output [{string.Join(", ", _output)}] does not end with that many.");
        if (metadata.TryGetValue(OnnxMetadataKeys.Distribution, out string? distribution))
        {
            string[] parameters = DistributionTable.Named(distribution)?.Parameters ?? throw new InvalidDataException(
                $"{source}: metadata '{OnnxMetadataKeys.Distribution}' is '{distribution}', which is not a distribution ModelGen knows ({string.Join(", ", DistributionTable.Rows.Select(r => r.Name))}).");
            if (_output[^1] != parameters.Length)
                throw new InvalidDataException(
                    $"{source}: metadata '{OnnxMetadataKeys.Distribution}' is {distribution}, of {parameters.Length} parameters, but the output [{string.Join(", ", _output)}] does not end with that many.");
            Distribution = distribution;
            DistributionParameters = parameters;
        }
        if (Quantiles is not null && Distribution is not null)
            throw new InvalidDataException(
                $"{source}: metadata lists both quantile levels ('{OnnxMetadataKeys.Quantiles}') and a distribution ('{OnnxMetadataKeys.Distribution}'); a model forecasts one of them.");
        Feedback = metadata.TryGetValue(OnnxMetadataKeys.Feedback, out string? feedback) ? feedback : null;
        if (Feedback is not (null or "mean" or "median"))
            throw new InvalidDataException($"{source}: metadata '{OnnxMetadataKeys.Feedback}' is '{Feedback}'; expected mean or median.");
        // The graph itself must agree with its metadata: [batch, ...Input] in (each named input), [batch, ...Output] out.
        foreach (ForecasterInput input in _inputs)
            CheckGraph(session.InputMetadata, input.Name, input.Shape.ToArray(), source, input.IsCategorical ? typeof(long) : typeof(float));
        CheckGraph(session.OutputMetadata, OnnxMetadataKeys.OutputName, _output, source, typeof(float));
    }

    /// <summary>The model's class name.</summary>
    public string ModelName { get; }

    /// <summary>The ModelGen version that exported the file.</summary>
    public string ModelGenVersion { get; }

    /// <summary>The shape of one window, e.g. <c>[10, 3]</c> for 10 steps of 3 features (the first input's, for named inputs).</summary>
    public IReadOnlyList<int> InputShape => _input;

    /// <summary>The model's inputs: one named <c>input</c>, or the properties of its inputs record, in order.</summary>
    public IReadOnlyList<ForecasterInput> Inputs => _inputs;

    /// <summary>Whether the model has named inputs, which <see cref="Predict(IReadOnlyDictionary{string, Array})"/> takes.</summary>
    public bool HasNamedInputs => _inputs.Length != 1 || _inputs[0].Name != OnnxMetadataKeys.InputName;

    /// <summary>The shape of one forecast as the model emits it, e.g. <c>[5, 1]</c>.</summary>
    public IReadOnlyList<int> OutputShape => _output;

    /// <summary>Output steps.</summary>
    public int Horizon { get; }

    /// <summary>Values per output step.</summary>
    public int ValuesPerStep => _output.Aggregate(1, (a, d) => a * d) / StepsOf(_output);

    /// <summary>How the model produces its steps: <c>multi-output (MIMO)</c>, <c>autoregressive</c>, <c>DirRec</c>, … or <c>none</c>.</summary>
    public string HeadStrategy { get; }

    /// <summary>
    /// The columns each input step holds, in order, for an export made with its training record
    /// (<c>ExportOnnx(path, trainedOn)</c>); null for an export without one.
    /// </summary>
    public IReadOnlyList<string>? Columns { get; }

    /// <summary>The columns the output forecasts, in order, with <see cref="Columns"/>; null for an export without a training record.</summary>
    public IReadOnlyList<string>? Targets { get; }

    /// <summary>
    /// The scaling folded into the graph: <c>series</c> or <c>series+window</c> (the input takes raw values and the
    /// forecasts are in the targets' units), or <c>none</c> (the graph takes and returns values as the model was
    /// trained on them, standardised if they were).
    /// </summary>
    public string Scaling { get; }

    /// <summary>
    /// The quantile levels of a quantile model, in the order of the output's last dimension (<see cref="OutputShape"/>
    /// ends with their count); null for a point forecast.
    /// </summary>
    public IReadOnlyList<double>? Quantiles { get; }

    /// <summary>
    /// The distribution a distribution model forecasts (<c>Normal</c>, <c>StudentT</c> or <c>NegativeBinomial</c>,
    /// metadata <c>modelgen.distribution</c>): the output's last dimension holds its <see cref="DistributionParameters"/>.
    /// Null for a point or quantile forecast.
    /// </summary>
    public string? Distribution { get; }

    /// <summary>The distribution's parameters in the order of the output's last dimension (<c>loc, scale</c> for Normal); null without a distribution.</summary>
    public IReadOnlyList<string>? DistributionParameters { get; }

    /// <summary>
    /// What the model's decoding head feeds back on the path this file computes (metadata <c>modelgen.feedback</c>):
    /// <c>median</c> for a quantile model, <c>mean</c> for a distribution model, whose export is its deterministic path
    /// (it does not sample: draw paths with the TorchSharp model's <c>Sample</c>). Null for a head that reads its steps out at once.
    /// </summary>
    public string? Feedback { get; }

    /// <summary>Loads an export from a file.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable ONNX model, or not a ModelGen export.</exception>
    public static OnnxForecaster Load(string path, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No ONNX export at '{path}'.", path);
        return Load(File.ReadAllBytes(path), $"'{path}'", options);
    }

    /// <summary>Loads an export from its bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a readable ONNX model, or not a ModelGen export.</exception>
    public static OnnxForecaster Load(byte[] model, SessionOptions? options = null) => Load(model, "The model", options);

    private static OnnxForecaster Load(byte[] model, string source, SessionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        InferenceSession session;
        try
        {
            session = options is null ? new InferenceSession(model) : new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{source} is not a readable ONNX model ({model.Length:N0} bytes; it may be truncated or not ONNX at all): {e.Message}", e);
        }
        try
        {
            return new OnnxForecaster(session, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Forecasts from one window <c>[steps, features]</c>; returns <c>[horizon, values]</c>.</summary>
    /// <exception cref="ArgumentException">The window is not the model's input shape.</exception>
    /// <exception cref="InvalidOperationException">The model has named inputs (use <see cref="Predict(IReadOnlyDictionary{string, Array})"/>).</exception>
    public float[,] Predict(float[,] window)
    {
        ArgumentNullException.ThrowIfNull(window);
        ThrowIfNamed();
        return Predict([window])[0];
    }

    /// <summary>Forecasts from a batch of windows, each <c>[steps, features]</c>, in one run; returns one <c>[horizon, values]</c> per window.</summary>
    /// <exception cref="ArgumentException">A window is not the model's input shape.</exception>
    public float[][,] Predict(IReadOnlyList<float[,]> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ThrowIfNamed();
        if (windows.Count == 0) return [];
        int steps = window0(windows).GetLength(0), features = window0(windows).GetLength(1);
        int per = steps * features;
        var values = new float[windows.Count * per];
        for (int i = 0; i < windows.Count; i++)
        {
            float[,] window = windows[i] ?? throw new ArgumentNullException(nameof(windows), $"Window {i} is null.");
            CheckShape([window.GetLength(0), window.GetLength(1)], windows.Count > 1 ? $"window {i}" : "the window");
            Buffer.BlockCopy(window, 0, values, i * per * sizeof(float), per * sizeof(float));
        }
        float[] output = Run(values, windows.Count);
        int horizon = StepsOf(_output), width = output.Length / windows.Count / horizon;
        var forecasts = new float[windows.Count][,];
        for (int i = 0; i < windows.Count; i++)
        {
            forecasts[i] = new float[horizon, width];
            Buffer.BlockCopy(output, i * horizon * width * sizeof(float), forecasts[i], 0, horizon * width * sizeof(float));
        }
        return forecasts;

        static float[,] window0(IReadOnlyList<float[,]> all) => all[0] ?? throw new ArgumentNullException(nameof(windows), "Window 0 is null.");
    }

    /// <summary>
    /// Quantile forecasts from a batch of windows, each <c>[steps, features]</c>, for a model that declares
    /// <c>Quantiles</c>: one <see cref="QuantileForecast"/> per window, its values <c>[horizon, values, Q]</c> beside
    /// their <see cref="Quantiles"/> levels.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The model forecasts points or a distribution's parameters, not quantiles (its file lists no levels), or it has named inputs.
    /// </exception>
    /// <exception cref="ArgumentException">A window is not the model's input shape.</exception>
    public QuantileForecast[] PredictQuantiles(IReadOnlyList<float[,]> windows)
    {
        IReadOnlyList<double> levels = Quantiles ?? throw new InvalidOperationException(Distribution is { } distribution
            ? $"{ModelName} forecasts {distribution} parameters ({string.Join(", ", DistributionParameters!)}), not quantile levels: read them with Predict, and draw paths with the TorchSharp model's Sample."
            : $"{ModelName} forecasts points: its file lists no '{OnnxMetadataKeys.Quantiles}' levels. Use Predict, or export a model that declares Quantiles.");
        float[][,] forecasts = Predict(windows);
        return Array.ConvertAll(forecasts, forecast =>
        {
            int horizon = forecast.GetLength(0), values = forecast.GetLength(1) / levels.Count;
            var shaped = new float[horizon, values, levels.Count];
            Buffer.BlockCopy(forecast, 0, shaped, 0, forecast.Length * sizeof(float));
            return new QuantileForecast(levels, shaped);
        });
    }

    /// <summary>The quantile forecast of one window <c>[steps, features]</c>: see <see cref="PredictQuantiles(IReadOnlyList{float[,]})"/>.</summary>
    public QuantileForecast PredictQuantiles(float[,] window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return PredictQuantiles([window])[0];
    }

    /// <summary>
    /// Runs the model on <paramref name="input"/>, one window (<c>[...Input]</c>) or a batch
    /// (<c>[batch, ...Input]</c>), and returns <c>[...Output]</c> or <c>[batch, ...Output]</c>: any input rank.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not the model's input shape, with or without a batch dimension.</exception>
    public DenseTensor<float> Predict(Tensor<float> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfNamed();
        int[] dims = input.Dimensions.ToArray();
        bool batched = dims.Length == _input.Length + 1;
        CheckShape(batched ? dims[1..] : dims, batched ? "each window of the batch" : "the input");
        int batch = batched ? dims[0] : 1;
        float[] output = Run(input.ToArray(), batch);
        int[] shape = batched ? [batch, .. _output] : _output;
        return new DenseTensor<float>(output, shape);
    }

    /// <summary>
    /// Runs the model on a batch of named inputs: for each of <see cref="Inputs"/>, an array with the batch first,
    /// <c>float[batch, ...shape]</c> for values or <c>long[batch]</c> (or <c>int[batch]</c>) of category ids. Returns
    /// <c>[batch, ...Output]</c>. A model with one input takes it as <c>"input"</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An input is missing, unknown, of another element type, shape or batch size, or holds a category out of range;
    /// the message names it, what it is, and what the model expects.
    /// </exception>
    public DenseTensor<float> Predict(IReadOnlyDictionary<string, Array> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (string name in inputs.Keys)
        {
            if (Array.IndexOf(_inputNames, name) < 0)
                throw new ArgumentException($"{ModelName} has no input '{name}'; its inputs are {Expected()}.", nameof(inputs));
        }
        var values = new OrtValue[_inputs.Length];
        try
        {
            int batch = -1;
            string? first = null;
            for (int n = 0; n < _inputs.Length; n++)
            {
                ForecasterInput input = _inputs[n];
                if (!inputs.TryGetValue(input.Name, out Array? array) || array is null)
                    throw new ArgumentException($"{ModelName} needs input '{input.Name}' {input.Describe()}; its inputs are {Expected()}.", nameof(inputs));
                long[] dims = new long[array.Rank];
                for (int d = 0; d < dims.Length; d++) dims[d] = array.GetLongLength(d);
                if (dims.Length != input.Shape.Count + 1 || !dims.Skip(1).SequenceEqual(input.Shape.Select(d => (long)d)))
                    throw new ArgumentException($"{ModelName} expects input '{input.Name}' {input.Describe()}, but it is {Format(dims)}.", nameof(inputs));
                if (first is null) (batch, first) = ((int)dims[0], input.Name);
                else if (dims[0] != batch)
                    throw new ArgumentException($"{ModelName}'s input '{input.Name}' has a batch of {dims[0]}, but '{first}' has {batch}; every input needs one row per sample.", nameof(inputs));
                if (input.Categories is int categories)
                {
                    long[] ids = array switch
                    {
                        long[] longs => longs,
                        int[] ints => Array.ConvertAll(ints, i => (long)i),
                        _ => throw new ArgumentException($"{ModelName}'s input '{input.Name}' holds category ids as long[] (or int[]), but it is {array.GetType().Name}.", nameof(inputs)),
                    };
                    foreach (long id in ids)
                    {
                        if (id < 0 || id >= categories)
                            throw new ArgumentException($"{ModelName}'s input '{input.Name}' holds the category {id}, but its categories are 0 to {categories - 1}.", nameof(inputs));
                    }
                    // ONNX Runtime reads the ids where they are (pinned for the run), and never writes an input.
                    values[n] = OrtValue.CreateTensorValueFromMemory(ids, dims);
                }
                else
                {
                    if (array.GetType().GetElementType() != typeof(float))
                        throw new ArgumentException($"{ModelName}'s input '{input.Name}' holds float values, as float[{new string(',', input.Shape.Count)}], but it is {array.GetType().Name}.", nameof(inputs));
                    var flat = new float[array.Length];
                    Buffer.BlockCopy(array, 0, flat, 0, array.Length * sizeof(float));
                    values[n] = OrtValue.CreateTensorValueFromMemory(flat, dims);
                }
            }
            return new DenseTensor<float>(Run(values), [batch, .. _output]);
        }
        finally
        {
            foreach (OrtValue? value in values) value?.Dispose();
        }
    }

    /// <summary>The inputs, as messages list them.</summary>
    private string Expected() => string.Join(", ", _inputs.Select(i => $"'{i.Name}' {i.Describe()}"));

    private void ThrowIfNamed()
    {
        if (HasNamedInputs)
            throw new InvalidOperationException(
                $"{ModelName} has named inputs ({string.Join(", ", _inputs.Select(i => i.Name))}); give them to Predict(IReadOnlyDictionary<string, Array>), each with the batch first.");
    }

    private static ForecasterInput[] ParseInputs(string json, string source)
    {
        try
        {
            var inputs = new List<ForecasterInput>();
            foreach (System.Text.Json.JsonElement entry in System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray())
            {
                string name = entry.GetProperty("name").GetString() ?? throw new FormatException("an input without a name");
                int[] shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
                int? categories = entry.TryGetProperty("categories", out System.Text.Json.JsonElement count) ? count.GetInt32() : null;
                if (shape.Any(d => d <= 0) || categories <= 0) throw new FormatException($"input '{name}' has a size that is not positive");
                inputs.Add(new ForecasterInput(name, shape, categories));
            }
            return inputs.Count > 0 ? inputs.ToArray() : throw new FormatException("no inputs");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{source}: metadata '{OnnxMetadataKeys.Inputs}' is not a list of inputs ({e.Message}).", e);
        }
    }

    private float[] Run(float[] values, int batch)
    {
        long[] shape = new long[_input.Length + 1];
        shape[0] = batch;
        for (int d = 0; d < _input.Length; d++) shape[d + 1] = _input[d];
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(values, shape);
        return Run([input]);
    }

    /// <summary>
    /// One run on inputs in the order of <see cref="Inputs"/>, through ONNX Runtime's <see cref="OrtValue"/> API: the
    /// inputs are read in place and the output copied once, with no per-element enumeration.
    /// </summary>
    private float[] Run(OrtValue[] inputs)
    {
        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(_runOptions, _inputNames, inputs, OutputNames);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private void CheckShape(IReadOnlyList<int> actual, string what)
    {
        if (actual.SequenceEqual(_input)) return;
        throw new ArgumentException(
            $"{ModelName} expects each window as {Format(_input)} (one row per step), but {what} is {Format(actual)}.", "window");
    }

    /// <summary>The steps a shape holds: its first dimension when it has two or more, else one.</summary>
    private static int StepsOf(int[] shape) => shape.Length >= 2 ? shape[0] : 1;

    private static string Read(IReadOnlyDictionary<string, string> metadata, string key, string source) =>
        metadata.TryGetValue(key, out string? value) ? value : throw new InvalidDataException($"{source} is a ModelGen export without its '{key}' metadata.");

    private static int[] ParseShape(string text, string key, string source)
    {
        string inner = text.Trim();
        if (inner.Length >= 2 && inner[0] == '[' && inner[^1] == ']')
        {
            string[] parts = inner[1..^1].Split(',', StringSplitOptions.TrimEntries);
            var dims = new int[parts.Length];
            bool ok = parts.Length > 0;
            for (int i = 0; ok && i < parts.Length; i++) ok = int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) && dims[i] > 0;
            if (ok) return dims;
        }
        throw new InvalidDataException($"{source}: metadata '{key}' is '{text}', not a shape such as [10, 3].");
    }

    private static double[] ParseQuantiles(string json, string source) =>
        ParseList<double>(json, q => q > 0 && q < 1, OnnxMetadataKeys.Quantiles, "a list of levels in (0, 1)", source);

    private static string[] ParseNames(string json, string key, string source) =>
        ParseList<string>(json, n => !string.IsNullOrEmpty(n), key, "a list of column names", source);

    /// <summary>A JSON array of metadata, non-empty, every item valid; otherwise an error naming the key and what it should be.</summary>
    private static T[] ParseList<T>(string json, Func<T, bool> valid, string key, string expected, string source)
    {
        try
        {
            T[]? items = System.Text.Json.JsonSerializer.Deserialize<T[]>(json);
            if (items is { Length: > 0 } && items.All(valid)) return items;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new InvalidDataException($"{source}: metadata '{key}' is not {expected} ({json}).");
    }

    private static void CheckGraph(IReadOnlyDictionary<string, NodeMetadata> values, string name, int[] shape, string source, Type element)
    {
        if (!values.TryGetValue(name, out NodeMetadata? value) || value.ElementType != element
            || !value.Dimensions.Skip(1).SequenceEqual(shape) || value.Dimensions.Length != shape.Length + 1)
            throw new InvalidDataException(
                $"{source}: its graph has no {(element == typeof(long) ? "int64" : "float32")} '{name}' of [batch{string.Concat(shape.Select(d => ", " + d))}], as its metadata says.");
    }

    private static string Format<T>(IEnumerable<T> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}

/// <summary>One input of an exported model, as its metadata describes it.</summary>
/// <param name="Name">The input's name: <c>input</c>, or the property of the model's inputs record.</param>
/// <param name="Shape">Its per-sample shape (empty for category ids: one per sample).</param>
/// <param name="Categories">For category ids (int64), how many categories there are; null for float values.</param>
public sealed record ForecasterInput(string Name, IReadOnlyList<int> Shape, int? Categories)
{
    /// <summary>Whether the input holds category ids (int64) rather than float values.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>What the input must be, for messages: <c>float[batch, 48, 4]</c> or <c>long[batch] of categories 0 to 19</c>.</summary>
    public string Describe() => IsCategorical ? $"long[batch] of categories 0 to {Categories - 1}" : $"float[batch, {string.Join(", ", Shape)}]";
}
