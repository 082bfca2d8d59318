using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ModelGen.Generators.Tests.Robustness;

/// <summary>What a graph fault needs the valid declaration it is injected into to have.</summary>
[Flags]
internal enum GraphNeeds
{
    None = 0,
    Named = 1,
    Categorical = 2 | Named,
    Sequence = 4,
    Block = 8,
}

internal sealed partial class DeclarationFuzzer
{
    /// <summary>Faults injected into graphs, each with what the graph must have for it to apply. Their IDs are in <see cref="GraphModel.Inject"/>.</summary>
    internal static readonly Dictionary<string, GraphNeeds> GraphFaults = new()
    {
        // MG0019: names in [From]
        ["from-unknown"] = GraphNeeds.None,
        ["from-later"] = GraphNeeds.None,
        ["from-self"] = GraphNeeds.None,
        ["from-empty"] = GraphNeeds.None,
        ["named-first-without-from"] = GraphNeeds.Named,
        ["from-ambiguous"] = GraphNeeds.Named,
        ["block-from-outer"] = GraphNeeds.Block,
        // MG0020: sources that do not join
        ["concat-steps-differ"] = GraphNeeds.Sequence,
        ["add-shapes-differ"] = GraphNeeds.None,
        ["concat-rank3"] = GraphNeeds.Named,
        ["bad-merge"] = GraphNeeds.None,
        ["concat-too-wide"] = GraphNeeds.Named,
        // MG0021: the inputs record
        ["inputs-not-record"] = GraphNeeds.Named,
        ["inputs-not-tensor"] = GraphNeeds.Named,
        ["inputs-no-attribute"] = GraphNeeds.Named,
        ["inputs-both-attributes"] = GraphNeeds.Named,
        ["inputs-bad-shape"] = GraphNeeds.Named,
        ["inputs-bad-categories"] = GraphNeeds.Named,
        ["input-and-inputs"] = GraphNeeds.Named,
        ["inputs-generic"] = GraphNeeds.Named,
        ["inputs-less-accessible"] = GraphNeeds.Named,
        ["inputs-empty"] = GraphNeeds.Named,
        ["inputs-not-a-type"] = GraphNeeds.Named,
        ["inputs-file-local"] = GraphNeeds.Named,
        // MG0022: categorical inputs and embeddings
        ["categorical-into-layer"] = GraphNeeds.Categorical,
        ["embedding-reads-floats"] = GraphNeeds.None,
        ["embedding-too-small"] = GraphNeeds.Categorical,
        ["categorical-joined"] = GraphNeeds.Categorical,
        ["categorical-into-block"] = GraphNeeds.Categorical,
        ["step-on-categorical"] = GraphNeeds.Categorical, // MG0008
        // MG0023: blocks
        ["block-not-partial"] = GraphNeeds.None,
        ["block-generic"] = GraphNeeds.None,
        ["block-abstract"] = GraphNeeds.None,
        ["block-base"] = GraphNeeds.None,
        ["block-nested"] = GraphNeeds.None,
        ["block-file-local"] = GraphNeeds.None,
        ["block-self"] = GraphNeeds.None,
        ["block-cycle"] = GraphNeeds.None,
        ["block-constructor"] = GraphNeeds.None,
        ["block-forward"] = GraphNeeds.None,
        ["block-downsample-member"] = GraphNeeds.None,
        ["block-layer-attribute"] = GraphNeeds.Block,
        ["block-empty"] = GraphNeeds.None,
        ["block-split"] = GraphNeeds.None,
        ["block-too-deep"] = GraphNeeds.None,
        ["block-too-many-uses"] = GraphNeeds.None,
        ["head-in-block"] = GraphNeeds.None, // MG0018
        // MG0024: residual bodies
        ["residual-changes-steps"] = GraphNeeds.Sequence,
        // MG0025 and MG0011: [With]
        ["with-unknown-const"] = GraphNeeds.Block,
        ["with-wrong-type"] = GraphNeeds.Block,
        ["with-twice"] = GraphNeeds.Block,
        ["with-on-layer-field"] = GraphNeeds.None,
        ["with-on-plain-field"] = GraphNeeds.None,
        ["with-uncomputable"] = GraphNeeds.Block,
        ["with-inner-uncomputable"] = GraphNeeds.None,
        ["derived-const-uncomputable"] = GraphNeeds.Block,
        // MG0026: layers on two files
        ["model-split"] = GraphNeeds.None,
        // older IDs in graphs
        ["join-mismatch"] = GraphNeeds.None,          // MG0001
        ["block-inner-mismatch"] = GraphNeeds.Block,  // MG0001
        ["join-step-out-of-range"] = GraphNeeds.Sequence, // MG0013
    };

    /// <summary>What valid graph declarations must show, over a run of the default size.</summary>
    internal static readonly string[] GraphFeatures =
    [
        "named-inputs", "single-input", "categorical", "positional-record", "nominal-record", "record-struct", "derived-record",
        "concat", "concat-vector-sequence", "add", "subtract", "add-vector-sequence", "repeated-source", "skip", "step-after-join", "block", "residual", "downsample",
        "channels-first-block", "nested-2", "nested-3", "with-pass-down", "arithmetic", "derived-const", "double-const", "bool-const",
        "shared-use", "several-variants", "dead-layer", "dead-block-field", "unused-input", "decoding-head", "unusual-name", "block-skip",
        "auto-property", "nested-model", "block-in-partial-type", "forward-const", "conditional", "frozen-in-block",
        "companion-models", "unusual-property-name", "unusual-block-field-name",
    ];

    /// <summary>A value a node can read: an input, or a node's output.</summary>
    private sealed class Value
    {
        public required string Name;
        public required string Ref;     // as [From] names it
        public required int[] Shape;
        public int? Categories;
        public bool IsInput;
        public bool Dead;               // left unread on purpose
        public bool Unused;             // an input left unread on purpose
        public bool IsHeadOutput;       // a decoding head's: faults add their layers before it, so they cannot read it
        public int Reads;
        public int Rank => Shape.Length;
    }

    /// <summary>A property of the inputs record.</summary>
    private sealed class InputProperty
    {
        public required string Name;
        public int[]? Shape;
        public int? Categories;
        public string Type = "TorchSharp.torch.Tensor";
        public List<string> Attributes = [];

        public string AttributeText => string.Join(", ", Attributes);
    }

    /// <summary>A field of the model: a layer or a use of a block.</summary>
    private sealed class Node
    {
        public required string Name;        // as C# writes it (with @ for a keyword)
        public required string FieldType;
        public string? Attribute;           // the layer attribute, or null for a block
        public BlockTemplate? Block;
        public List<(string Const, string Value, bool Literal)> With = [];   // Const is written as nameof(Block.Const), or as a string when Literal
        public Dictionary<string, object> Overrides = [];
        public List<string>? From;          // rendered names
        public string? Merge;               // rendered Merge value
        public string? Step;
        public List<string> Extra = [];
        public int[] Input = [];
        public int[] Output = [];
        public bool Dead;
        public int HeadHorizon;
        public bool SecondFile;
        public bool Nullable;
        public Value? Out;
        public Func<int, string>? WithFirstSize;
        public bool IsEmbedding;
        public int Categories;              // the categorical input an embedding reads
        public bool Property;               // declared on an auto-property: [field: ...] public T Name { get; }
    }

    private sealed class GraphModel(Random random, int index)
    {
        private static readonly string[] PropertyNames = ["Past", "Future", "Store", "Weather", "Calendar", "Price", "Region", "Promo", "Series", "Sensor"];
        private static readonly string[] UnusualNames = ["x", "scope", "inputs", "h", "output", "result", "state", "value", "shape", "batchSize", "y", "@event", "@class", "stepTargets", "feedback", "teacherForcingRatio", "w", "r", "b", "fed", "steps", "cell", "g", "summary"];

        private readonly LayerMaker _maker = new(random);
        private readonly List<InputProperty> _properties = [];
        private readonly List<Value> _values = [];
        private readonly List<Node> _nodes = [];
        private readonly List<BlockTemplate> _templates = [];
        private readonly HashSet<string> _features = [];
        private readonly HashSet<string> _expectedWarnings = [];
        private readonly List<string> _alsoAllowed = [];
        private readonly List<string> _members = [];
        private readonly List<string> _extraTypes = [];
        private bool _named, _literalInputs, _multiOutput, _forceExplicit;
        private int[] _input = [];
        private int[] _output = [];
        private string _recordStyle = "positional";
        private string _recordName = "R";
        private string _recordAccess = "public";
        private string? _recordKind;        // a fault's replacement for "record"
        private bool _recordGeneric, _recordEmpty, _inputAndInputs;
        private string? _recordTypeOverride; // what typeof(...) names instead of the record
        private int _templateCount, _nodeCount;
        private string[] _containers = random.Next(6) switch
        {
            0 => ["public static partial class Outer"],
            1 => ["public partial class Outer<T>", "internal partial struct Inner"],
            _ => [],
        };

        public string Namespace => $"Fuzz.C{index}";

        private string RecordRef => _recordName + (_recordGeneric ? "<int>" : "");

        private bool EndsWithDecodingHead => _nodes.Count > 0 && _nodes[^1].HeadHorizon >= 2;

        public FuzzCase Case(string? fault, string? expected)
        {
            if (fault is null && random.Next(5) == 0) AddCompanions();
            (string main, string? second) = Render();
            bool mayWarn = !_multiOutput && _output.Length >= 2 && _output[0] >= 2 && !EndsWithDecodingHead;
            return new FuzzCase(index, Namespace, second is null ? [main] : [main, second], fault, expected, EndsWithDecodingHead,
                Graph: true, ExpectedWarnings: [.. _expectedWarnings.Order()], MayWarnUnconditioned: mayWarn, AlsoAllowed: [.. _alsoAllowed],
                Features: [.. _features]);
        }

