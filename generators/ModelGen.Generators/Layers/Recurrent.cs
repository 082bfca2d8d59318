using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>Recurrent cells ModelGen can generate.</summary>
internal enum RecurrentCell
{
    Gru,
    Lstm,
    RnnTanh,
    RnnRelu,
}

/// <summary>
/// <c>[Gru]</c>, <c>[Lstm]</c> or <c>[Rnn]</c>: PyTorch's <c>nn.GRU</c>, <c>nn.LSTM</c>, <c>nn.RNN</c> with
/// <c>batch_first=True</c>. Per sample <c>[steps, inputSize]</c> → <c>[steps, D·hiddenSize]</c>; the final
/// states are not passed on.
/// </summary>
internal sealed record RecurrentSpec(
    RecurrentCell Cell,
    int InputSize,
    int HiddenSize,
    int NumLayers,
    bool Bias,
    double Dropout,
    bool Bidirectional) : LayerSpec
{
    public override Type AttributeType => Cell switch
    {
        RecurrentCell.Gru => typeof(GruAttribute),
        RecurrentCell.Lstm => typeof(LstmAttribute),
        RecurrentCell.RnnTanh or RecurrentCell.RnnRelu => typeof(RnnAttribute),
        _ => throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "no attribute for this cell"),
    };

    /// <summary>PyTorch's (and TorchSharp's) class name.</summary>
    private string ModuleName => Cell switch
    {
        RecurrentCell.Gru => "GRU",
        RecurrentCell.Lstm => "LSTM",
        RecurrentCell.RnnTanh or RecurrentCell.RnnRelu => "RNN",
        _ => throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "no module for this cell"),
    };

    public override string TorchinfoName => ModuleName;

    public override string MessageName => ModuleName;

    public override string FieldType => "TorchSharp.Modules." + ModuleName;

    public override LayerTraits Traits =>
        LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.Recurrent | LayerTraits.NeedsSequence;

    public override HeadStrategy? Decoding => null;

    /// <summary>Gate blocks PyTorch stacks per weight matrix: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), 1 for RNN.</summary>
    public int Gates => Cell switch
    {
        RecurrentCell.Lstm => 4,
        RecurrentCell.Gru => 3,
        RecurrentCell.RnnTanh or RecurrentCell.RnnRelu => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "no gates for this cell"),
    };

    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>
    /// PyTorch's recurrent parameters: per direction, layer 0 has <c>G·H·in + G·H·H</c> weights and
    /// layer k&gt;0 has <c>G·H·(D·H) + G·H·H</c>, plus <c>2·G·H</c> biases each when bias is on
    /// (G gate blocks, D directions). Throws <see cref="OverflowException"/> past 64 bits.
    /// </summary>
    public long CountParameters()
    {
        long g = Gates, h = HiddenSize, d = Directions;
        long bias = Bias ? 2 * g * h : 0;
        long first = checked(g * h * InputSize + g * h * h + bias);
        long later = checked(g * h * (d * h) + g * h * h + bias);
        return checked(d * (first + (NumLayers - 1) * later));
    }

    /// <summary>An <c>Nonlinearity</c> value that <see cref="RnnNonlinearity"/> does not define, as written; null when it is fine.</summary>
    public int? UndefinedNonlinearity { get; init; }

    public override bool CheckArguments(LayerContext c) =>
        CheckNonlinearity(c)
        & c.Size(nameof(RecurrentLayerAttribute.InputSize), InputSize)
        & c.Size(nameof(RecurrentLayerAttribute.HiddenSize), HiddenSize)
        & c.Size(nameof(RecurrentLayerAttribute.NumLayers), NumLayers, ModelPlanner.MaxRecurrentLayers)
        & c.Probability(nameof(RecurrentLayerAttribute.Dropout), Dropout);

    private bool CheckNonlinearity(LayerContext c)
    {
        if (UndefinedNonlinearity is not { } value) return true;
        c.InvalidArgument(nameof(RnnAttribute.Nonlinearity), "is " + Integer(value), $"{nameof(RnnNonlinearity)}.{RnnNonlinearity.Tanh} or {nameof(RnnNonlinearity)}.{RnnNonlinearity.Relu}");
        return false;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input[1] != InputSize) c.Mismatch(nameof(RecurrentLayerAttribute.InputSize), InputSize, input[1]);
        long parameters = CountParameters();
        // torchinfo counts RNN weights (weight_ih_l0, ...) × batch × steps.
        return c.Result(input, LayerContext.Shape(input[0], Directions * HiddenSize), parameters, checked(parameters * input[0]));
    }

    public override string Describe() =>
        $"{ModuleName}({InputSize}→{HiddenSize}" +
        (NumLayers > 1 ? $", {NumLayers} layers" : "") +
        (Bidirectional ? ", bidirectional" : "") +
        (Cell == RecurrentCell.RnnRelu ? ", relu" : "") + ")" +
        (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => Cell == RecurrentCell.Lstm
        ?
        [
            "// libtorch's oneDNN LSTM kernel is wrong on some CPUs: limit oneDNN to AVX2 (unless ONEDNN_MAX_CPU_ISA is set)",
            "// and check the kernel against the LSTM equations, once per process; an exception says what to do if it is still wrong.",
            "global::ModelGen.LstmKernel.EnsureCorrect();",
        ]
        : [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.{ModuleName}(inputSize: {Integer(InputSize)}, hiddenSize: {Integer(HiddenSize)}, numLayers: {Integer(NumLayers)}, " +
        (Cell is RecurrentCell.RnnTanh or RecurrentCell.RnnRelu
            ? $"nonLinearity: {TorchSharpNames.Nn}.NonLinearities.{(Cell == RecurrentCell.RnnRelu ? "ReLU" : "Tanh")}, "
            : "") +
        $"bias: {BoolLiteral(Bias)}, batchFirst: true, dropout: {DoubleLiteral(Dropout)}, bidirectional: {BoolLiteral(Bidirectional)})";

    public override void WriteTorchSharpForward(TorchSharpForward f)
    {
        // TorchSharp returns the output sequence with the final state(s), as PyTorch does.
        bool lstm = Cell == RecurrentCell.Lstm;
        f.Writer.Line($"// {f.Shapes}; the final hidden {(lstm ? "and cell states are" : "state is")} not used.");
        f.Writer.Line($"{f.Var}({f.Target}, _{(lstm ? ", _" : "")}) = {f.Module}.call({f.Input});");
    }

    public override void WriteOnnx(OnnxForward f)
    {
        // ONNX orders the gate blocks differently from PyTorch: the order lists ONNX's blocks as indexes of PyTorch's.
        (string op, string order, string note) = Cell switch
        {
            RecurrentCell.Gru => ("GRU", "1, 0, 2", "PyTorch's gate blocks r, z, n become ONNX's z, r, h, and linear_before_reset = 1 applies the reset gate as PyTorch does"),
            RecurrentCell.Lstm => ("LSTM", "0, 3, 1, 2", "PyTorch's gate blocks i, f, g, o become ONNX's i, o, f, c"),
            RecurrentCell.RnnTanh or RecurrentCell.RnnRelu => ("RNN", "0", $"activation {(Cell == RecurrentCell.RnnRelu ? "Relu" : "Tanh")}"),
            _ => throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "no ONNX operator for this cell"),
        };
        var attributes = new List<string> { Int("hidden_size", HiddenSize), String("direction", Bidirectional ? "bidirectional" : "forward") };
        if (Cell == RecurrentCell.Gru) attributes.Add(Int("linear_before_reset", 1));
        if (Cell is RecurrentCell.RnnTanh or RecurrentCell.RnnRelu) attributes.Add(Strings("activations", Enumerable.Repeat(Activation, Directions).ToArray()));
        string GateWeights(params string[] parameters)
        {
            string Direction(string suffix) => "new[] { " + string.Join(", ", parameters.Select(p => f.Parameter($"{p}_l{{layer}}{suffix}"))) + " }";
            string directions = Bidirectional ? $"new[] {{ {Direction("")}, {Direction("_reverse")} }}" : $"new[] {{ {Direction("")} }}";
            return $"global::ModelGen.Export.OnnxGraph.Gates({directions}, {Integer(Gates)}, new[] {{ {order} }})";
        }

        f.Comment($"{f.Path}: one ONNX {op} node per layer, on [steps, batch, features]; {note}.");
        f.Assign(Node("Transpose", Value, Ints("perm", 1, 0, 2)));
        using (f.Writer.Block($"for (int layer = 0; layer < {Integer(NumLayers)}; layer++)"))
        {
            f.Writer.Line($"string w = {Graph}.Weight({Text(f.WeightName("W_l{layer}"))}, {GateWeights("weight_ih")});");
            f.Writer.Line($"string r = {Graph}.Weight({Text(f.WeightName("R_l{layer}"))}, {GateWeights("weight_hh")});");
            if (Bias) f.Writer.Line($"string b = {Graph}.Weight({Text(f.WeightName("B_l{layer}"))}, {GateWeights("bias_ih", "bias_hh")});");
            f.Assign(Node(op, $"{Value}, w, r{(Bias ? ", b" : "")}", attributes.ToArray()));
            f.Comment("Y is [steps, directions, batch, hidden]: to [steps, batch, directions·hidden] for the next layer.");
            f.Assign(Node("Transpose", Value, Ints("perm", 0, 2, 1, 3)));
            f.Assign(Node("Reshape", $"{Value}, {IntsConstant(0, 0, -1)}"));
        }
        f.Assign(Node("Transpose", Value, Ints("perm", 1, 0, 2)));
    }

    /// <summary>ONNX's name for an RNN's non-linearity.</summary>
    private string Activation => Cell == RecurrentCell.RnnRelu ? "Relu" : "Tanh";

    public override string PyTorchConstructor() =>
        $"nn.{ModuleName}({Integer(InputSize)}, {Integer(HiddenSize)}" +
        (NumLayers != 1 ? $", num_layers={Integer(NumLayers)}" : "") +
        (Cell == RecurrentCell.RnnRelu ? ", nonlinearity=\"relu\"" : "") +
        (Bias ? "" : ", bias=False") + ", batch_first=True" +
        (Dropout != 0 ? $", dropout={PyTorchForward.Float(Dropout)}" : "") +
        (Bidirectional ? ", bidirectional=True" : "") + ")";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) =>
        f.Writer.Line($"{PyTorchForward.Value}, _ = {f.Module}({PyTorchForward.Value})");
}

internal sealed class GruKind : LayerKind<GruAttribute>
{
    protected override LayerSpec Read(GruAttribute a) => Recurrent(RecurrentCell.Gru, a);

    internal static RecurrentSpec Recurrent(RecurrentCell cell, RecurrentLayerAttribute a) =>
        new(cell, a.InputSize, a.HiddenSize, a.NumLayers, a.Bias, a.Dropout, a.Bidirectional) { Frozen = a.Frozen };
}

internal sealed class LstmKind : LayerKind<LstmAttribute>
{
    protected override LayerSpec Read(LstmAttribute a) => GruKind.Recurrent(RecurrentCell.Lstm, a);
}

internal sealed class RnnKind : LayerKind<RnnAttribute>
{
    protected override LayerSpec Read(RnnAttribute a) =>
        GruKind.Recurrent(a.Nonlinearity == RnnNonlinearity.Relu ? RecurrentCell.RnnRelu : RecurrentCell.RnnTanh, a) with
        {
            UndefinedNonlinearity = Enum.IsDefined(typeof(RnnNonlinearity), a.Nonlinearity) ? null : (int)a.Nonlinearity,
        };
}
