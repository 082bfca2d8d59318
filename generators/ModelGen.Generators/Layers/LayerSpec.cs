using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;

namespace ModelGen.Generators.Layers;

/// <summary>
/// A layer as its attribute declares it, and everything the generator knows about its kind: one sealed
/// record per kind, in <c>Layers/&lt;Kind&gt;.cs</c>. The abstract members are the contract: a new kind
/// must say how it is checked, planned and described, and how each backend writes it; a new backend is
/// a new abstract member here, so the compiler lists every kind that still lacks it.
/// </summary>
/// <remarks>
/// Records compare by value (the incremental generator caches on it) and hold only plain values.
/// </remarks>
internal abstract record LayerSpec
{
    // ---- Identity ---------------------------------------------------------------------------------

    /// <summary>The attribute class that declares this layer (compiled into the generator from the runtime's source).</summary>
    public abstract Type AttributeType { get; }

    /// <summary>The attribute's name as written in C#, e.g. <c>Gru</c>.</summary>
    public string AttributeName => AttributeNames.Short(AttributeType);

    /// <summary>The class name torchinfo shows in the summary's type column, e.g. <c>GRU</c>.</summary>
    public abstract string TorchinfoName { get; }

    /// <summary>How messages name the kind before the field's name: <c>GRU 'encoder'</c>.</summary>
    public abstract string MessageName { get; }

    /// <summary>The module type the field must have, fully qualified.</summary>
    public abstract string FieldType { get; }

    /// <summary>What the layer does to values and steps.</summary>
    public abstract LayerTraits Traits { get; }

    /// <summary>
    /// For a layer that mixes steps (<see cref="LayerTraits.MixesSteps"/>), which input steps each output step is computed
    /// from, as MG1001 says it: "computes each step from {this} and nothing is fed back".
    /// </summary>
    public virtual string StepsReadAs => "a window of its input";

    /// <summary>How the layer decodes step by step, feeding each prediction back; null when it does not.</summary>
    public abstract HeadStrategy? Decoding { get; }

    /// <summary>Whether the layer's parameters are frozen (<c>requires_grad = false</c>).</summary>
    public bool Frozen { get; init; }

    /// <summary>Whether it emits its steps one at a time and feeds each back: it must then be the last layer.</summary>
    public bool DecodesStepByStep => Decoding is not null;

    /// <summary>
    /// For a decoding head of a quantile model: how many levels it reads out for each value (1: a point forecast), and
    /// which of them (the median's index) it feeds back. The planner sets them from the model's <c>Quantiles</c>.
    /// </summary>
    public int Levels { get; init; } = 1;

    /// <inheritdoc cref="Levels"/>
    public int FedLevel { get; init; }

    /// <summary>
    /// For a decoding head of a distribution model: the distribution whose parameters it reads out for each value
    /// (<see cref="Levels"/> of them, linked before the mean is fed back). The planner sets it from the model's <c>Distribution</c>.
    /// </summary>
    public DistributionKind? Distribution { get; init; }

    public bool Has(LayerTraits trait) => (Traits & trait) == trait;

    /// <summary>
    /// Values the layer reads beside its input, each named (an input or an earlier field) by one of its attribute's
    /// properties: (property, name) pairs. The graph planner resolves them, as it does <c>[From]</c>, and gives their
    /// shapes to <see cref="Plan"/> (<see cref="LayerContext.SideShape"/>) and their values to the backends.
    /// </summary>
    public virtual EquatableArray<(string Property, string Name)> SideInputs => EquatableArray<(string Property, string Name)>.Empty;

    // ---- Checking and planning (pure; shared by the generator and the analyzers) ------------------

    /// <summary>Checks the arguments on their own, reporting each bad one; false when any is bad.</summary>
    public abstract bool CheckArguments(LayerContext context);

    /// <summary>
    /// The layer's shapes and counts for an input of the rank its traits ask for, reporting an input
    /// that does not fit (<see cref="LayerContext.Mismatch"/>); null when no plan can be made.
    /// </summary>
    public abstract LayerPlan? Plan(LayerContext context, EquatableArray<int> input);

    /// <summary>A short description for the generated class's documentation: <c>GRU(3→32, 2 layers)</c>.</summary>
    public abstract string Describe();

    // ---- Backends ----------------------------------------------------------------------------------

    /// <summary>TorchSharp: the expression that creates the module with the declared options.</summary>
    public abstract string TorchSharpFactory();

    /// <summary>
    /// TorchSharp: lines the generated constructor runs before it creates any layer (once per model,
    /// however many layers of the kind it has), or none.
    /// </summary>
    public abstract string[] TorchSharpSetup();

    /// <summary>TorchSharp: the lines of <c>forward</c> that run the layer on <see cref="TorchSharpForward.Input"/> into <c>x</c>.</summary>
    public abstract void WriteTorchSharpForward(TorchSharpForward forward);

    /// <summary>
    /// ONNX: the lines of the generated export that add the layer's nodes and weights to the graph, from
    /// the value <c>x</c> (batch-first, as in <c>forward</c>, after any step selection) to the new <c>x</c>.
    /// </summary>
    public abstract void WriteOnnx(OnnxForward onnx);

    /// <summary>PyTorch twin: the expression that creates the module in <c>__init__</c>, e.g. <c>nn.GRU(3, 32, num_layers=2, batch_first=True)</c>.</summary>
    public abstract string PyTorchConstructor();

    /// <summary>PyTorch twin: module-level definitions the layer needs (a head's class), or none; each written once per file.</summary>
    public abstract string[] PyTorchDefinitions();

    /// <summary>PyTorch twin: the lines of <c>forward</c> that run the layer on <c>x</c>.</summary>
    public abstract void WritePyTorchForward(PyTorchForward pytorch);

    // ---- A layer that maps the model's output back (LayerTraits.MapsOutputBack) -----------------------

    /// <summary>The input features the model's output maps back to, one per output feature (empty for other kinds).</summary>
    public virtual int[] MappedBackFeatures => [];

    /// <summary>TorchSharp: <paramref name="output"/> (the model's output, after its view) mapped back; the output itself for other kinds.</summary>
    public virtual string TorchSharpOutput(LayerPlan layer, string output) => output;

    /// <summary>ONNX: the expression that maps <paramref name="output"/> back; the output itself for other kinds.</summary>
    public virtual string OnnxOutput(LayerPlan layer, string output) => output;

    /// <summary>PyTorch twin: the expression that maps <paramref name="output"/> back; the output itself for other kinds.</summary>
    public virtual string PyTorchOutput(LayerPlan layer, string output) => output;
}
