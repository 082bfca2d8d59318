using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Generators.Tests.Robustness;

/// <summary>A generated declaration, whether it was built valid, and if not, the diagnostic its fault must produce.</summary>
/// <param name="Sources">The case's files: one, or two when the fault spreads a class over two files.</param>
/// <param name="ExpectedWarnings">MG1002 and MG1003 that must be reported (and no others): an input or a layer the fuzzer left unread on purpose.</param>
/// <param name="MayWarnUnconditioned">Whether MG1001 may be reported: a multi-step Output with no decoding head and no MultiOutput = true.</param>
/// <param name="AlsoAllowed">MG errors the fault may cause besides its own (none for most).</param>
/// <param name="Features">What a graph declaration contains, for the coverage check.</param>
internal sealed record FuzzCase(int Index, string Namespace, string[] Sources, string? Fault, string? ExpectedId, bool EndsWithDecodingHead,
    bool Graph = false, string[]? ExpectedWarnings = null, bool MayWarnUnconditioned = false, string[]? AlsoAllowed = null, string[]? Features = null)
{
    public bool Valid => Fault is null;

    /// <summary>The case's files, one after the other, for reports.</summary>
    public string Source => string.Join("\n// ---- next file ----\n", Sources);

    /// <summary>The file name of each source in the compilation.</summary>
    public static string FileName(int index, int part) => part == 0 ? $"Case{index}.cs" : $"Case{index}.part{part + 1}.cs";
}

/// <summary>
/// Builds random <c>[Model]</c> declarations. A valid one is built by construction: the fuzzer keeps its
/// own track of each layer's shape (independently of ModelGen's planner), so every size fits. Then, for
/// a share of cases, exactly one fault is injected, each of which ModelGen must report with a known ID.
/// A share of the cases are graphs (<see cref="GraphModel"/>): named inputs, <c>[From]</c> joins, skip
/// connections and blocks; the rest are chains of layers.
/// </summary>
internal sealed partial class DeclarationFuzzer(int seed)
{
    private const int Huge = (1 << 24) + 1;

    /// <summary>Faults injected into chains of layers.</summary>
    internal static readonly string[] ChainFaults =
    [
        "zero-size", "negative-size", "huge-size", "input-mismatch", "output-mismatch", "bad-input", "missing-input",
        "not-partial", "generic", "nested", "no-layers", "recurrent-on-vector", "wrong-field-type", "static-field",
        "duplicate-layer", "step-without-layer", "conflicting-constructor", "step-out-of-range", "conv-too-long",
        "double-step", "hiding-name", "dropout-out-of-range", "head-on-sequence", "layer-after-head", "bad-first-input",
        "huge-causal-padding", "abstract", "file-local",
    ];

    /// <summary>Every fault, with <see cref="GraphFaults"/>.</summary>
    internal static string[] Faults => [.. ChainFaults, .. GraphFaults.Keys];

    /// <summary>The share of cases that are graphs.</summary>
    private const double GraphShare = 0.5;

    private readonly Random _random = new(seed);

    // Faults are taken in turn from a shuffled list (the first that applies to the case), so that every fault
    // is exercised in a run of a few thousand cases whatever the seed.
    private readonly List<string> _chainFaults = [], _graphFaults = [];

    public FuzzCase Next(int index)
    {
        bool faulty = _random.NextDouble() < 0.5;
        if (_random.NextDouble() < GraphShare) return NextGraph(index, faulty);

        var model = new Model(_random, index);
        model.BuildValidChain();
        string? fault = null, expected = null;
        if (faulty)
        {
            Refill(_chainFaults, ChainFaults);
            foreach (string candidate in _chainFaults)
            {
                expected = model.Inject(candidate);
                if (expected is null) continue; // the fault does not apply to this model's layers; try the next
                fault = candidate;
                _chainFaults.Remove(candidate);
                break;
            }
        }
        bool mayWarn = !model.EndsWithDecodingHead && model.OutputHasSteps;
        return new FuzzCase(index, model.Namespace, [model.Render()], fault, expected, model.EndsWithDecodingHead, MayWarnUnconditioned: mayWarn,
            AlsoAllowed: [.. model.AlsoAllowed]);
    }

