namespace ModelGen.Generators.Core;

/// <summary>A layer as its attribute declares it.</summary>
internal abstract record LayerSpec
{
    /// <summary>The attribute's short name as written, e.g. <c>Gru</c>.</summary>
    public abstract string AttributeName { get; }

    /// <summary>The PyTorch class name torchinfo shows, e.g. <c>GRU</c>.</summary>
    public abstract string PyTorchType { get; }

    /// <summary>The TorchSharp module type the field must have.</summary>
    public virtual string FieldType => "TorchSharp.Modules." + PyTorchType;

    /// <summary>Whether the layer's parameters are frozen (<c>requires_grad = false</c>).</summary>
    public bool Frozen { get; init; }
}

/// <summary>Recurrent cells ModelGen can generate.</summary>
internal enum RecurrentCell
{
    Gru,
    Lstm,
    RnnTanh,
    RnnRelu,
}

/// <summary><c>[Gru]</c>, <c>[Lstm]</c> or <c>[Rnn]</c>, batch first.</summary>
internal sealed record RecurrentSpec(
    RecurrentCell Cell,
    int InputSize,
    int HiddenSize,
    int NumLayers,
    bool Bias,
    double Dropout,
    bool Bidirectional) : LayerSpec
{
    public override string AttributeName => Cell switch
    {
        RecurrentCell.Gru => "Gru",
        RecurrentCell.Lstm => "Lstm",
        _ => "Rnn",
    };

    public override string PyTorchType => Cell switch
    {
        RecurrentCell.Gru => "GRU",
        RecurrentCell.Lstm => "LSTM",
        _ => "RNN",
    };

    /// <summary>Gate blocks PyTorch stacks per weight matrix: 4 for LSTM (i, f, g, o), 3 for GRU (r, z, n), 1 for RNN.</summary>
    public int Gates => Cell switch
    {
        RecurrentCell.Lstm => 4,
        RecurrentCell.Gru => 3,
        _ => 1,
    };

    public int Directions => Bidirectional ? 2 : 1;
}

/// <summary><c>[Linear(inFeatures, outFeatures, Bias)]</c>, applied to the last dimension.</summary>
internal sealed record LinearSpec(int InFeatures, int OutFeatures, bool Bias) : LayerSpec
{
    public override string AttributeName => "Linear";

    public override string PyTorchType => "Linear";
}

/// <summary><c>[Conv1d(inChannels, outChannels, kernelSize, Stride, Padding, Dilation, Groups, Bias)]</c> over time.</summary>
internal sealed record Conv1dSpec(int InChannels, int OutChannels, int KernelSize, int Stride, int Padding, int Dilation, int Groups, bool Bias) : LayerSpec
{
    public override string AttributeName => "Conv1d";

    public override string PyTorchType => "Conv1d";
}

/// <summary><c>[LayerNorm(normalizedShape, Eps, ElementwiseAffine)]</c> over the last dimension.</summary>
internal sealed record LayerNormSpec(int Features, double Eps, bool ElementwiseAffine) : LayerSpec
{
    public override string AttributeName => "LayerNorm";

    public override string PyTorchType => "LayerNorm";
}

/// <summary><c>[Dropout(p)]</c>.</summary>
internal sealed record DropoutSpec(double P) : LayerSpec
{
    public override string AttributeName => "Dropout";

    public override string PyTorchType => "Dropout";
}

/// <summary>Element-wise activations.</summary>
internal enum ActivationKind
{
    ReLU,
    Tanh,
    GELU,
    Sigmoid,
}

/// <summary><c>[ReLU]</c>, <c>[Tanh]</c>, <c>[GELU]</c> or <c>[Sigmoid]</c>.</summary>
internal sealed record ActivationSpec(ActivationKind Kind) : LayerSpec
{
    public override string AttributeName => Kind.ToString();

    public override string PyTorchType => Kind.ToString();
}

/// <summary><c>[Flatten]</c>: every per-sample dimension into one.</summary>
internal sealed record FlattenSpec : LayerSpec
{
    public override string AttributeName => "Flatten";

    public override string PyTorchType => "Flatten";
}

/// <summary>
/// <c>[AutoregressiveGru(hiddenSize, outFeatures, horizon, FirstInput)]</c>: a GRU cell seeded with the
/// encoder's final state, fed its own previous prediction for each of <paramref name="Horizon"/> steps.
/// </summary>
internal sealed record AutoregressiveSpec(int HiddenSize, int OutFeatures, int Horizon, EquatableArray<int> FirstInput) : LayerSpec
{
    public override string AttributeName => "AutoregressiveGru";

    public override string PyTorchType => "AutoregressiveGruHead";

    public override string FieldType => "ModelGen.AutoregressiveGruHead";
}

/// <summary><c>[DirRec(inFeatures, outFeatures, horizon)]</c>: a read-out per step, each reading the earlier predictions.</summary>
internal sealed record DirRecSpec(int InFeatures, int OutFeatures, int Horizon) : LayerSpec
{
    public override string AttributeName => "DirRec";

    public override string PyTorchType => "DirRecHead";

    public override string FieldType => "ModelGen.DirRecHead";
}

/// <summary>Names of attribute arguments, as diagnostics point at them (constructor parameters in camelCase, properties in PascalCase).</summary>
internal static class ArgumentNames
{
    public const string Input = "Input";
    public const string Output = "Output";
    public const string InputSize = "inputSize";
    public const string HiddenSize = "hiddenSize";
    public const string NumLayers = "NumLayers";
    public const string Dropout = "Dropout";
    public const string InFeatures = "inFeatures";
    public const string OutFeatures = "outFeatures";
    public const string InChannels = "inChannels";
    public const string OutChannels = "outChannels";
    public const string KernelSize = "kernelSize";
    public const string Stride = "Stride";
    public const string Padding = "Padding";
    public const string Dilation = "Dilation";
    public const string Groups = "Groups";
    public const string NormalizedShape = "normalizedShape";
    public const string Eps = "Eps";
    public const string P = "p";
    public const string Index = "index";
    public const string Horizon = "horizon";
    public const string FirstInput = "FirstInput";
}
