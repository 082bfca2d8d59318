using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Export;

/// <summary>
/// Builds the ONNX graph of a model as its generated export code describes it, layer by layer: nodes,
/// weights taken from the module's parameters, and constants. The values are batch-first, like the
/// generated <c>forward</c>; the batch dimension stays symbolic (<c>batch</c>) so the file serves any
/// batch size. What each layer becomes is decided by the code ModelGen generates for that layer kind;
/// this class only records it, under unique names.
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>The ONNX operator set the exports use: 17 has <c>LayerNormalization</c>, and ONNX Runtime 1.31 and onnx 1.12's checker support it.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version written (8 goes with opset 17).</summary>
    public const long IrVersion = 8;

    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private string _scope = "";

    internal OnnxGraph(string name, IReadOnlyList<long> inputShape)
    {
        _graph.Name = name;
        _graph.Input.Add(Value(OnnxMetadataKeys.InputName, inputShape));
        _names.Add(OnnxMetadataKeys.InputName);
    }

    /// <summary>A graph with one input per named input, named as it: float32 <c>[batch, ...shape]</c>, or int64 <c>[batch]</c> for category ids.</summary>
    internal OnnxGraph(string name, IReadOnlyList<NamedInput> inputs)
    {
        _graph.Name = name;
        foreach (NamedInput input in inputs)
        {
            _graph.Input.Add(Value(input.Name, input.Shape, input.IsCategorical ? TensorProto.Types.DataType.Int64 : TensorProto.Types.DataType.Float));
            _names.Add(input.Name);
        }
    }

    /// <summary>The graph's input, <c>[batch, ...Input]</c>.</summary>
    public string Input => _input;

    private string _input = OnnxMetadataKeys.InputName;
    private (string Means, string Scales)? _targetSeries;
    private (string Means, string Scales)? _targetWindow;

    /// <summary>
    /// Standardises the raw input as the model was trained on it, before the layers: each column with its training
    /// mean and scale, then, with <paramref name="perWindow"/>, each window with its own mean and scale per column over
    /// its steps (<see cref="Forecasting.WindowScaling"/>'s rule, its floor included). <see cref="Input"/> is then the
    /// standardised value, which the layers read; <see cref="Unscale"/> maps the forecast of <paramref name="targets"/>
    /// (positions among the columns) back.
    /// </summary>
    internal void Standardise(IReadOnlyList<float> means, IReadOnlyList<float> scales, bool perWindow, IReadOnlyList<long> targets)
    {
        BeginLayer("scaling");
        using var scope = NewDisposeScope();
        string seriesMeans = Weight("scaling.means", tensor(means.ToArray())), seriesScales = Weight("scaling.scales", tensor(scales.ToArray()));
        string x = Node("Div", [Node("Sub", [_input, seriesMeans]), seriesScales]);
        string positions = Ints([.. targets]);
        _targetSeries = (Node("Gather", [seriesMeans, positions], OnnxAttribute.Int("axis", 0)), Node("Gather", [seriesScales, positions], OnnxAttribute.Int("axis", 0)));
        if (perWindow)
        {
            // Over the steps (axis 1), per column: [batch, 1, columns].
            string mean = Node("ReduceMean", [x], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
            string centred = Node("Sub", [x, mean]);
            string std = Node("Sqrt", [Node("ReduceMean", [Node("Mul", [centred, centred])], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1))]);
            // A constant window (to within WindowScaling's tolerance of its level) is not scaled.
            string floor = Node("Mul", [Node("Max", [Node("Abs", [mean]), Filled(1f)]), Filled(Forecasting.WindowScaling.ConstantTolerance)]);
            string scale = Node("Where", [Node("Greater", [std, floor]), std, Filled(1f)]);
            x = Node("Div", [centred, scale]);
            _targetWindow = (Node("Gather", [mean, positions], OnnxAttribute.Int("axis", 2)), Node("Gather", [scale, positions], OnnxAttribute.Int("axis", 2)));
        }
        _input = x;
        BeginLayer("");
    }

    /// <summary>
    /// Maps the layers' forecast (<c>[batch, steps, targets]</c>, or <c>[batch, steps, targets, Q]</c> with
    /// <paramref name="quantiles"/>) back to the targets' units, as <see cref="Standardise"/> scaled them. Every quantile
    /// of a target maps back with that target's mean and scale (a positive scale keeps their order).
    /// </summary>
    internal string Unscale(string forecast, bool quantiles, OutputDistribution? distribution = null)
    {
        if (_targetSeries is not { } series) return forecast;
        BeginLayer("unscaling");
        // With quantiles or parameters, each statistic gains a last axis of 1, so it broadcasts over them and not the batch.
        bool last = quantiles || distribution is not null;
        string PerTarget(string statistic, long[] shape) => last ? Node("Reshape", [statistic, Ints(shape)]) : statistic;
        // A distribution's parameters: a location maps back as a value, a scale is only multiplied, Student's df stays
        // (Distributions.Rescale): x · (scale · a + 1 − a) + mean · b.
        (float[] Multiplied, float[] Shifted)? rescale = distribution is { } kind ? Distributions.RescaleOf(kind) : null;
        string Scale(string statistic) => rescale is { } r
            ? Node("Add", [Node("Mul", [statistic, Floats(r.Multiplied)]), Floats([.. r.Multiplied.Select(m => 1 - m)])])
            : statistic;
        string Shift(string statistic) => rescale is { } r ? Node("Mul", [statistic, Floats(r.Shifted)]) : statistic;
        if (_targetWindow is { } window)
            forecast = Node("Add", [Node("Mul", [forecast, Scale(PerTarget(window.Scales, [0, 1, -1, 1]))]), Shift(PerTarget(window.Means, [0, 1, -1, 1]))]);
        forecast = Node("Add", [Node("Mul", [forecast, Scale(PerTarget(series.Scales, [-1, 1]))]), Shift(PerTarget(series.Means, [-1, 1]))]);
        BeginLayer("");
        return forecast;
    }

    /// <summary>
    /// The link of <see cref="Distributions.Link"/> on <paramref name="value"/> (<c>[..., P]</c>): each positive parameter
    /// through ONNX's Softplus, at least <see cref="Distributions.MinimumPositive"/>, plus its offset; a location unchanged.
    /// </summary>
    public string DistributionLink(string value, OutputDistribution distribution)
    {
        (float[] positive, float[] offset) = Distributions.LinkOf(distribution);
        // Constants shared by every step of a decoding head that links its parameters.
        string mask = Node("Greater", [Floats(positive), Filled(0f)]);
        string linked = Node("Add", [Node("Max", [Node("Softplus", [value]), Filled(Distributions.MinimumPositive)]), Floats(offset)]);
        return Node("Where", [mask, linked, value]);
    }

    /// <summary>The graph's input for the named input <paramref name="name"/>.</summary>
    public string InputOf(string name) =>
        _graph.Input.Any(i => i.Name == name) ? name : throw new InvalidOperationException($"The ONNX graph has no input '{name}'.");

    /// <summary>Names the nodes that follow after <paramref name="layer"/> (the layer's field name), for a readable graph.</summary>
    public void BeginLayer(string layer) => _scope = layer;

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes) => Node(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names. An empty input name skips an optional input.</summary>
    public string[] Node(string opType, IReadOnlyList<string> inputs, int outputs, params OnnxAttribute[] attributes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_names.Contains(input))
                throw new InvalidOperationException($"Node {opType} reads '{input}', which no earlier node, weight or constant produces.");
        }
        _counters.TryGetValue(_scope + "/" + opType, out int n);
        _counters[_scope + "/" + opType] = n + 1;
        string name = Unique($"{_scope}/{opType}_{n.ToString(CultureInfo.InvariantCulture)}");
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        string[] names = outputs == 1 ? [name] : Enumerable.Range(0, outputs).Select(i => Unique($"{name}:{i.ToString(CultureInfo.InvariantCulture)}")).ToArray();
        node.Output.AddRange(names);
        foreach (OnnxAttribute attribute in attributes) node.Attribute.Add(attribute.Proto);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>
    /// A parameter of <paramref name="module"/> by its state_dict path below it (<c>weight_ih_l0</c>,
    /// <c>cell.weight_hh</c>), detached and on the CPU. The export writes float32, so a parameter of
    /// another type is an error that says what to do.
    /// </summary>
    public Tensor Parameter(nn.Module module, string name)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach ((string path, TorchSharp.Modules.Parameter parameter) in module.named_parameters())
        {
            if (path != name) continue;
            if (parameter.dtype != ScalarType.Float32)
                throw new InvalidOperationException(
                    $"Parameter '{_scope}.{name}' is {parameter.dtype}, but an ONNX export holds float32 weights; move the model back with model.to(torch.float32) before exporting.");
            return parameter.detach().cpu();
        }
        throw new InvalidOperationException($"The module of layer '{_scope}' has no parameter '{name}'.");
    }

    /// <summary>Adds <paramref name="values"/> (float32) as a weight named <paramref name="name"/> and returns the name.</summary>
    public string Weight(string name, Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.dtype != ScalarType.Float32)
            throw new InvalidOperationException($"Weight '{name}' is {values.dtype}; an ONNX export holds float32 weights.");
        using Tensor data = values.detach().cpu().contiguous();
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(data.shape);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data.data<float>().ToArray().AsSpan()));
        _graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A float32 constant of the given shape with every element <paramref name="value"/> (no dims: a scalar), shared by every node that asks for the same one.</summary>
    public string Filled(float value, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, d) => checked(a * d));
        return Constant("filled/" + value.ToString("R", CultureInfo.InvariantCulture) + "/" + string.Join("_", dims), () =>
        {
            var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange(dims);
            float[] values = new float[count];
            Array.Fill(values, value);
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
            return tensor;
        });
    }

    /// <summary>A 1-D float32 constant, shared by every node that asks for the same one.</summary>
    public string Floats(params float[] values) => Constant("floats/" + string.Join("_", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), () =>
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(values.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return tensor;
    });

    /// <summary>A 1-D int64 constant (shapes, axes, indices), shared by every node that asks for the same one.</summary>
    public string Ints(params long[] values) => Constant("ints/" + string.Join("_", values), () =>
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    });

    /// <summary>A 0-D int64 constant (a <c>Gather</c> index that drops its axis).</summary>
    public string Scalar(long value) => Constant("scalar/" + value.ToString(CultureInfo.InvariantCulture), () =>
    {
        var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Int64Data.Add(value);
        return tensor;
    });

    private readonly Dictionary<(string Window, double Eps), (string Mean, string Deviation)> _revinStatistics = new();

    /// <summary>
    /// RevIN's statistics of <paramref name="window"/> (<c>[batch, steps, features]</c>): each sample's mean and
    /// <c>√(var + eps)</c> (the biased variance) per feature over the steps, <c>[batch, 1, features]</c>, as ONNX nodes,
    /// made once per window and shared by the normalisation and the mapping back.
    /// </summary>
    public (string Mean, string Deviation) RevINStatistics(string window, double eps)
    {
        if (_revinStatistics.TryGetValue((window, eps), out var known)) return known;
        string mean = Node("ReduceMean", [window], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        string centred = Node("Sub", [window, mean]);
        string variance = Node("ReduceMean", [Node("Mul", [centred, centred])], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        string deviation = Node("Sqrt", [Node("Add", [variance, Filled((float)eps)])]);
        return _revinStatistics[(window, eps)] = (mean, deviation);
    }

    /// <summary>
    /// <see cref="ModelGen.RevIN"/>'s normalisation of <paramref name="window"/> by its own statistics, then, with
    /// <paramref name="weight"/> and <paramref name="bias"/> (its <c>affine_weight</c> and <c>affine_bias</c>, named after
    /// <paramref name="path"/>), the learned scale and shift.
    /// </summary>
    public string RevIN(string window, double eps, Tensor? weight, Tensor? bias, string path)
    {
        (string mean, string deviation) = RevINStatistics(window, eps);
        string normalised = Node("Div", [Node("Sub", [window, mean]), deviation]);
        if (weight is null || bias is null) return normalised;
        return Node("Add", [Node("Mul", [normalised, SharedWeight(path + ".affine_weight", weight)]), SharedWeight(path + ".affine_bias", bias)]);
    }

    /// <summary>
    /// <see cref="ModelGen.RevIN"/>'s mapping back of a forecast <paramref name="forecast"/> (<c>[batch, horizon, targets]</c>)
    /// with the statistics of <paramref name="window"/>'s <paramref name="targets"/> features:
    /// <c>((y − bias) / (weight + eps²)) · stdev + mean</c>, the affine part only with weights.
    /// </summary>
    public string RevINInverse(string forecast, string window, double eps, long[] targets, Tensor? weight, Tensor? bias, string path)
    {
        ArgumentNullException.ThrowIfNull(targets);
        (string mean, string deviation) = RevINStatistics(window, eps);
        string index = Ints(targets);
        string y = forecast;
        if (weight is not null && bias is not null)
        {
            string scale = Node("Add", [Node("Gather", [SharedWeight(path + ".affine_weight", weight), index], OnnxAttribute.Int("axis", 0)), Filled((float)(eps * eps))]);
            y = Node("Div", [Node("Sub", [y, Node("Gather", [SharedWeight(path + ".affine_bias", bias), index], OnnxAttribute.Int("axis", 0))]), scale]);
        }
        return Node("Add", [Node("Mul", [y, Node("Gather", [deviation, index], OnnxAttribute.Int("axis", 2))]), Node("Gather", [mean, index], OnnxAttribute.Int("axis", 2))]);
    }

    private readonly Dictionary<string, string> _sharedWeights = new(StringComparer.Ordinal);

    /// <summary>A weight added once under <paramref name="name"/> and shared by every node that asks for it again.</summary>
    private string SharedWeight(string name, Tensor values) =>
        _sharedWeights.TryGetValue(name, out string? known) ? known : _sharedWeights[name] = Weight(name, values);

    /// <summary>
    /// Linear interpolation of <paramref name="x"/> (<c>[batch, knots]</c>) to <paramref name="size"/> values as PyTorch's
    /// <c>F.interpolate(mode="linear", align_corners=False)</c> computes it: output <c>i</c> reads the source position
    /// <c>(i + ½) · knots / size − ½</c>, clamped at 0, from the knots on either side, weighted by the distance. Opset 17's
    /// <c>Resize</c> would need the batch size among its sizes; as the map is linear, it is one <c>MatMul</c> by its
    /// constant <c>[knots, size]</c> weights.
    /// </summary>
    public string Interpolate(string x, int knots, int size)
    {
        if (knots <= 0 || size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, $"Interpolation from {knots} to {size} values: both at least 1.");
        float[] weights = InterpolationWeights(knots, size);
        string matrix = Constant($"interpolate/{knots}/{size}", () =>
        {
            var tensor = new TensorProto { DataType = (int)TensorProto.Types.DataType.Float };
            tensor.Dims.AddRange([knots, size]);
            tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(weights.AsSpan()));
            return tensor;
        });
        return Node("MatMul", [x, matrix]);
    }

    /// <summary>The <c>[knots, size]</c> weights of <see cref="Interpolate"/>, row-major: column <c>i</c> holds output <c>i</c>'s two weights.</summary>
    internal static float[] InterpolationWeights(int knots, int size)
    {
        var weights = new float[checked(knots * size)];
        float scale = (float)knots / size;
        for (int i = 0; i < size; i++)
        {
            float source = Math.Max((i + 0.5f) * scale - 0.5f, 0f);
            int left = Math.Min((int)source, knots - 1);
            int right = Math.Min(left + 1, knots - 1);
            float lambda = source - left;
            weights[left * size + i] += 1f - lambda;
            weights[right * size + i] += lambda;
        }
        return weights;
    }

    /// <summary>
    /// <see cref="Patching"/>'s patches of <paramref name="x"/> (<c>[batch, steps, features]</c>) as ONNX nodes (opset 17
    /// has no unfold): the last step repeated <paramref name="stride"/> times with <paramref name="padEnd"/> (<c>Pad</c>,
    /// edge), each patch's steps gathered (<c>Gather</c> on the steps), then <c>[batch, patches, features · length]</c>,
    /// feature by feature.
    /// </summary>
    public string Patches(string x, int steps, int features, int length, int stride, bool padEnd)
    {
        if (length <= 0 || stride <= 0 || length > steps)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Patches of 1 to {steps} steps, a positive stride.");
        int padded = steps + (padEnd ? stride : 0);
        int patches = (padded - length) / stride + 1;
        if (padEnd) x = Node("Pad", [x, Ints(0, 0, 0, 0, stride, 0)], OnnxAttribute.String("mode", "edge"));
        long[] indices = Enumerable.Range(0, patches).SelectMany(p => Enumerable.Range(p * stride, length)).Select(i => (long)i).ToArray();
        string gathered = Node("Gather", [x, Ints(indices)], OnnxAttribute.Int("axis", 1));
        string grouped = Node("Transpose", [Node("Reshape", [gathered, Ints(0, patches, length, features)])], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        return Node("Reshape", [grouped, Ints(0, patches, (long)features * length)]);
    }

    /// <summary>
    /// Multi-head self-attention on <paramref name="x"/> (<c>[batch, steps, dModel]</c>) as ONNX opset 17 nodes (it has no
    /// attention operator), as PyTorch's <c>F.multi_head_attention_forward</c> computes it: one projection to queries, keys
    /// and values (a <c>MultiheadAttention</c>'s <c>in_proj_weight</c> and <c>in_proj_bias</c>, its weights named after
    /// <paramref name="path"/>), split into <paramref name="heads"/> heads, scores
    /// <c>q·kᵀ / √(dModel / heads)</c> (with −∞ above the diagonal when <paramref name="causal"/>), softmax over the
    /// keys, the weighted sum of the values, heads joined, and the output projection (<c>out_proj</c>).
    /// </summary>
    public string SelfAttention(string x, Tensor inProjWeight, Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias, string path, int heads, int steps, bool causal)
    {
        ArgumentNullException.ThrowIfNull(inProjWeight);
        ArgumentNullException.ThrowIfNull(outProjWeight);
        int dModel = checked((int)outProjWeight.shape[0]);
        if (heads <= 0 || dModel % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"The heads split dModel = {dModel} evenly.");
        int width = dModel / heads;
        string inWeight = Weight(path + ".in_proj_weight.T", inProjWeight.t());
        string inBias = Weight(path + ".in_proj_bias", inProjBias);
        string outWeight = Weight(path + ".out_proj.weight.T", outProjWeight.t());
        string outBias = Weight(path + ".out_proj.bias", outProjBias);
        // [batch, steps, 3·dModel] → queries, keys, values, each [batch, heads, steps, width].
        string[] qkv = Node("Split", [Node("Add", [Node("MatMul", [x, inWeight]), inBias]), Ints(dModel, dModel, dModel)], 3, OnnxAttribute.Int("axis", -1));
        string Heads(string value) => Node("Transpose", [Node("Reshape", [value, Ints(0, steps, heads, width)])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
        string queries = Node("Div", [Heads(qkv[0]), Filled(MathF.Sqrt(width))]);
        string keys = Node("Transpose", [Heads(qkv[1])], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
        string scores = Node("MatMul", [queries, keys]);
        if (causal)
        {
            using Tensor mask = full(steps, steps, float.NegativeInfinity).triu(1);
            scores = Node("Add", [scores, Weight(path + ".causal_mask", mask)]);
        }
        string weights = Node("Softmax", [scores], OnnxAttribute.Int("axis", -1));
        string joined = Node("Reshape", [Node("Transpose", [Node("MatMul", [weights, Heads(qkv[2])])], OnnxAttribute.Ints("perm", 0, 2, 1, 3)), Ints(0, steps, dModel)]);
        return Node("Add", [Node("MatMul", [joined, outWeight]), outBias]);
    }

    /// <summary>
    /// Recurrent weights in ONNX's layout, <c>[directions, blocks·hidden, …]</c>: for each direction, its
    /// tensors (each of <paramref name="blocks"/> gate blocks along the first dimension) with the blocks
    /// put in <paramref name="order"/> (ONNX's gate order, as indexes of PyTorch's), then joined.
    /// </summary>
    public static Tensor Gates(IReadOnlyList<IReadOnlyList<Tensor>> directions, int blocks, IReadOnlyList<int> order)
    {
        var stacked = new List<Tensor>(directions.Count);
        foreach (IReadOnlyList<Tensor> parts in directions)
        {
            var reordered = new List<Tensor>();
            foreach (Tensor part in parts)
            {
                Tensor[] chunks = part.chunk(blocks, 0);
                reordered.AddRange(order.Select(i => chunks[i]));
            }
            stacked.Add(cat(reordered, 0));
        }
        return stack(stacked, 0);
    }

    /// <summary>The finished graph: <paramref name="last"/> becomes the output, <c>[batch, ...Output]</c>.</summary>
    internal GraphProto Finish(string last, IReadOnlyList<long> outputShape, string documentation)
    {
        _scope = "";
        var identity = new NodeProto { Name = "output/Identity", OpType = "Identity" };
        identity.Input.Add(last);
        identity.Output.Add(OnnxMetadataKeys.OutputName);
        _graph.Node.Add(identity);
        _graph.Output.Add(Value(OnnxMetadataKeys.OutputName, outputShape));
        _graph.DocString = documentation;
        return _graph;
    }

    private string Constant(string key, Func<TensorProto> make)
    {
        if (_constants.TryGetValue(key, out string? existing)) return existing;
        TensorProto tensor = make();
        tensor.Name = Unique("const/" + key);
        _graph.Initializer.Add(tensor);
        _constants[key] = tensor.Name;
        return tensor.Name;
    }

    private string Unique(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
        return name;
    }

    /// <summary>A graph input or output, <c>[batch, ...perSample]</c> with a symbolic batch, float32 unless said otherwise.</summary>
    private static ValueInfoProto Value(string name, IReadOnlyList<long> perSample, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (long d in perSample) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