    private FuzzCase NextGraph(int index, bool faulty)
    {
        string? fault = null;
        if (faulty)
        {
            Refill(_graphFaults, GraphFaults.Keys);
            fault = _graphFaults[0];
            _graphFaults.RemoveAt(0);
        }
        var model = new GraphModel(_random, index);
        model.Build(fault is null ? GraphNeeds.None : GraphFaults[fault]);
        string? expected = fault is null ? null : model.Inject(fault);
        if (expected is null) fault = null;
        return model.Case(fault, expected);
    }

    private void Refill(List<string> pending, IEnumerable<string> all)
    {
        if (pending.Count > 0) return;
        pending.AddRange(all.OrderBy(_ => _random.Next()));
    }

    private sealed class Layer
    {
        public required string Attribute;   // e.g. "Gru(3, 8, NumLayers = 2)"
        public required string FieldType;   // e.g. "GRU"
        public required string Name;
        public string? Step;                // "LastStep" or "Step(2)"
        public List<string> Extra { get; } = [];   // extra attributes injected by faults
        public bool Static;
        public bool IsRecurrent;
        public bool IsConv;
        public bool IsCausal;
        public int[] Input = [];
        public int[] Output = [];
        public Func<int, string>? WithFirstSize; // rewrites the attribute with another first size
        public int Groups = 1;                   // a wrong first size stays divisible by the groups, so only MG0001 applies
        public int HeadHorizon;                  // a decoding head's steps (0 for other layers)
    }

    private sealed class Model(Random random, int index)
    {
        private readonly List<Layer> _layers = [];
        private readonly LayerMaker _maker = new(random);
        private int[] _input = [];
        private string? _output;
        private int[] _outputShape = [];
        private bool _partial = true, _generic, _nested, _noInput, _abstract, _fileLocal, _revin;

        /// <summary>Valid models are sometimes nested in partial types (supported); the "nested" fault nests one in a type that is not partial.</summary>
        private readonly bool _inPartialTypes = random.Next(4) == 0;
        private string? _member;

        /// <summary>MG errors the injected fault may cause besides its own.</summary>
        public List<string> AlsoAllowed { get; } = [];

        public string Namespace => $"Fuzz.C{index}";

        /// <summary>Whether the model ends with a decoding head of two or more steps (MG1001 must stay quiet).</summary>
        public bool EndsWithDecodingHead => _layers.Count > 0 && _layers[^1].HeadHorizon >= 2;

        /// <summary>Whether the declared Output names two or more steps (then MG1001 may apply).</summary>
        public bool OutputHasSteps => _outputShape.Length >= 2 && _outputShape[0] >= 2;

        public void BuildValidChain()
        {
            int rank = random.Next(10) switch { 0 => 1, 1 => 3, _ => 2 };
            _input = Enumerable.Range(0, rank).Select(_ => random.Next(1, 9)).ToArray();
            int[] shape = _input;
            // Now and then RevIN first: it maps back a point forecast [horizon, features] of every input feature.
            _revin = rank == 2 && random.Next(10) == 0;
            if (_revin)
                _layers.Add(Simple(shape, 0, "RevIN", random.Next(2) == 0 ? "RevIN(Affine = true)" : $"RevIN(Eps = 1e-{random.Next(3, 7)})", shape));
            int count = random.Next(1, 6);
            for (int i = _layers.Count; i < count; i++)
            {
                Layer? layer = NextLayer(shape, i);
                if (layer is null) break;
                if (_revin && layer.HeadHorizon > 0) break; // RevIN would feed back normalised predictions
                _layers.Add(layer);
                shape = layer.Output;
                if (layer.HeadHorizon > 0) break; // a decoding head is the last layer
            }
            if (_layers.Count == 0)
            {
                _layers.Add(Linear(shape, 0));
                shape = _layers[0].Output;
            }
            if (_revin)
            {
                int features = _input[1], horizon = random.Next(1, 5);
                int flat = shape.Aggregate(1, (a, d) => a * d);
                if (shape.Length > 1) _layers.Add(Simple(shape, _layers.Count, "Flatten", null, [flat]));
                _layers.Add(_maker.Linear([flat], $"f{_layers.Count}", horizon * features));
                _outputShape = [horizon, features];
                _output = Format(_outputShape);
                return;
            }
            _outputShape = LayerMaker.ChooseOutput(random, shape);
            _output = _outputShape.Length == 0 ? null : Format(_outputShape);
        }