        /// <summary>Other models that use the same blocks (each names its uses after itself), in another file.</summary>
        private readonly List<string> _companions = [];

        /// <summary>
        /// One or two more models using a block M uses, as M uses it: <c>Two_Part</c> beside M and, now and then, <c>Part</c>
        /// in the namespace <c>Two</c> below, whose full names differ only in a dot and an underscore.
        /// </summary>
        private void AddCompanions()
        {
            Node[] uses = _nodes.Where(n => n.Block is not null && !n.Dead).ToArray();
            if (uses.Length == 0) return;
            string Model(Node use, string name)
            {
                string with = string.Concat(use.With.Select(w => $"[With({(w.Literal ? $"\"{w.Const}\"" : use.Block!.ConstRef(w.Const))}, {w.Value.Replace("$block", use.Block!.TypeRef)})] "));
                return $"[Model(Input = {Format(use.Input)})]\npublic partial class {name}\n{{\n    {with}private readonly global::{Namespace}.{use.Block!.TypeRef} block;\n}}\n";
            }
            _companions.Add($"namespace {Namespace}\n{{\n{Model(uses[random.Next(uses.Length)], "Two_Part")}}}\n");
            if (random.Next(2) == 0) _companions.Add($"namespace {Namespace}.Two\n{{\n{Model(uses[random.Next(uses.Length)], "Part")}}}\n");
            _features.Add("companion-models");
        }

        // ---------------------------------------------------------------- building a valid graph

        public void Build(GraphNeeds needs)
        {
            if (_containers.Length > 0) _features.Add("nested-model");
            _named = (needs & GraphNeeds.Named) != 0 || random.Next(2) == 0;
            _literalInputs = random.Next(3) == 0;
            _multiOutput = random.Next(4) == 0;
            if (_named) BuildRecord(needs);
            else BuildSingleInput(needs);

            foreach (Value categorical in _values.Where(v => v.Categories is not null && !v.Unused).ToList()) AddEmbedding(categorical);
            int count = random.Next(1, 6);
            for (int i = 0; i < count; i++) AddNode((needs & GraphNeeds.Block) != 0 && !_nodes.Any(n => n.Block is not null));
            if ((needs & GraphNeeds.Block) != 0 && !_nodes.Any(n => n.Block is not null && !n.Dead)) AddNode(needBlock: true, forceBlock: true);
            Collect();
            if (_nodes[^1].Output.Length == 1 && random.Next(5) == 0) AddHead();
            _output = LayerMaker.ChooseOutput(random, _nodes[^1].Output);
            NoteBlockFeatures();
        }

        private void BuildRecord(GraphNeeds needs)
        {
            _features.Add("named-inputs");
            _recordStyle = random.Next(6) switch { 0 or 1 or 2 => "positional", 3 => "nominal", 4 => "struct", _ => "derived" };
            _features.Add(_recordStyle switch { "positional" => "positional-record", "nominal" => "nominal-record", "struct" => "record-struct", _ => "derived-record" });
            int count = random.Next(1, 5);
            for (int i = 0; i < count; i++)
            {
                int kind = random.Next(20);
                if (kind < 5) AddCategoricalProperty(random.Next(1, 31));
                else AddShapeProperty(kind < 15 ? [random.Next(1, 11), random.Next(1, 9)] : kind < 19 ? [random.Next(1, 9)] : [random.Next(1, 4), random.Next(1, 4), random.Next(1, 4)]);
            }
            if ((needs & GraphNeeds.Categorical) == GraphNeeds.Categorical && !_values.Any(v => v.Categories >= 2)) AddCategoricalProperty(random.Next(2, 31));
            if ((needs & GraphNeeds.Sequence) != 0 && !_values.Any(v => v.Rank == 2)) AddShapeProperty([random.Next(1, 11), random.Next(1, 9)]);
            if (random.Next(10) == 0)
            {
                // An input no layer reads: MG1002.
                Value unused = random.Next(3) == 0 ? AddCategoricalProperty(random.Next(1, 9)) : AddShapeProperty([random.Next(1, 6), random.Next(1, 5)]);
                unused.Unused = true;
                _expectedWarnings.Add("MG1002");
                _features.Add("unused-input");
            }
        }

        private Value AddShapeProperty(int[] shape, string? named = null)
        {
            string name = named ?? NewPropertyName();
            _properties.Add(new InputProperty { Name = name, Shape = shape, Attributes = { $"Shape({string.Join(", ", shape)})" } });
            var value = new Value { Name = name, Ref = InputRef(name), Shape = shape, IsInput = true };
            _values.Add(value);
            return value;
        }

        private Value AddCategoricalProperty(int categories)
        {
            string name = NewPropertyName();
            _properties.Add(new InputProperty { Name = name, Categories = categories, Attributes = { $"Categorical({categories})" } });
            var value = new Value { Name = name, Ref = InputRef(name), Shape = [], Categories = categories, IsInput = true };
            _values.Add(value);
            _features.Add("categorical");
            return value;
        }

        private static readonly string[] UnusualPropertyNames = ["input", "inputs", "x", "scope", "@event", "@class", "Summary", "Horizon", "value"];

        private string NewPropertyName()
        {
            // Never a field's name too (a fault adds properties after the fields): [From] would find both.
            bool Free(string n) => _properties.All(p => Plain(p.Name) != Plain(n)) && _nodes.All(m => Plain(m.Name) != Plain(n));
            string[] unusual = UnusualPropertyNames.Where(Free).ToArray();
            if (random.Next(15) == 0 && unusual.Length > 0)
            {
                _features.Add("unusual-property-name");
                return unusual[random.Next(unusual.Length)];
            }
            string[] free = PropertyNames.Where(Free).ToArray();
            return free.Length > 0 ? free[random.Next(free.Length)] : "Extra" + _properties.Count;
        }

        /// <summary>An input as [From] names it: resolved when the declaration is written, as faults may change the record.</summary>
        private static string InputRef(string name) => "$in:" + name;

        private string RenderRef(string reference) =>
            !reference.StartsWith("$in:", StringComparison.Ordinal) ? reference
            : _literalInputs || _recordEmpty ? $"\"{Plain(reference[4..])}\"" : $"nameof({RecordRef}.{reference[4..]})";

        private void BuildSingleInput(GraphNeeds needs)
        {
            _features.Add("single-input");
            int rank = (needs & GraphNeeds.Sequence) != 0 ? 2 : random.Next(10) switch { 0 => 1, 1 => 3, _ => 2 };
            _input = rank switch { 1 => [random.Next(1, 9)], 2 => [random.Next(1, 11), random.Next(1, 9)], _ => [random.Next(1, 5), random.Next(1, 5), random.Next(1, 5)] };
            _values.Add(new Value { Name = "input", Ref = random.Next(2) == 0 ? "\"input\"" : "FromAttribute.Input", Shape = _input, IsInput = true });
        }

        private string NewNodeName()
        {
            _nodeCount++;
            if (random.Next(12) == 0)
            {
                string[] candidates = UnusualNames.Concat(_nodes.Where(n => n.Block is not null).SelectMany(n => new[] { Plain(n.Name) + "Input", Plain(n.Name) + "Body" }))
                    .Where(n => _nodes.All(m => m.Name != n) && _properties.All(p => Plain(p.Name) != Plain(n))).ToArray();
                if (candidates.Length > 0)
                {
                    _features.Add("unusual-name");
                    return candidates[random.Next(candidates.Length)];
                }
            }
            return $"f{_nodeCount}";
        }

        private static string Plain(string name) => name.TrimStart('@');

        private string NodeRef(string name) => random.Next(4) == 0 ? $"\"{Plain(name)}\"" : $"nameof({name})";

        private List<Value> Live => _values.Where(v => !v.Dead && !v.Unused && !v.IsHeadOutput && v.Categories is null).ToList();

        private Value? Previous => _nodes.Count > 0 ? (_nodes[^1].Dead ? null : _nodes[^1].Out) : _named ? null : _values[0];

        private void AddEmbedding(Value categorical)
        {
            int rows = categorical.Categories!.Value + random.Next(0, 3), dim = random.Next(1, 7);
            string name = NewNodeName();
            var node = new Node
            {
                Name = name, FieldType = "Embedding", Attribute = $"Embedding({rows}, {dim}{(random.Next(5) == 0 ? ", Frozen = true" : "")})",
                From = [categorical.Ref], Input = [], Output = [dim], IsEmbedding = true, Categories = categorical.Categories.Value,
            };
            categorical.Reads++;
            Add(node);
        }

        /// <summary>Adds a node reading the previous node, or named values joined, maybe one step of them, with a layer or a block.</summary>
        private void AddNode(bool needBlock, bool forceBlock = false)
        {
            bool mustName = _forceExplicit || Previous is null;
            _forceExplicit = false;
            List<Value> live = Live;
            if (live.Count == 0 && Previous is null) return;
            List<Value> sources;
            string? merge = null;
            bool named = true;
            int mode = random.Next(20);
            if (!mustName && mode < 9)
            {
                sources = [Previous!];
                named = random.Next(6) == 0; // sometimes names the previous node anyway
            }
            else if (mode < 14 || live.Count == 0) sources = [live.Count > 0 ? live[random.Next(live.Count)] : Previous!];
            else if (mode < 18) sources = ChooseConcat(live);
            else
            {
                sources = ChooseAdd(live);
                if (sources.Count > 1) merge = random.Next(3) == 0 ? "Merge.Subtract" : "Merge.Add";
            }
            int[] x = Shapes.Join(sources.Select(s => s.Shape).ToList(), merge is not null)!;
            if (sources.Count > 1)
            {
                _features.Add(merge is null ? "concat" : merge == "Merge.Add" ? "add" : "subtract");
                if (merge is not null && sources.Any(s => s.Rank == 1) && sources.Any(s => s.Rank == 2)) _features.Add("add-vector-sequence");
                if (merge is null && sources.Any(s => s.Rank == 1) && sources.Any(s => s.Rank == 2)) _features.Add("concat-vector-sequence");
                if (sources.Distinct().Count() < sources.Count) _features.Add("repeated-source");
            }
            if (sources.Any(s => s != Previous)) _features.Add("skip");
            string? step = null;
            int[] input = x;
            if (x.Length >= 2 && random.Next(4) == 0)
            {
                int k = random.Next(-x[0], x[0]);
                step = k == -1 && random.Next(2) == 0 ? "LastStep" : $"Step({k})";
                input = x[1..];
                if (sources.Count > 1) _features.Add("step-after-join");
            }
            string name = NewNodeName();
            Node? node = null;
            if (forceBlock || (needBlock || random.Next(4) == 0)) node = BlockUse(input, name);
            if (node is null)
            {
                Layer layer = _maker.Any(input, name);
                node = new Node { Name = name, FieldType = layer.FieldType, Attribute = layer.Attribute, Output = layer.Output, WithFirstSize = layer.WithFirstSize };
            }
            node.Input = input;
            node.Step = step;
            node.From = named ? sources.Select(s => s.Ref).ToList() : null;
            node.Merge = merge;
            foreach (Value source in sources) source.Reads++;
            if (_nodes.Count > 0 && !forceBlock && random.Next(12) == 0)
            {
                // A layer nothing reads (not the last): MG1003.
                node.Dead = true;
                _forceExplicit = true;
                _expectedWarnings.Add("MG1003");
                _features.Add("dead-layer");
            }
            Add(node);
        }

        private void Add(Node node)
        {
            node.Nullable = random.Next(3) == 0;
            node.Property = random.Next(8) == 0;
            if (node.Property) _features.Add("auto-property");
            node.Out = new Value { Name = Plain(node.Name), Ref = NodeRef(node.Name), Shape = node.Output, Dead = node.Dead };
            _values.Add(node.Out);
            _nodes.Add(node);
        }

        /// <summary>Two or three values that join on features: vectors, and sequences with one number of steps.</summary>
        private List<Value> ChooseConcat(List<Value> live)
        {
            Value[] joinable = live.Where(v => v.Rank is 1 or 2).ToArray();
            if (joinable.Length == 0) return [live[random.Next(live.Count)]];
            var chosen = new List<Value> { joinable[random.Next(joinable.Length)] };
            int more = random.Next(1, 3);
            for (int i = 0; i < more; i++)
            {
                int? steps = chosen.FirstOrDefault(v => v.Rank == 2)?.Shape[0];
                Value[] fits = joinable.Where(v => v.Rank == 1 || steps is null || v.Shape[0] == steps).ToArray();
                Value next = fits[random.Next(fits.Length)];
                if (chosen.Contains(next) && random.Next(3) != 0) continue; // a source named twice, now and then
                chosen.Add(next);
            }
            return chosen.Count > 1 ? chosen : [chosen[0], chosen[0]];
        }

        /// <summary>Two or three values of one shape, to sum.</summary>
        private List<Value> ChooseAdd(List<Value> live)
        {
            // Now and then a sequence and vectors of its width, which are repeated over its steps.
            Value[] sequences = live.Where(v => v.Rank == 2).ToArray();
            if (sequences.Length > 0 && random.Next(3) == 0)
            {
                Value sequence = sequences[random.Next(sequences.Length)];
                Value[] vectors = live.Where(v => v.Rank == 1 && v.Shape[0] == sequence.Shape[1]).ToArray();
                if (vectors.Length > 0)
                {
                    Value vector = vectors[random.Next(vectors.Length)];
                    return random.Next(2) == 0 ? [sequence, vector] : [vector, sequence];
                }
            }
            IGrouping<string, Value>[] groups = live.GroupBy(v => Shapes.Key(v.Shape)).Where(g => g.Count() >= 2).ToArray();
            if (groups.Length == 0 || random.Next(6) == 0)
            {
                Value only = live[random.Next(live.Count)];
                return [only, only];
            }
            Value[] group = groups[random.Next(groups.Length)].ToArray();
            return group.OrderBy(_ => random.Next()).Take(random.Next(2, Math.Min(group.Length, 3) + 1)).ToList();
        }

        /// <summary>Makes every value that nothing reads (but the last node) read: joined by one last node, after reducing those that do not join.</summary>
        private void Collect()
        {
            List<Value> dangling = _values.Where(v => !v.Dead && !v.Unused && v.Categories is null && v.Reads == 0).ToList();
            bool lastIsDead = _nodes.Count > 0 && _nodes[^1].Dead;
            if (_nodes.Count > 0 && !lastIsDead && dangling.Count == 1 && dangling[0] == _nodes[^1].Out) return;
            if (dangling.Count == 0) dangling = [Live[^1]];

            int? steps = dangling.FirstOrDefault(v => v.Rank == 2)?.Shape[0];
            var joined = new List<Value>();
            foreach (Value value in dangling)
            {
                if (value.Rank == 1 || (value.Rank == 2 && value.Shape[0] == steps))
                {
                    joined.Add(value);
                    continue;
                }
                // Reduce it to a vector: the last step through a Linear, or everything flattened.
                string name = NewNodeName();
                int width = random.Next(1, 9);
                Node reducer = value.Rank == 2
                    ? new Node { Name = name, FieldType = "Linear", Attribute = $"Linear({value.Shape[1]}, {width})", Step = "LastStep", Input = value.Shape[1..], Output = [width] }
                    : new Node { Name = name, FieldType = "Flatten", Attribute = "Flatten", Input = value.Shape, Output = [value.Shape.Aggregate(1, (a, d) => a * d)] };
                reducer.From = [value.Ref];
                value.Reads++;
                Add(reducer);
                joined.Add(reducer.Out!);
            }
            int[] x = Shapes.Join(joined.Select(v => v.Shape).ToList(), add: false)!;
            if (joined.Count > 1) _features.Add("concat");
            string collectorName = NewNodeName();
            Node collector = random.Next(5) == 0 ? BlockUse(x, collectorName) ?? LinearNode(x, collectorName) : LinearNode(x, collectorName);
            collector.Input = x;
            collector.From = joined.Select(v => v.Ref).ToList();
            foreach (Value value in joined) value.Reads++;
            Add(collector);
        }

        private Node LinearNode(int[] x, string name)
        {
            Layer layer = random.Next(3) == 0 ? _maker.Any(x, name) : _maker.Linear(x, name);
            return new Node { Name = name, FieldType = layer.FieldType, Attribute = layer.Attribute, Output = layer.Output, WithFirstSize = layer.WithFirstSize };
        }

        private void AddHead()
        {
            string name = NewNodeName();
            Layer head = _maker.Head(_nodes[^1].Output, name, !_named && _input.Length is 1 or 2 ? _input[^1] : 0);
            var node = new Node { Name = name, FieldType = head.FieldType, Attribute = head.Attribute, Output = head.Output, Input = _nodes[^1].Output, HeadHorizon = head.HeadHorizon };
            _nodes[^1].Out!.Reads++;
            Add(node);
            node.Out!.IsHeadOutput = true;
            _features.Add("decoding-head");
        }

        // ---------------------------------------------------------------- blocks

        /// <summary>A use of a block on <paramref name="input"/>: an existing block class that fits, or a new one; null when none fits.</summary>
        private Node? BlockUse(int[] input, string name, Func<BlockTemplate>? make = null)
        {
            if (input.Length == 0) return null;
            for (int attempt = 0; attempt < 4; attempt++)
            {
                BlockTemplate[] fitting = _templates.Where(t => t.Accepts(input.Length) && !IsFaulty(t)).ToArray();
                BlockTemplate template = make is not null ? make()
                    : fitting.Length > 0 && random.Next(2) == 0 ? fitting[random.Next(fitting.Length)]
                    : NewTemplate(1, input.Length == 2 ? (BlockFamily)random.Next(3) : BlockFamily.Dense);
                if (!template.Accepts(input.Length)) continue;
                if (make is null && _nodes.LastOrDefault(n => n.Block == template && !n.Dead && Shapes.Key(n.Input) == Shapes.Key(input)) is { } twin && random.Next(2) == 0)
                    return new Node { Name = name, FieldType = template.TypeRef, Block = template, With = [.. twin.With], Overrides = new(twin.Overrides), Output = twin.Output, Input = input };
                (Dictionary<string, object> overrides, List<(string, string, bool)> with) = ChooseOverrides(template, input);
                if (template.Evaluate(input, overrides) is not { } output) continue;
                return new Node { Name = name, FieldType = template.TypeRef, Block = template, With = with, Overrides = overrides, Output = output, Input = input };
            }
            return null;
        }

        private static bool IsFaulty(BlockTemplate t) => t.Special || t.NotPartial || t.Generic || t.Abstract || t.Based || t.InHolder || t.FileLocal || t.ExtraMembers.Count > 0;

        /// <summary>The [With]s of one use: In set to the input's width (unless it already is), other consts now and then.</summary>
        private (Dictionary<string, object> Overrides, List<(string, string, bool)> With) ChooseOverrides(BlockTemplate t, int[] input)
        {
            var overrides = new Dictionary<string, object>();
            var with = new List<(string, string, bool)>();
            void Set(string name, object value, string? text = null)
            {
                overrides[name] = value;
                with.Add((name, text ?? BlockTemplate.Literal(value), random.Next(6) == 0));
            }
            if (!(t.Const("In")!.Value is int declared && declared == input[^1] && random.Next(2) == 0)) Set("In", input[^1]);
            foreach (ConstDecl c in t.FreeInts.ToList())
            {
                if (random.Next(3) != 0) continue;
                if (random.Next(8) == 0 && c.Value is int v && v + 1 <= c.Max)
                {
                    Set(c.Name, v + 1, $"$block.{c.Name} + 1"); // an expression of the block's declared const
                    _features.Add("arithmetic");
                }
                else Set(c.Name, random.Next(c.Min, c.Max + 1));
            }
            foreach (ConstDecl c in t.Consts.Where(c => c.Initializer is not null && c.Name != "In").ToList())
            {
                if (random.Next(10) == 0) Set(c.Name, random.Next(c.Min, c.Max + 1));
            }
            if (t.Const("P") is { } p && random.Next(4) == 0)
            {
                if (random.Next(2) == 0) Set("P", 0, "0"); // an int for a double const is widened
                else Set("P", 0.5);
            }
            if (t.Const("UseBias") is { } bias && random.Next(4) == 0) Set("UseBias", !(bool)bias.Value);
            if (random.Next(3) == 0) with.Reverse();
            return (overrides, with);
        }

        private BlockTemplate NewTemplate(int level, BlockFamily family, bool? residual = null, bool forceInner = false, bool denseOnly = false)
        {
            if (denseOnly) family = BlockFamily.Dense;
            var t = new BlockTemplate { Name = $"B{_templateCount++}", Family = family, Level = level, ConstsOnOneLine = random.Next(3) == 0, InLib = random.Next(6) == 0 };
            t.Residual = residual ?? random.Next(2) == 0;
            t.ResidualText = t.Residual ? "(Residual = true)" : random.Next(3) == 0 ? "(Residual = false)" : "";
            t.NeedsSequence = family != BlockFamily.Dense;
            t.Consts.Add(new ConstDecl { Name = "In", Value = random.Next(1, 9) });
            if (random.Next(2) == 0) t.Consts.Add(new ConstDecl { Name = "Hidden", Value = random.Next(1, 9) });
            if (random.Next(3) == 0)
            {
                Expr init = random.Next(4) switch
                {
                    0 => Expr.Bin('*', Expr.Ref("In"), Expr.Lit(2)),
                    1 => Expr.Bin('+', Expr.Ref("In"), Expr.Lit(1)),
                    2 when t.Const("Hidden") is not null => Expr.Bin('+', Expr.Ref("In"), Expr.Ref("Hidden")),
                    _ => Expr.Bin('/', Expr.Bin('+', Expr.Ref("In"), Expr.Lit(1)), Expr.Lit(2)),
                };
                var wide = new ConstDecl { Name = "Wide", Initializer = init };
                // C# lets a const read one declared after it: ModelGen must compute them in the right order.
                if (random.Next(3) == 0) t.Consts.Insert(0, wide);
                else t.Consts.Add(wide);
                if (random.Next(3) == 0) t.Consts.Insert(random.Next(t.Consts.Count + 1), new ConstDecl { Name = "Wider", Initializer = Expr.Bin('+', Expr.Ref("Wide"), Expr.Lit(1)) });
            }
            if (random.Next(4) == 0) t.Consts.Add(new ConstDecl { Name = "P", Type = "double", Value = random.Next(1, 5) / 10.0 });
            if (random.Next(4) == 0) t.Consts.Add(new ConstDecl { Name = "UseBias", Type = "bool", Value = random.Next(2) == 0 });
            _templates.Add(t);

            // The fuzzer's account of each value in the body: its width (in the block's consts), whether it is a vector
            // (a step selected), and how many strided convolutions it went through (sequences with as many have as many steps).
            Expr w = Expr.Ref("In");
            bool reduced = false;
            int halvings = 0;
            var values = new List<(string Name, Expr Width, bool Reduced, int Halvings)> { ("input", w, false, 0) };
            int count = random.Next(1, 6);
            int innerAt = forceInner ? random.Next(count) : -1;
            int deadAt = family != BlockFamily.Conv && !t.Residual && count >= 3 && random.Next(5) == 0 ? random.Next(1, count - 1) : -1;
            for (int k = 0; k < count; k++)
            {
                string previous = values[^1].Name;
                var field = new BlockField { Name = BlockFieldName(t, k), Nullable = random.Next(3) == 0, InputAsConst = random.Next(2) == 0, Property = random.Next(8) == 0 };
                if (k == deadAt)
                {
                    // The previous field is left unread: this one reads the block's input (MG1003 at every use).
                    field.From = ["input"];
                    (w, reduced, halvings) = (Expr.Ref("In"), false, 0);
                    values.RemoveAt(values.Count - 1);
                    t.HasDeadField = true;
                }
                else if (k >= 1 && family != BlockFamily.Conv && random.Next(4) == 0)
                {
                    // The previous field joined with the block's input or an earlier field: a skip connection.
                    var earlier = values.Take(values.Count - 1).ToList();
                    var sums = earlier.Where(e => e.Reduced == reduced && e.Halvings == halvings && e.Width.Render() == w.Render()).ToList();
                    var joins = earlier.Where(e => e.Reduced || reduced || e.Halvings == halvings).ToList();
                    if (sums.Count > 0 && random.Next(2) == 0)
                    {
                        string other = sums[random.Next(sums.Count)].Name;
                        field.From = random.Next(2) == 0 ? [other, previous] : [previous, other];
                        field.Add = true;
                        _features.Add("block-skip");
                    }
                    else if (joins.Count > 0)
                    {
                        var other = joins[random.Next(joins.Count)];
                        field.From = random.Next(2) == 0 ? [other.Name, previous] : [previous, other.Name];
                        w = Expr.Bin('+', other.Width, w);
                        // A vector joining a sequence is repeated over its steps.
                        if (reduced && !other.Reduced) halvings = other.Halvings;
                        reduced = reduced && other.Reduced;
                        t.MaxRank = Math.Min(t.MaxRank, 2);
                        _features.Add("block-skip");
                    }
                }
                else if (k >= 1 && random.Next(8) == 0) field.From = [previous];
                bool sequence = family != BlockFamily.Dense && !reduced;

                bool last = k == count - 1;
                int choice = k == 0 && family == BlockFamily.Conv ? 10 + random.Next(2) : random.Next(family == BlockFamily.Dense || !sequence ? 6 : 14);
                if (family == BlockFamily.Conv && choice is 0 or 1 or 6 or 7) choice = 10; // only convolutions and element-wise layers in a channels-first run
                if (k == innerAt || (level < 3 && (choice == 5 || (level == 2 && random.Next(6) == 0)))) choice = 5;
                else if (choice == 5) choice = 2;
                switch (choice)
                {
                    case 0:
                    {
                        Expr o = NewWidth(t, w);
                        field.Kind = "Linear";
                        field.Args = [w, o];
                        if (t.Const("UseBias") is not null && random.Next(2) == 0) field.Named.Add(("Bias", null, "UseBias"));
                        else if (random.Next(5) == 0) field.Named.Add(("Bias", null, "false"));
                        w = o;
                        break;
                    }
                    case 1:
                        field.Kind = "LayerNorm";
                        field.Args = [w];
                        break;
                    case 2:
                        field.Kind = new[] { "ReLU", "Tanh", "GELU", "Sigmoid" }[random.Next(4)];
                        break;
                    case 3 or 4:
                        field.Kind = "Dropout";
                        field.Named.Add(("p", null, t.Const("P") is not null && random.Next(2) == 0 ? "P" : (random.Next(10) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)));
                        break;
                    case 5:
                    {
                        BlockFamily innerFamily = family == BlockFamily.Conv ? BlockFamily.Conv : sequence ? (BlockFamily)random.Next(3) : BlockFamily.Dense;
                        BlockTemplate[] existing = _templates.Where(u => u.Level > level && u.Family == innerFamily && !IsFaulty(u) && !u.HasDeadField).ToArray();
                        BlockTemplate inner = existing.Length > 0 && random.Next(3) == 0 ? existing[random.Next(existing.Length)]
                            : NewTemplate(level + 1, innerFamily, residual: t.Residual ? false : null);
                        if (t.Residual && (inner.Halvings > 0 || inner.ReducesRank)) goto case 2;
                        if (!sequence && inner.NeedsSequence) goto case 2;
                        field.Inner = inner;
                        field.With.Add(("In", w, null));
                        foreach (ConstDecl c in inner.FreeInts)
                        {
                            if (random.Next(3) != 0) continue;
                            ConstDecl[] mine = t.Consts.Where(m => m.Type == "int").ToArray();
                            ConstDecl source = mine[random.Next(mine.Length)];
                            field.With.Add((c.Name, c.Min == 0 || random.Next(3) == 0 ? Expr.Lit(random.Next(c.Min, c.Max + 1)) : Expr.Ref(source.Name), null));
                        }
                        if (field.With.Count > 1 || !w.IsRef("In")) _features.Add("with-pass-down");
                        w = Resolve(inner, field.With, inner.OutWidth);
                        reduced |= inner.ReducesRank;
                        halvings += inner.Halvings;
                        t.MaxRank = Math.Min(t.MaxRank, inner.MaxRank);
                        t.NeedsSequence |= inner.NeedsSequence;
                        t.HasDeadField |= inner.HasDeadField;
                        break;
                    }
                    case 6 or 7:
                    {
                        field.Kind = new[] { "Gru", "Lstm", "Rnn" }[random.Next(3)];
                        Expr hidden = t.Const("Hidden") is not null && random.Next(2) == 0 ? Expr.Ref("Hidden") : Expr.Lit(random.Next(1, 9));
                        field.Args = [w, hidden];
                        if (random.Next(3) == 0) field.Named.Add(("NumLayers", Ensure(t, "L", 1, 2), null));
                        bool bidirectional = random.Next(4) == 0;
                        if (bidirectional) field.Named.Add(("Bidirectional", null, "true"));
                        w = bidirectional ? Expr.Bin('*', hidden, Expr.Lit(2)) : hidden;
                        break;
                    }
                    case 8 or 9 or 10:
                    {
                        Expr o = family == BlockFamily.Conv && random.Next(2) == 0 ? w : NewWidth(t, w);
                        field.Kind = "CausalConv1d";
                        field.Args = [w, o, random.Next(2) == 0 ? Ensure(t, "K", 1, 3) : Expr.Lit(random.Next(1, 4))];
                        if (random.Next(2) == 0) field.Named.Add(("Dilation", Ensure(t, "D", 1, 3), null));
                        w = o;
                        break;
                    }
                    case 11 or 12:
                    {
                        Expr o = NewWidth(t, w);
                        Expr pad = Ensure(t, "Pad", 0, 2);
                        field.Kind = "Conv1d";
                        field.Args = [w, o, Expr.Bin('+', Expr.Bin('*', Expr.Lit(2), pad), Expr.Lit(1))];
                        field.Named.Add(("Padding", pad, null));
                        w = o;
                        break;
                    }
                    default:
                        if (t.Residual || family == BlockFamily.Conv) goto case 2;
                        if (last && random.Next(2) == 0)
                        {
                            // The last step, then a Linear: the block's output is a vector.
                            Expr o = NewWidth(t, w);
                            field.LastStep = true;
                            field.Kind = "Linear";
                            field.Args = [w, o];
                            w = o;
                            reduced = true;
                            break;
                        }
                        else
                        {
                            // A strided convolution: the block changes the number of steps.
                            Expr o = NewWidth(t, w);
                            field.Kind = "Conv1d";
                            field.Args = [w, o, Expr.Lit(3)];
                            field.Named.Add(("Stride", Expr.Lit(2), null));
                            field.Named.Add(("Padding", Expr.Lit(1), null));
                            w = o;
                            halvings++;
                            break;
                        }
                }
                if (field.Args.Any(a => a.Depth > 0)) _features.Add("arithmetic");
                if (field.Kind is "Linear" or "Gru" or "Lstm" or "Rnn" or "CausalConv1d" or "Conv1d" && random.Next(8) == 0) field.Named.Add(("Frozen", null, "true"));
                t.Fields.Add(field);
                values.Add((field.Name, w, reduced, halvings));
            }
            t.OutWidth = w;
            t.ReducesRank = reduced;
            t.Halvings = reduced ? 0 : halvings;
            if (t.Fields.Any(f => f.From is not null && f.From.Contains("input") && !f.Add && f.From.Count > 1)) t.MaxRank = Math.Min(t.MaxRank, 2);
            return t;
        }

        private static readonly string[] UnusualBlockFieldNames = ["x", "scope", "h", "output", "result", "value", "@event", "fc", "body", "shortcut", "In", "l0Input"];

        /// <summary>A block field's name: <c>l0</c>, …, or now and then a name the generated code might also want.</summary>
        private string BlockFieldName(BlockTemplate t, int k)
        {
            if (random.Next(10) == 0)
            {
                string[] free = UnusualBlockFieldNames.Where(n => t.Fields.All(f => f.Name != n) && t.Consts.All(c => c.Name != n)
                                                              && !(n == "In")).ToArray();
                if (free.Length > 0)
                {
                    _features.Add("unusual-block-field-name");
                    return free[random.Next(free.Length)];
                }
            }
            return $"l{k}";
        }

        /// <summary>A width for a layer's output, often computed from the consts.</summary>
        private Expr NewWidth(BlockTemplate t, Expr w) => random.Next(w.Depth >= 2 ? 3 : 8) switch
        {
            0 when t.Const("Hidden") is not null => Expr.Ref("Hidden"),
            1 when t.Const("Wide") is not null => Expr.Ref("Wide"),
            0 or 1 or 2 => Expr.Lit(random.Next(1, 9)),
            3 => Expr.Bin('*', w, Expr.Lit(2)),
            4 => Expr.Bin('+', w, Expr.Lit(1)),
            5 => Expr.Bin('/', Expr.Bin('+', w, Expr.Lit(1)), Expr.Lit(2)),
            6 => Expr.Bin('+', Expr.Bin('%', w, Expr.Lit(3)), Expr.Lit(1)),
            7 when t.Const("Hidden") is not null => Expr.Cond(w, Expr.Ref("Hidden")), // the larger: w > Hidden ? w : Hidden
            _ => Expr.Ref("In"),
        };

        private static Expr Ensure(BlockTemplate t, string name, int min, int max)
        {
            if (t.Const(name) is null) t.Consts.Add(new ConstDecl { Name = name, Value = Math.Max(min, 1), Min = min, Max = max });
            return Expr.Ref(name);
        }

        /// <summary>An inner block's expression in the outer block's consts: what its [With]s set, its declared values otherwise.</summary>
        private static Expr Resolve(BlockTemplate inner, List<(string Const, Expr? Value, string? Raw)> with, Expr e) =>
            e.Substitute(name =>
                with.FirstOrDefault(w => w.Const == name) is { Const: not null, Value: { } set } ? set
                : inner.Const(name) is { Initializer: { } init } ? Resolve(inner, with, init)
                : Expr.Lit((int)inner.Const(name)!.Value));

        private void NoteBlockFeatures()
        {
            var used = new HashSet<BlockTemplate>();
            void Visit(BlockTemplate t, int depth)
            {
                used.Add(t);
                _features.Add("block");
                if (depth >= 2) _features.Add("nested-2");
                if (depth >= 3) _features.Add("nested-3");
                if (t.Residual) _features.Add("residual");
                if (t.Family == BlockFamily.Conv) _features.Add("channels-first-block");
                if (t.Consts.Any(c => c.Initializer is not null)) _features.Add("derived-const");
                if (t.Fields.Any(f => f.Kind == "Dropout" && f.Named.Any(n => n.Raw == "P"))) _features.Add("double-const");
                if (t.Fields.Any(f => f.Named.Any(n => n.Raw == "UseBias"))) _features.Add("bool-const");
                if (t.InLib) _features.Add("block-in-partial-type");
                if (t.Fields.Any(f => f.Property)) _features.Add("auto-property");
                if (t.Fields.Any(f => f.Named.Any(n => n.Name == "Frozen"))) _features.Add("frozen-in-block");
                if (t.Fields.Any(f => f.Args.Any(a => a.Render().Contains('?')))) _features.Add("conditional");
                // A const computed from one declared after it.
                for (int c = 0; c < t.Consts.Count; c++)
                {
                    if (t.Consts[c].Initializer is { } init && t.Consts.Skip(c + 1).Any(later => System.Text.RegularExpressions.Regex.IsMatch(init.Render(), $@"\b{later.Name}\b")))
                        _features.Add("forward-const");
                }
                foreach (BlockField f in t.Fields)
                {
                    if (f.Inner is { } inner) Visit(inner, depth + 1);
                }
            }
            foreach (Node node in _nodes.Where(n => n.Block is not null))
            {
                Visit(node.Block!, 1);
                if (node.Block!.Residual && node.Output[^1] != node.Input[^1]) _features.Add("downsample");
            }
            if (used.Any(t => t.HasDeadField))
            {
                _expectedWarnings.Add("MG1003");
                _features.Add("dead-block-field");
            }
            foreach (IGrouping<BlockTemplate, Node> uses in _nodes.Where(n => n.Block is not null).GroupBy(n => n.Block!))
            {
                if (uses.Count() < 2) continue;
                int variants = uses.Select(n => Shapes.Key(n.Input) + string.Join(",", n.Overrides.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}"))).Distinct().Count();
                _features.Add(variants < uses.Count() ? "shared-use" : "several-variants");
            }
        }

        // ---------------------------------------------------------------- faults

        /// <summary>Adds a node a fault made, before a trailing decoding head (which must stay last).</summary>
        private Node Insert(Node node)
        {
            node.Nullable = random.Next(3) == 0;
            node.Out = new Value { Name = Plain(node.Name), Ref = $"nameof({node.Name})", Shape = node.Output };
            int at = _nodes.Count > 0 && _nodes[^1].HeadHorizon > 0 ? _nodes.Count - 1 : _nodes.Count;
            if (at < _nodes.Count && _nodes[^1].From is null) _nodes[^1].From = [_nodes[^2].Out!.Ref]; // the head keeps reading what it read
            _nodes.Insert(at, node);
            return node;
        }

        private Node FaultNode(List<string> from, string attribute, string fieldType, string? merge = null, string? step = null) =>
            Insert(new Node { Name = "bad", FieldType = fieldType, Attribute = attribute, From = from, Merge = merge, Step = step });

        private Value AnyLive() => Live[random.Next(Live.Count)];

        private Value? Categorical() => _values.Where(v => v.Categories is not null && !v.Unused).OrderBy(_ => random.Next()).FirstOrDefault();

        private Node RandomNode() => _nodes[random.Next(_nodes.Count)];

        /// <summary>A block class for a block fault: one the model uses, or a new one used by a new node.</summary>
        private BlockTemplate FaultBlock(bool needsResidual = false, bool withInner = false)
        {
            Node[] uses = _nodes.Where(n => n.Block is { } b && (!needsResidual || b.Residual) && (!withInner || b.Fields.Any(f => f.Inner is not null))).ToArray();
            if (uses.Length > 0 && random.Next(2) == 0) return uses[random.Next(uses.Length)].Block!;
            Value source = AnyLive();
            return FaultBlockOn(source, () =>
            {
                for (int attempt = 0; ; attempt++)
                {
                    BlockFamily family = source.Rank == 2 && attempt < 10 ? (BlockFamily)random.Next(3) : BlockFamily.Dense;
                    BlockTemplate t = NewTemplate(1, family, residual: needsResidual ? true : null, forceInner: withInner);
                    if (!withInner || t.Fields.Any(f => f.Inner is not null)) return t;
                }
            });
        }

        /// <summary>Injects one fault; returns the ID ModelGen must report, or null if the fault does not apply.</summary>
        public string? Inject(string fault)
        {
            switch (fault)
            {
                case "from-unknown":
                {
                    Node node = RandomNode();
                    node.From = [.. node.From ?? [], "\"missing\""];
                    return "MG0019";
                }
                case "from-later" when _nodes.Count >= 2:
                {
                    int k = random.Next(_nodes.Count - 1);
                    Node node = _nodes[k];
                    node.From = [.. node.From ?? [], $"nameof({_nodes[random.Next(k + 1, _nodes.Count)].Name})"];
                    return "MG0019";
                }
                case "from-later":
                    return null;
                case "from-self":
                {
                    Node node = RandomNode();
                    node.From = [.. node.From ?? [], $"\"{Plain(node.Name)}\""];
                    return "MG0019";
                }
                case "from-empty":
                    RandomNode().From = [];
                    return "MG0019";
                case "named-first-without-from":
                    _nodes[0].From = null;
                    return "MG0019";
                case "from-ambiguous":
                {
                    // A field named like an input, then a layer naming that input.
                    // (Not an input named like a member ModelGen generates, such as Horizon: that field would be MG0012 too.)
                    Value input = Live.FirstOrDefault(v => v.IsInput && v.Name is not ("Horizon" or "Summary")) ?? AddShapeProperty([random.Next(1, 5), random.Next(1, 5)], "Twice");
                    Insert(new Node { Name = input.Name, FieldType = "ReLU", Attribute = "ReLU", From = [input.Ref], Output = input.Shape });
                    FaultNode([input.Ref], "Tanh", "Tanh");
                    return "MG0019";
                }
                case "block-from-outer":
                {
                    BlockTemplate block = FaultBlock();
                    BlockField field = block.Fields[random.Next(block.Fields.Count)];
                    string[] outer = _nodes.Select(n => Plain(n.Name)).Concat(_properties.Select(p => p.Name))
                        .Where(n => n != "input" && block.Fields.All(f => f.Name != n)).ToArray();
                    field.From = [$"\"{outer[random.Next(outer.Length)]}\""];
                    return "MG0019";
                }
                case "concat-steps-differ":
                {
                    Value sequence = Live.FirstOrDefault(v => v.Rank == 2) ?? AddShapeProperty([random.Next(1, 9), random.Next(1, 5)]);
                    int f = sequence.Shape[1];
                    Node longer = Insert(new Node { Name = "longer", FieldType = "Conv1d", Attribute = $"Conv1d({f}, {f}, 1, Padding = 1)", From = [sequence.Ref], Output = [sequence.Shape[0] + 2, f] });
                    FaultNode(random.Next(2) == 0 ? [sequence.Ref, longer.Out!.Ref] : [longer.Out!.Ref, sequence.Ref], $"Linear({2 * f}, 3)", "Linear");
                    return "MG0020";
                }
                case "add-shapes-differ":
                {
                    Value a = AnyLive();
                    int f = a.Shape[^1];
                    Node wider = Insert(new Node { Name = "wider", FieldType = "Linear", Attribute = $"Linear({f}, {f + 1})", From = [a.Ref], Output = [.. a.Shape[..^1], f + 1] });
                    FaultNode([a.Ref, wider.Out!.Ref], "ReLU", "ReLU", merge: "Merge.Add");
                    return "MG0020";
                }
                case "concat-rank3":
                {
                    Value cube = Live.FirstOrDefault(v => v.Rank >= 3) ?? AddShapeProperty([random.Next(1, 4), random.Next(1, 4), random.Next(1, 4)]);
                    Value other = Live.FirstOrDefault(v => v.Rank is 1 or 2) ?? cube;
                    FaultNode(random.Next(2) == 0 ? [cube.Ref, other.Ref] : [other.Ref, cube.Ref], "ReLU", "ReLU");
                    return "MG0020";
                }
                case "bad-merge":
                {
                    Value a = AnyLive();
                    FaultNode([a.Ref, a.Ref], "ReLU", "ReLU", merge: random.Next(2) == 0 ? "(Merge)7" : "(Merge)(-1)");
                    return "MG0020";
                }
                case "concat-too-wide":
                {
                    Value wide = AddShapeProperty([(1 << 23) + 1]);
                    FaultNode([wide.Ref, wide.Ref], "ReLU", "ReLU");
                    return "MG0020";
                }
                case "inputs-not-record":
                    _recordKind = random.Next(2) == 0 ? "class" : "struct";
                    _recordStyle = "nominal";
                    return "MG0021";
                case "inputs-not-tensor":
                {
                    InputProperty property = NewFaultProperty();
                    property.Type = random.Next(2) == 0 ? "int" : "float[]";
                    property.Attributes.Add("Shape(3)");
                    return "MG0021";
                }
                case "inputs-no-attribute":
                    NewFaultProperty();
                    return "MG0021";
                case "inputs-both-attributes":
                {
                    InputProperty property = _properties[random.Next(_properties.Count)];
                    property.Attributes.Add(property.Categories is null ? "Categorical(3)" : "Shape(3)");
                    return "MG0021";
                }
                case "inputs-bad-shape":
                    NewFaultProperty().Attributes.Add($"Shape({new[] { "0, 3", "", "-2", "16777217", "4, 0" }[random.Next(5)]})");
                    return "MG0021";
                case "inputs-bad-categories":
                    NewFaultProperty().Attributes.Add($"Categorical({new[] { "0", "-3", "16777217" }[random.Next(3)]})");
                    return "MG0021";
                case "input-and-inputs":
                    _inputAndInputs = true;
                    return "MG0021";
                case "inputs-generic":
                    _recordGeneric = true;
                    return "MG0021";
                case "inputs-less-accessible":
                    _recordAccess = "internal";
                    _containers = []; // a public model (nested in an internal type, it would be internal too)
                    return "MG0021";
                case "inputs-not-a-type":
                    // Inputs = typeof(something C# cannot put in forward's signature): the model's shell must still compile.
                    _recordTypeOverride = new[] { "void", "int*", "System.Collections.Generic.List<>", "System.Math", "int" }[random.Next(5)];
                    _literalInputs = true;
                    _alsoAllowed.Add("MG0019"); // it has none of the properties the layers name
                    return "MG0021";
                case "inputs-file-local":
                    _recordAccess = "file";
                    return "MG0021";
                case "inputs-empty":
                    _recordEmpty = true;
                    // Its layers name inputs the record does not have.
                    _alsoAllowed.Add("MG0019");
                    return "MG0021";
                case "categorical-into-layer":
                    if (random.Next(2) == 0) FaultNode([Categorical()!.Ref], "Linear(1, 3)", "Linear");
                    else FaultNode([Categorical()!.Ref], "ReLU", "ReLU");
                    return "MG0022";
                case "embedding-reads-floats":
                    FaultNode([AnyLive().Ref], $"Embedding({random.Next(1, 9)}, 3)", "Embedding");
                    return "MG0022";
                case "embedding-too-small":
                {
                    Node embedding = _nodes.First(n => n.IsEmbedding && n.Categories >= 2);
                    embedding.Attribute = $"Embedding({embedding.Categories - 1 - random.Next(Math.Min(embedding.Categories - 1, 3))}, 2)";
                    return "MG0022";
                }
                case "categorical-joined":
                {
                    Value categorical = Categorical()!;
                    Value other = random.Next(3) == 0 ? categorical : AnyLive();
                    FaultNode(random.Next(2) == 0 ? [categorical.Ref, other.Ref] : [other.Ref, categorical.Ref], "ReLU", "ReLU");
                    return "MG0022";
                }
                case "categorical-into-block":
                {
                    BlockTemplate block = _templates.FirstOrDefault(t => !t.NeedsSequence && !IsFaulty(t)) ?? NewTemplate(1, BlockFamily.Dense);
                    Insert(new Node { Name = "bad", FieldType = "", Block = block, From = [Categorical()!.Ref], With = [("In", "1", false)] });
                    return "MG0022";
                }
                case "step-on-categorical":
                    _nodes.First(n => n.IsEmbedding).Step = "LastStep";
                    return "MG0008";
                case "block-not-partial":
                    FaultBlock().NotPartial = true;
                    return "MG0023";
                case "block-generic":
                    FaultBlock().Generic = true;
                    return "MG0023";
                case "block-abstract":
                    FaultBlock().Abstract = true;
                    return "MG0023";
                case "block-base":
                    FaultBlock().Based = true;
                    return "MG0023";
                case "block-nested":
                {
                    BlockTemplate block = FaultBlock();
                    (block.InHolder, block.InLib) = (true, false);
                    return "MG0023";
                }
                case "block-file-local":
                {
                    // (And CS9051 in the model: its field's type is file-local. C# allows file only on top-level types.)
                    BlockTemplate block = FaultBlock();
                    (block.FileLocal, block.InLib) = (true, false);
                    return "MG0023";
                }
                case "block-self":
                {
                    BlockTemplate block = FaultBlock();
                    block.Fields.Add(new BlockField { Name = "loop", RawType = block.TypeRef });
                    return "MG0023";
                }
                case "block-cycle":
                {
                    BlockTemplate outer = FaultBlock(withInner: true);
                    BlockTemplate inner = outer.Fields.First(f => f.Inner is not null).Inner!;
                    // The inner block uses the outer one again, with the width it has there (so only the cycle is wrong).
                    inner.Fields.Add(new BlockField { Name = "loop", RawType = outer.TypeRef, With = { ("In", inner.OutWidth, null) }, Inner = null });
                    return "MG0023";
                }
                case "block-constructor":
                {
                    BlockTemplate block = FaultBlock();
                    block.ExtraMembers.Add(random.Next(2) == 0 ? $"public {block.Name}() {{ }}" : $"public {block.Name}(int size) {{ }}");
                    return "MG0023";
                }
                case "block-forward":
                    FaultBlock().ExtraMembers.Add("public TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;");
                    return "MG0023";
                case "block-downsample-member":
                    FaultBlock(needsResidual: true).ExtraMembers.Add(random.Next(2) == 0 ? "public void downsample() { }" : "public int downsample => 0;");
                    return "MG0023";
                case "block-layer-attribute":
                    AnyBlockUse().Extra.Add(random.Next(2) == 0 ? "Linear(3, 3)" : "ReLU");
                    return "MG0023";
                case "block-empty":
                {
                    var empty = new BlockTemplate { Name = $"B{_templateCount++}", Family = BlockFamily.Dense, Level = 1, Special = true, ResidualText = random.Next(2) == 0 ? "(Residual = true)" : "" };
                    empty.Consts.Add(new ConstDecl { Name = "In", Value = 1 });
                    _templates.Add(empty);
                    Insert(new Node { Name = "bad", FieldType = empty.TypeRef, Block = empty, From = [AnyLive().Ref] });
                    return "MG0023";
                }
                case "block-split":
                {
                    BlockTemplate block = FaultBlock();
                    if (block.Fields.Count < 2) block.Fields.Add(new BlockField { Name = "tail", Kind = "ReLU" });
                    foreach (BlockField field in block.Fields.Skip(random.Next(1, block.Fields.Count))) field.SecondFile = true;
                    return "MG0023";
                }
                case "block-too-deep":
                {
                    // Seventeen blocks, each holding the next; the innermost has a layer.
                    BlockTemplate? inner = null;
                    for (int d = 0; d < 18; d++)
                    {
                        var t = new BlockTemplate { Name = $"Deep{d}", Family = BlockFamily.Dense, Level = 1, Special = true };
                        t.Fields.Add(inner is null ? new BlockField { Name = "act", Kind = "ReLU" } : new BlockField { Name = "inner", Inner = inner });
                        _templates.Add(t);
                        inner = t;
                    }
                    Insert(new Node { Name = "bad", FieldType = inner!.TypeRef, Block = inner, From = [AnyLive().Ref] });
                    return "MG0023";
                }
                case "block-too-many-uses":
                {
                    // 33 uses of a block that holds 32 of another: more than 1,000 uses in all.
                    var leaf = new BlockTemplate { Name = "Leaf", Family = BlockFamily.Dense, Level = 2, Special = true };
                    leaf.Fields.Add(new BlockField { Name = "act", Kind = "ReLU" });
                    var wide = new BlockTemplate { Name = "Wide", Family = BlockFamily.Dense, Level = 1, Special = true };
                    for (int k = 0; k < 32; k++) wide.Fields.Add(new BlockField { Name = $"leaf{k}", Inner = leaf });
                    _templates.Add(leaf);
                    _templates.Add(wide);
                    Value source = AnyLive();
                    for (int k = 0; k < 33; k++) Insert(new Node { Name = $"wide{k}", FieldType = "Wide", Block = wide, From = [source.Ref] });
                    return "MG0023";
                }
                case "head-in-block":
                {
                    BlockTemplate block = FaultBlock();
                    block.Fields.Add(new BlockField { Name = "decoder", RawAttribute = "DirRec(4, 1, 3)", RawType = "DirRecHead" });
                    return "MG0018";
                }
                case "residual-changes-steps":
                {
                    Value sequence = Live.FirstOrDefault(v => v.Rank == 2) ?? AddShapeProperty([random.Next(2, 9), random.Next(1, 5)]);
                    BlockTemplate block = FaultBlockOn(sequence, () => NewTemplate(1, random.Next(2) == 0 ? BlockFamily.Sequence : BlockFamily.Conv, residual: true));
                    BlockField last = block.Fields[^1];
                    if (random.Next(2) == 0 && last.Kind is "Linear" or "ReLU" or "Tanh" or "GELU" or "Sigmoid" or "Dropout" && last.From is null && !last.LastStep) last.LastStep = true;
                    else block.Fields.Add(new BlockField { Name = "stretch", Kind = "Conv1d", Args = [block.OutWidth, block.OutWidth, Expr.Lit(1)], Named = { ("Padding", Expr.Lit(1), null) } });
                    return "MG0024";
                }
                case "with-unknown-const":
                {
                    Node use = AnyBlockUse();
                    use.With.Insert(random.Next(use.With.Count + 1), (random.Next(2) == 0 ? "Nope" : "in", "3", true));
                    return "MG0025";
                }
                case "with-wrong-type":
                {
                    Node use = AnyBlockUse();
                    BlockTemplate block = use.Block!;
                    ConstDecl? target = block.Consts.FirstOrDefault(c => c.Name != "In" && c.Type == "bool")
                                        ?? block.Consts.FirstOrDefault(c => c.Name != "In" && c.Type == "double");
                    if (target is null)
                    {
                        target = new ConstDecl { Name = "Spare", Value = 1 };
                        block.Consts.Add(target);
                    }
                    use.With.RemoveAll(w => w.Const == target.Name);
                    string value = target.Type switch { "bool" => "1", "double" => "\"high\"", _ => random.Next(2) == 0 ? "2.5" : "\"wide\"" };
                    use.With.Add((target.Name, value, false));
                    return "MG0025";
                }
                case "with-twice":
                {
                    Node use = AnyBlockUse();
                    if (use.With.Count == 0) use.With.Add(("In", use.Input[^1].ToString(CultureInfo.InvariantCulture), false));
                    use.With.Add(use.With[random.Next(use.With.Count)]);
                    return "MG0025";
                }
                case "with-on-layer-field":
                {
                    Node node = _nodes.Where(n => n.Block is null).OrderBy(_ => random.Next()).FirstOrDefault()
                                ?? Insert(new Node { Name = "layer", FieldType = "ReLU", Attribute = "ReLU" }); // reads the previous node: the output stays
                    node.With.Add(("In", "3", true));
                    return "MG0025";
                }
                case "with-on-plain-field":
                    Insert(new Node { Name = "plain", FieldType = "Linear", Attribute = null, With = { ("In", "3", true) } });
                    return "MG0011";
                case "with-uncomputable":
                {
                    Node use = AnyBlockUse();
                    BlockTemplate block = use.Block!;
                    bool divide = random.Next(2) == 0;
                    string name = divide ? "Div" : "Scale";
                    if (block.Const(name) is null) block.Consts.Add(new ConstDecl { Name = name, Value = 1 });
                    block.Fields.Add(new BlockField { Name = "rate", RawAttribute = divide ? "Dropout(1 / Div - 1)" : "Dropout(Scale * Scale - Scale * Scale)", RawType = "Dropout" });
                    use.With.Add((name, divide ? "0" : "65536", false));
                    return "MG0025";
                }
                case "with-inner-uncomputable":
                {
                    // A block passes a value down that cannot be computed at this use: In / Div with Div = 0.
                    BlockTemplate outer = FaultBlock(withInner: true);
                    BlockField field = outer.Fields.First(f => f.Inner is not null);
                    if (outer.Const("Div") is null) outer.Consts.Add(new ConstDecl { Name = "Div", Value = 1 });
                    int at = field.With.FindIndex(w => w.Const == "In");
                    field.With[at] = ("In", Expr.Bin('/', field.With[at].Value!, Expr.Ref("Div")), null);
                    _nodes.Last(n => n.Block == outer).With.Add(("Div", "0", false));
                    return "MG0025";
                }
                case "derived-const-uncomputable":
                {
                    // A const computed from others that has no value at this use: Part = In / Div with Div = 0.
                    Node use = AnyBlockUse();
                    BlockTemplate block = use.Block!;
                    if (block.Const("Div") is null) block.Consts.Add(new ConstDecl { Name = "Div", Value = 1 });
                    block.Consts.Insert(random.Next(block.Consts.Count + 1), new ConstDecl { Name = "Part", Initializer = Expr.Bin('/', Expr.Ref("In"), Expr.Ref("Div")) });
                    use.With.RemoveAll(w => w.Const == "Div");
                    use.With.Add(("Div", "0", false));
                    if (!use.With.Any(w => w.Const == "In")) use.With.Add(("In", use.Input[^1].ToString(CultureInfo.InvariantCulture), false));
                    return "MG0025";
                }
                case "model-split":
                {
                    int from = random.Next(Math.Max(1, _nodes.Count - 2), _nodes.Count + 1);
                    if (from >= _nodes.Count) Insert(new Node { Name = "late", FieldType = "ReLU", Attribute = "ReLU" }); // reads the previous node: the output stays
                    foreach (Node node in _nodes.Skip(Math.Min(from, _nodes.Count - 1))) node.SecondFile = true;
                    return "MG0026";
                }
                case "join-mismatch":
                {
                    Value a = Live.FirstOrDefault(v => v.Rank is 1 or 2 && v != Previous) ?? Live.FirstOrDefault(v => v.Rank is 1 or 2)
                              ?? FlattenedForFault(AnyLive());
                    FaultNode([a.Ref, a.Ref], $"Linear({2 * a.Shape[^1] + (random.Next(2) == 0 ? 1 : -1)}, 3)", "Linear");
                    _alsoAllowed.Add("MG0002"); // the new last layer emits another Output
                    return "MG0001";
                }
                case "block-inner-mismatch":
                {
                    Node? use = _nodes.FirstOrDefault(n => n.Block is { } b && StartsWithIn(b));
                    if (use is null)
                    {
                        Value source = Live.First(v => v.Rank >= 1);
                        BlockTemplate fresh = FaultBlockOn(source, () =>
                        {
                            BlockTemplate t;
                            do t = NewTemplate(1, source.Rank == 2 ? (BlockFamily)random.Next(3) : BlockFamily.Dense);
                            while (!StartsWithIn(t));
                            return t;
                        });
                        use = _nodes.Last(n => n.Block == fresh);
                    }
                    BlockTemplate block = use.Block!;
                    use.With.RemoveAll(w => w.Const == "In");
                    use.With.Add(("In", (use.Input[^1] + 1).ToString(CultureInfo.InvariantCulture), false));
                    _alsoAllowed.AddRange(["MG0002", "MG0020"]); // the block's output changes with In, and so may what reads it
                    return "MG0001";
                }
                case "join-step-out-of-range":
                {
                    Value sequence = Live.FirstOrDefault(v => v.Rank == 2) ?? AddShapeProperty([random.Next(1, 9), random.Next(1, 5)]);
                    int steps = sequence.Shape[0];
                    FaultNode([sequence.Ref, sequence.Ref], $"Linear({2 * sequence.Shape[1]}, 2)", "Linear",
                        step: random.Next(2) == 0 ? $"Step({steps + random.Next(3)})" : $"Step({-steps - 1 - random.Next(3)})");
                    return "MG0013";
                }
                default:
                    throw new ArgumentException($"unknown graph fault '{fault}'");
            }
        }

        /// <summary>A new node flattening <paramref name="value"/> into a vector, for a fault that needs one.</summary>
        private Value FlattenedForFault(Value value) =>
            Insert(new Node { Name = "flat", FieldType = "Flatten", Attribute = "Flatten", From = [value.Ref], Output = [value.Shape.Aggregate(1, (a, d) => a * d)] }).Out!;

        /// <summary>A model field that uses a block: one the valid graph has, or a new one.</summary>
        private Node AnyBlockUse()
        {
            Node[] uses = _nodes.Where(n => n.Block is not null).ToArray();
            if (uses.Length > 0) return uses[random.Next(uses.Length)];
            BlockTemplate fresh = FaultBlockOn(AnyLive(), () => NewTemplate(1, BlockFamily.Dense));
            return _nodes.Last(n => n.Block == fresh);
        }

        /// <summary>Whether the block's first field checks its input's width against In.</summary>
        private static bool StartsWithIn(BlockTemplate t) =>
            t.Fields.Count > 0 && t.Fields[0] is { Kind: not null, From: null, LastStep: false } first && first.Args.Length > 0 && first.Args[0].IsRef("In");

        /// <summary>A new use of a new block on <paramref name="source"/>, for a fault.</summary>
        private BlockTemplate FaultBlockOn(Value source, Func<BlockTemplate> make)
        {
            for (int attempt = 0; attempt < 50; attempt++)
            {
                Node? node = BlockUse(source.Shape, "bad" + (attempt == 0 ? "" : attempt.ToString(CultureInfo.InvariantCulture)), make);
                if (node is null) continue;
                node.Name = "bad";
                node.From = [source.Ref];
                Insert(node);
                return node.Block!;
            }
            throw new InvalidOperationException("no block fits " + Shapes.Key(source.Shape));
        }

        private InputProperty NewFaultProperty()
        {
            var property = new InputProperty { Name = "Extra" };
            _properties.Insert(random.Next(_properties.Count + 1), property);
            return property;
        }

        // ---------------------------------------------------------------- rendering

        public (string Main, string? Second) Render()
        {
            var text = new StringBuilder();
            text.AppendLine("using ModelGen;").AppendLine("using TorchSharp.Modules;").AppendLine();
            text.AppendLine($"namespace {Namespace};").AppendLine();
            string? second = null;
            if (_named) text.Append(RenderRecord()).AppendLine();
            foreach (BlockTemplate t in UsedTemplates())
            {
                (string main, string? part) = t.Render(_ => false);
                text.Append(main).AppendLine();
                if (part is not null) second = (second ?? "") + part;
            }
            var arguments = new List<string>();
            if (_named) arguments.Add($"Inputs = typeof({_recordTypeOverride ?? RecordRef})");
            if (!_named || _inputAndInputs) arguments.Add($"Input = {Format(_named ? [3, 2] : _input)}");
            if (_output.Length > 0) arguments.Add($"Output = {Format(_output)}");
            if (_multiOutput) arguments.Add("MultiOutput = true");
            if (random.Next(3) == 0) arguments.Reverse();
            foreach (string container in _containers) text.AppendLine(container).AppendLine("{");
            text.AppendLine($"[Model({string.Join(", ", arguments)})]");
            text.AppendLine("public partial class M").AppendLine("{");
            foreach (Node node in _nodes.Where(n => !n.SecondFile)) text.AppendLine(RenderNode(node));
            foreach (string member in _members) text.AppendLine("    " + member);
            text.AppendLine("}");
            foreach (string _ in _containers) text.AppendLine("}");
            foreach (string type in _extraTypes) text.AppendLine(type);
            if (_nodes.Any(n => n.SecondFile))
            {
                var part = new StringBuilder();
                foreach (string container in _containers) part.AppendLine(container.Replace("public ", "").Replace("internal ", "")).AppendLine("{");
                part.AppendLine("public partial class M").AppendLine("{");
                foreach (Node node in _nodes.Where(n => n.SecondFile)) part.AppendLine(RenderNode(node));
                part.AppendLine("}");
                foreach (string _ in _containers) part.AppendLine("}");
                second = (second ?? "") + part;
            }
            if (second is not null)
                second = $"using ModelGen;\nusing TorchSharp.Modules;\n\nnamespace {Namespace};\n\n{second}";
            else if (_companions.Count > 0)
                second = "using ModelGen;\nusing TorchSharp.Modules;\n\n" + string.Join("\n", _companions);
            return (text.ToString(), second);
        }

        /// <summary>The block classes the model uses, directly or inside blocks (an unused [Block] class gets warnings of its own: see the report).</summary>
        private List<BlockTemplate> UsedTemplates()
        {
            var used = new List<BlockTemplate>();
            void Visit(BlockTemplate t)
            {
                if (used.Contains(t)) return;
                used.Add(t);
                foreach (BlockField f in t.Fields)
                {
                    if (f.Inner is { } inner) Visit(inner);
                }
            }
            foreach (Node node in _nodes)
            {
                if (node.Block is { } block) Visit(block);
            }
            return _templates.Where(used.Contains).ToList();
        }

        private string RenderRecord()
        {
            var text = new StringBuilder();
            string kind = _recordKind ?? (_recordStyle == "struct" ? "readonly record struct" : "record");
            string sealedText = kind == "record" && _recordStyle != "derived" ? "sealed " : "";
            string generic = _recordGeneric ? "<T>" : "";
            List<InputProperty> properties = _recordEmpty ? [] : _properties;
            bool positional = _recordKind is null && _recordStyle is "positional" or "struct";
            if (positional)
            {
                string parameters = string.Join(",\n    ", properties.Select(p => (p.Attributes.Count > 0 ? $"[property: {p.AttributeText}] " : "") + $"{p.Type} {p.Name}"));
                text.AppendLine($"{_recordAccess} {sealedText}{kind} {_recordName}{generic}({(parameters.Length > 0 ? "\n    " + parameters : "")});");
                return text.ToString();
            }
            string Property(InputProperty p) => (p.Attributes.Count > 0 ? $"    [{p.AttributeText}] " : "    ") + $"public required {p.Type} {p.Name} {{ get; init; }}";
            if (_recordStyle == "derived" && _recordKind is null && properties.Count >= 2)
            {
                int split = random.Next(1, properties.Count);
                text.AppendLine($"{_recordAccess} abstract record {_recordName}Base{generic}").AppendLine("{");
                foreach (InputProperty p in properties.Take(split)) text.AppendLine(Property(p));
                text.AppendLine("}");
                text.AppendLine($"{_recordAccess} sealed record {_recordName}{generic} : {_recordName}Base{generic}").AppendLine("{");
                foreach (InputProperty p in properties.Skip(split)) text.AppendLine(Property(p));
                text.AppendLine("}");
                return text.ToString();
            }
            text.AppendLine($"{_recordAccess} {sealedText}{kind} {_recordName}{generic}").AppendLine("{");
            foreach (InputProperty p in properties) text.AppendLine(Property(p));
            text.AppendLine("}");
            return text.ToString();
        }

        private string RenderNode(Node node)
        {
            var attributes = new List<string>();
            if (node.From is { } from)
                attributes.Add($"From({string.Join(", ", from.Select(RenderRef).Append(node.Merge is { } merge ? $"Merge = {merge}" : null).OfType<string>())})");
            if (node.Step is not null) attributes.Add(node.Step);
            foreach ((string name, string value, bool literal) in node.With)
            {
                string target = literal || node.Block is null ? $"\"{name}\"" : node.Block.ConstRef(name);
                attributes.Add($"With({target}, {(node.Block is { } b ? value.Replace("$block", b.TypeRef) : value)})");
            }
            if (node.Attribute is not null) attributes.Add(node.Attribute);
            attributes.AddRange(node.Extra);
            string list = attributes.Count == 0 ? "" : random.Next(2) == 0 ? "[" + string.Join(", ", attributes) + "]" : string.Join(" ", attributes.Select(a => "[" + a + "]"));
            string type = node.Block?.TypeRef ?? node.FieldType;
            if (node.Property)
                return $"    {string.Concat(attributes.Select(a => $"[field: {a}] "))}\n    public {type}{(node.Nullable ? "?" : "")} {node.Name} {{ get; }}";
            return $"{(list.Length > 0 ? "    " + list + "\n" : "")}    private readonly {type}{(node.Nullable ? "?" : "")} {node.Name};";
        }
    }
}