        private Layer? NextLayer(int[] shape, int i)
        {
            bool sequence = shape.Length >= 2;
            int choice = random.Next(sequence && shape.Length == 2 ? 13 : 6);
            // A step selection turns a sequence into one vector for the layer it is on.
            string? step = null;
            int[] input = shape;
            if (sequence && choice < 6 && random.Next(3) == 0)
            {
                int steps = shape[0];
                int k = random.Next(-steps, steps);
                step = k == -1 && random.Next(2) == 0 ? "LastStep" : $"Step({k})";
                input = shape.Skip(1).ToArray();
            }
            if (input.Length == 1 && random.Next(4) == 0)
            {
                Layer head = Head(input, i);
                head.Step = step;
                return head;
            }
            Layer layer = choice switch
            {
                0 or 1 => Linear(input, i),
                2 => Simple(input, i, "LayerNorm", $"LayerNorm({input[^1]})", input),
                3 => Simple(input, i, "Dropout", $"Dropout({(random.Next(10) / 10.0).ToString(CultureInfo.InvariantCulture)})", input),
                4 => Simple(input, i, Pick("ReLU", "Tanh", "GELU", "Sigmoid"), null, input),
                5 => input.Aggregate(1L, (a, d) => a * d) <= 4096 ? Simple(input, i, "Flatten", null, [input.Aggregate(1, (a, d) => a * d)]) : Linear(input, i),
                6 or 7 or 8 => Recurrent(shape, i),
                9 => Conv(shape, i),
                10 => CausalConv(shape, i),
                11 => _maker.MovingAverage(shape, $"f{i}"),
                12 => random.Next(2) == 0 ? Simple(input, i, "Identity", null, input) : _maker.Transformer(shape, $"f{i}"),
                _ => _maker.TimeLinear(shape, $"f{i}"),
            };
            layer.Step = step;
            return layer;
        }

        private Layer Linear(int[] input, int i) => _maker.Linear(input, $"f{i}");

        private Layer Head(int[] input, int i) => _maker.Head(input, $"f{i}", _input.Length is 1 or 2 ? _input[^1] : 0);

        private Layer Recurrent(int[] input, int i) => _maker.Recurrent(input, $"f{i}");

        private Layer Conv(int[] input, int i) => _maker.Conv(input, $"f{i}");

        private Layer CausalConv(int[] input, int i) => _maker.CausalConv(input, $"f{i}");

        private static Layer Simple(int[] input, int i, string type, string? attribute, int[] output) => LayerMaker.Simple(input, $"f{i}", type, attribute, output);

        /// <summary>Injects one fault; returns the ID ModelGen must report, or null if the fault does not apply.</summary>
        public string? Inject(string fault)
        {
            // A fault that moves or reshapes what RevIN reads or what the model returns is also RevIN's to report.
            if (_revin) AlsoAllowed.Add("MG0003");
            Layer target = _layers[random.Next(_layers.Count)];
            Layer? sized = _layers.FirstOrDefault(l => l.WithFirstSize is not null);
            switch (fault)
            {
                case "zero-size" when sized is not null:
                    sized.Attribute = sized.WithFirstSize!(0);
                    return "MG0003";
                case "negative-size" when sized is not null:
                    sized.Attribute = sized.WithFirstSize!(-random.Next(1, 100));
                    return "MG0003";
                case "huge-size" when sized is not null:
                    sized.Attribute = sized.WithFirstSize!(random.Next(2) == 0 ? Huge : int.MaxValue);
                    return "MG0003";
                case "input-mismatch" when sized is not null && sized.Step is null && sized.Input.Length > 0:
                    // Larger or, where a smaller size is still valid, smaller than the real input.
                    int real = sized.IsRecurrent || sized.IsConv ? sized.Input[1] : sized.Input[^1];
                    int step = sized.IsConv ? sized.Groups : 1;
                    sized.Attribute = sized.WithFirstSize!(real - step >= 1 && random.Next(2) == 0 ? real - step : real + step);
                    return "MG0001";
                case "output-mismatch":
                    long values = _layers[^1].Output.Aggregate(1L, (a, d) => a * d);
                    _output = Format([(int)values + 1]);
                    _outputShape = [];
                    return "MG0002";
                case "bad-input":
                    _input = random.Next(2) == 0 ? [] : [.. _input[..^1], 0];
                    return "MG0004";
                case "missing-input":
                    _noInput = true;
                    return "MG0004";
                case "not-partial":
                    _partial = false;
                    return "MG0005";
                case "generic":
                    _generic = true;
                    return "MG0006";
                case "nested":
                    _nested = true;
                    return "MG0006";
                case "abstract":
                    _abstract = true;
                    return "MG0006";
                case "file-local" when !_nested:
                    _fileLocal = true; // on the class, or on the type it is nested in
                    return "MG0006";
                case "no-layers":
                    _layers.Clear();
                    return "MG0007";
                case "recurrent-on-vector" when target.IsRecurrent && target.Step is null:
                    target.Step = "LastStep";
                    return "MG0008";
                case "wrong-field-type":
                    target.FieldType = target.FieldType == "Linear" ? "GRU" : "Linear";
                    return "MG0009";
                case "static-field":
                    target.Static = true;
                    return "MG0009";
                case "duplicate-layer":
                    target.Extra.Add("ReLU");
                    return "MG0010";
                case "step-without-layer":
                    _layers.Add(new Layer { Attribute = "", FieldType = "Linear", Name = "orphan", Step = "LastStep" });
                    return "MG0011";
                case "conflicting-constructor":
                    _member = "public M() { }";
                    return "MG0012";
                case "step-out-of-range" when target.Input.Length >= 2 && target.Step is null:
                    target.Step = $"Step({target.Input[0] + random.Next(0, 3)})";
                    return "MG0013";
                case "conv-too-long" when target.IsConv:
                    target.Attribute = $"Conv1d({target.Input[1]}, 2, {target.Input[0] + 3})";
                    return "MG0014";
                case "double-step" when _layers.FirstOrDefault(l => l.Step is not null) is { } selecting:
                    // A second selection after the first (which applies, so the shapes stay as they were).
                    selecting.Extra.Add(selecting.Step == "LastStep" ? "Step(0)" : "LastStep");
                    return "MG0015";
                case "hiding-name":
                    target.Name = Pick("training", "parameters", "eval", "state_dict");
                    return "MG0016";
                case "head-on-sequence" when _layers[^1].HeadHorizon > 0 && _layers[^1].Step is not null:
                    _layers[^1].Step = null; // the head now receives the whole sequence
                    return "MG0017";
                case "layer-after-head" when _layers[^1].HeadHorizon > 0:
                    _layers.Add(new Layer { Attribute = "Sigmoid", FieldType = "Sigmoid", Name = "after" });
                    return "MG0018";
                case "bad-first-input" when _layers[^1].HeadHorizon > 0 && _layers[^1].FieldType == "AutoregressiveGruHead":
                    Layer head = _layers[^1];
                    head.Attribute = head.Attribute[..head.Attribute.IndexOf(')')].Split(", FirstInput")[0] + ", FirstInput = [99])";
                    return "MG0003";
                case "huge-causal-padding" when target.IsCausal:
                    // dilation·(kernelSize − 1) steps of padding, past the size limit
                    target.Attribute = $"CausalConv1d({target.Input[1]}, 2, 3, Dilation = {(1 << 23) + 1})";
                    return "MG0003";
                case "dropout-out-of-range":
                    // Before a decoding head, which must stay last.
                    _layers.Insert(_layers[^1].HeadHorizon > 0 ? _layers.Count - 1 : _layers.Count,
                        new Layer { Attribute = $"Dropout({Pick("1.5", "-0.1", "double.NaN")})", FieldType = "Dropout", Name = "badDropout" });
                    return "MG0003";
                default:
                    return null;
            }
        }

        public string Render()
        {
            var text = new StringBuilder();
            text.AppendLine("using ModelGen;").AppendLine("using TorchSharp.Modules;").AppendLine();
            text.AppendLine($"namespace {Namespace};").AppendLine();
            if (_nested) text.AppendLine("public class Outer").AppendLine("{");
            else if (_inPartialTypes) text.AppendLine($"{(_fileLocal ? "file" : "public")} static partial class Outer").AppendLine("{").AppendLine("internal partial struct Inner<T>").AppendLine("{");
            string arguments = string.Join(", ", new[] { _noInput ? null : $"Input = {Format(_input)}", _output is null ? null : $"Output = {_output}" }.Where(a => a is not null));
            text.AppendLine($"[Model({arguments})]");
            text.AppendLine($"{(_fileLocal && !_inPartialTypes ? "file" : "public")} {(_abstract ? "abstract " : "")}{(_partial ? "partial " : "")}class M{(_generic ? "<T>" : "")}");
            text.AppendLine("{");
            foreach (Layer layer in _layers)
            {
                var attributes = new List<string>();
                if (layer.Step is not null) attributes.Add(layer.Step);
                if (layer.Attribute.Length > 0) attributes.Add(layer.Attribute);
                attributes.AddRange(layer.Extra);
                text.AppendLine($"    [{string.Join(", ", attributes)}]");
                text.AppendLine($"    private {(layer.Static ? "static " : "")}readonly {layer.FieldType}{(index % 2 == 0 ? "?" : "")} {layer.Name};");
            }
            if (_member is not null) text.AppendLine("    " + _member);
            text.AppendLine("}");
            if (_nested) text.AppendLine("}");
            else if (_inPartialTypes) text.AppendLine("}").AppendLine("}");
            return text.ToString();
        }

        private string Pick(params string[] options) => options[random.Next(options.Length)];
    }

    /// <summary>Makes single layers for an input shape, tracking their output shapes: shared by chains and graphs.</summary>
    private sealed class LayerMaker(Random random)
    {
        /// <summary>Any layer that takes <paramref name="input"/> (no decoding head).</summary>
        public Layer Any(int[] input, string name)
        {
            bool sequence = input.Length == 2;
            if (random.Next(16) == 0) return Simple(input, name, "Identity", null, input);
            if (!sequence && input.Length == 1 && random.Next(8) == 0) return random.Next(3) switch { 0 => MaxPool(input, name), 1 => Interpolate(input, name), _ => Basis(input, name) };
            if (sequence && random.Next(14) == 0) return random.Next(3) == 0 ? Attention(input, name) : Transformer(input, name);
            if (sequence && random.Next(16) == 0) return Patch(input, name);
            if (sequence && random.Next(16) == 0)
                return Simple(input, name, "PositionalEmbedding",
                    $"PositionalEmbedding({input[0]}, {input[1]}{Pick("", ", Encoding = PositionalEncoding.Sinusoidal", ", Frozen = true")})", input);
            return random.Next(sequence ? 13 : 6) switch
            {
                0 or 1 => Linear(input, name),
                2 => Simple(input, name, "LayerNorm", $"LayerNorm({input[^1]})", input),
                3 => Simple(input, name, "Dropout", $"Dropout({(random.Next(10) / 10.0).ToString(CultureInfo.InvariantCulture)})", input),
                4 => Simple(input, name, Pick("ReLU", "Tanh", "GELU", "Sigmoid"), null, input),
                5 => input.Aggregate(1L, (a, d) => a * d) <= 4096 ? Simple(input, name, "Flatten", null, [input.Aggregate(1, (a, d) => a * d)]) : Linear(input, name),
                6 or 7 or 8 => Recurrent(input, name),
                9 => Conv(input, name),
                10 => CausalConv(input, name),
                11 => MovingAverage(input, name),
                _ => TimeLinear(input, name),
            };
        }

        /// <summary>A transformer encoder layer on the sequence's features, with a head count that divides them and random options.</summary>
        public Layer Transformer(int[] input, string name)
        {
            int features = input[1];
            int[] divisors = Enumerable.Range(1, Math.Min(features, 8)).Where(d => features % d == 0).ToArray();
            var options = new List<string> { $"DimFeedforward = {random.Next(1, 17)}" };
            if (random.Next(2) == 0) options.Add("NormFirst = true");
            if (random.Next(2) == 0) options.Add("Causal = true");
            if (random.Next(2) == 0) options.Add("Activation = TransformerActivation.GELU");
            if (random.Next(4) == 0) options.Add("Dropout = 0");
            return new Layer
            {
                Attribute = $"TransformerEncoderLayer({features}, {divisors[random.Next(divisors.Length)]}, {string.Join(", ", options)})",
                FieldType = "TransformerLayer", Name = name, Input = input, Output = input,
            };
        }

        /// <summary>Self-attention on the sequence's features, with a head count that divides them and random options.</summary>
        public Layer Attention(int[] input, string name)
        {
            int features = input[1];
            int[] divisors = Enumerable.Range(1, Math.Min(features, 8)).Where(d => features % d == 0).ToArray();
            var options = new List<string>();
            if (random.Next(2) == 0) options.Add("Causal = true");
            if (random.Next(2) == 0) options.Add("Dropout = 0.1");
            return new Layer
            {
                Attribute = $"MultiheadAttention({features}, {divisors[random.Next(divisors.Length)]}{string.Concat(options.Select(o => ", " + o))})",
                FieldType = "SelfAttention", Name = name, Input = input, Output = input,
            };
        }

        /// <summary>
        /// A fixed N-BEATS basis reading the vector as its coefficients: a trend basis of that many minus one as its degree (when at
        /// most 33 coefficients), or a seasonality basis, whose coefficients are odd, over a length that gives that many.
        /// </summary>
        public Layer Basis(int[] input, string name)
        {
            int coefficients = input[0], length = random.Next(1, 40);
            bool seasonal = coefficients % 2 == 1 && (coefficients > 33 || random.Next(2) == 0);
            if (seasonal)
            {
                // 2·⌊length / 2 − 1⌋ + 1 coefficients: harmonics h from the lengths 2h + 2 and 2h + 3 (and 1 to 3 for none).
                int harmonics = (coefficients - 1) / 2;
                length = harmonics == 0 ? random.Next(1, 4) : 2 * harmonics + 2 + random.Next(2);
                return new Layer { Attribute = $"SeasonalityBasis({length})", FieldType = "Basis", Name = name, Input = input, Output = [length] };
            }
            if (coefficients > 33) return Interpolate(input, name);
            return new Layer { Attribute = $"TrendBasis({coefficients - 1}, {length})", FieldType = "Basis", Name = name, Input = input, Output = [length] };
        }

        /// <summary>Patches no longer than the sequence, with any stride, sometimes end padded.</summary>
        public Layer Patch(int[] input, string name)
        {
            int length = random.Next(1, input[0] + 1), stride = random.Next(1, length + 3);
            bool pad = random.Next(2) == 0;
            int patches = (input[0] - length) / stride + 1 + (pad ? 1 : 0);
            return new Layer
            {
                Attribute = $"Patch({length}, {stride}{(pad ? ", PadEnd = true" : "")})", FieldType = "Patching", Name = name, Input = input,
                Output = [patches, input[1] * length],
            };
        }

        /// <summary>
        /// Max pooling of a vector: a kernel no longer than it, the default stride or one up to the kernel, sometimes in ceil
        /// mode; the length out counts the windows that fit, and in ceil mode one more that runs past the end if they miss its last values.
        /// </summary>
        public Layer MaxPool(int[] input, string name)
        {
            int length = input[0], kernel = random.Next(1, Math.Min(length, 6) + 1);
            int stride = random.Next(0, kernel + 1);
            bool ceil = random.Next(2) == 0;
            int step = stride == 0 ? kernel : stride, windows = 0;
            for (int start = 0; start < length; start += step)
            {
                if (start + kernel <= length)
                {
                    windows++;
                    continue;
                }
                // Ceil mode adds the first window that runs past the end, when the window before it fell short of the end.
                if (ceil && start - step + kernel < length) windows++;
                break;
            }
            string options = (stride == 0 ? "" : $", Stride = {stride}") + (ceil ? ", CeilMode = true" : "");
            return new Layer { Attribute = $"MaxPool1d({kernel}{options})", FieldType = "MaxPool1d", Name = name, Input = input, Output = [windows] };
        }

        /// <summary>Linear interpolation of a vector to 1 to 12 values.</summary>
        public Layer Interpolate(int[] input, string name)
        {
            int size = random.Next(1, 13);
            return new Layer { Attribute = $"Interpolate({size})", FieldType = "Upsample", Name = name, Input = input, Output = [size] };
        }

        /// <summary>A linear map over time: the steps become 1 to 6 others, the features stay.</summary>
        public Layer TimeLinear(int[] input, string name)
        {
            int outSteps = random.Next(1, 7);
            string options = random.Next(4) == 0 ? ", Bias = false" : "";
            return new Layer
            {
                Attribute = $"TimeLinear({input[0]}, {outSteps}{options})", FieldType = "Linear", Name = name, Input = input, Output = [outSteps, input[1]],
            };
        }

        /// <summary>A centred moving average: an odd kernel no longer than the sequence, which keeps its shape.</summary>
        public Layer MovingAverage(int[] input, string name)
        {
            int longest = input[0] % 2 == 1 ? input[0] : input[0] - 1;
            int kernel = 2 * random.Next(0, (Math.Min(longest, 9) + 1) / 2) + 1;
            return Simple(input, name, "AvgPool1d", $"MovingAverage({kernel})", input);
        }

        /// <summary>An Output for a model whose last layer emits <paramref name="shape"/>: none, the shape, or the same values in another shape.</summary>
        public static int[] ChooseOutput(Random random, int[] shape)
        {
            long values = shape.Aggregate(1L, (a, d) => a * d);
            return random.Next(3) switch
            {
                0 => [],
                1 => shape,
                _ => values % 2 == 0 && values > 2 ? [2, (int)(values / 2)] : [(int)values],
            };
        }

        public Layer Linear(int[] input, string name, int? width = null)
        {
            int outFeatures = width ?? random.Next(1, 9);
            string bias = random.Next(4) == 0 ? ", Bias = false" : "";
            return new Layer
            {
                Attribute = $"Linear({input[^1]}, {outFeatures}{bias})", FieldType = "Linear", Name = name, Input = input,
                Output = [.. input[..^1], outFeatures],
                WithFirstSize = n => $"Linear({n}, {outFeatures}{bias})",
            };
        }

        /// <summary>A decoding head on a vector: autoregressive or DirRec.</summary>
        public Layer Head(int[] input, string name, int features)
        {
            int values = random.Next(1, 4), horizon = random.Next(1, 7);
            if (random.Next(2) == 0)
            {
                string first = features > 0 && random.Next(2) == 0
                    ? ", FirstInput = [" + string.Join(", ", Enumerable.Range(0, values).Select(_ => random.Next(features))) + "]" : "";
                return new Layer
                {
                    Attribute = $"AutoregressiveGru({input[0]}, {values}, {horizon}{first})", FieldType = "AutoregressiveGruHead", Name = name,
                    Input = input, Output = [horizon, values], WithFirstSize = n => $"AutoregressiveGru({n}, {values}, {horizon}{first})",
                    HeadHorizon = horizon,
                };
            }
            return new Layer
            {
                Attribute = $"DirRec({input[0]}, {values}, {horizon})", FieldType = "DirRecHead", Name = name,
                Input = input, Output = [horizon, values], WithFirstSize = n => $"DirRec({n}, {values}, {horizon})",
                HeadHorizon = horizon,
            };
        }

        public Layer Recurrent(int[] input, string name)
        {
            string kind = Pick("Gru", "Lstm", "Rnn");
            int hidden = random.Next(1, 9), layers = random.Next(1, 3);
            bool bidirectional = random.Next(3) == 0;
            string options = (layers > 1 ? $", NumLayers = {layers}" : "") + (bidirectional ? ", Bidirectional = true" : "")
                           + (kind == "Rnn" && random.Next(2) == 0 ? ", Nonlinearity = RnnNonlinearity.Relu" : "")
                           + (random.Next(5) == 0 ? ", Frozen = true" : "");
            return new Layer
            {
                Attribute = $"{kind}({input[1]}, {hidden}{options})", FieldType = kind.ToUpperInvariant(), Name = name, Input = input,
                Output = [input[0], (bidirectional ? 2 : 1) * hidden], IsRecurrent = true,
                WithFirstSize = n => $"{kind}({n}, {hidden}{options})",
            };
        }

        public Layer Conv(int[] input, string name)
        {
            int steps = input[0], channels = input[1];
            int groups = channels % 2 == 0 && random.Next(2) == 0 ? 2 : 1;
            int outChannels = groups * random.Next(1, 5);
            int kernel = random.Next(1, Math.Min(steps, 4) + 1), stride = random.Next(1, 3), padding = random.Next(0, 2), dilation = random.Next(1, 3);
            if (steps + 2 * padding - dilation * (kernel - 1) - 1 < 0) (kernel, dilation) = (1, 1);
            // The fuzzer's own copy of PyTorch's output-length formula.
            int length = (steps + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
            string options = $", Stride = {stride}, Padding = {padding}, Dilation = {dilation}, Groups = {groups}";
            return new Layer
            {
                Attribute = $"Conv1d({channels}, {outChannels}, {kernel}{options})", FieldType = "Conv1d", Name = name, Input = input,
                Output = [length, outChannels], IsConv = true, Groups = groups,
                WithFirstSize = n => $"Conv1d({n}, {outChannels}, {kernel}{options})",
            };
        }

        /// <summary>A causal convolution: left padding only, so the sequence keeps its length.</summary>
        public Layer CausalConv(int[] input, string name)
        {
            int channels = input[1];
            int groups = channels % 2 == 0 && random.Next(2) == 0 ? 2 : 1;
            int outChannels = groups * random.Next(1, 5);
            int kernel = random.Next(1, 5), dilation = random.Next(1, 4);
            string options = (dilation > 1 ? $", Dilation = {dilation}" : "") + (groups > 1 ? $", Groups = {groups}" : "")
                           + (random.Next(4) == 0 ? ", Bias = false" : "") + (random.Next(5) == 0 ? ", Frozen = true" : "");
            return new Layer
            {
                Attribute = $"CausalConv1d({channels}, {outChannels}, {kernel}{options})", FieldType = "Conv1d", Name = name, Input = input,
                Output = [input[0], outChannels], IsConv = true, IsCausal = true, Groups = groups,
                WithFirstSize = n => $"CausalConv1d({n}, {outChannels}, {kernel}{options})",
            };
        }

        public static Layer Simple(int[] input, string name, string type, string? attribute, int[] output) =>
            new() { Attribute = attribute ?? type, FieldType = type, Name = name, Input = input, Output = output };

        public string Pick(params string[] options) => options[random.Next(options.Length)];
    }

    private static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
