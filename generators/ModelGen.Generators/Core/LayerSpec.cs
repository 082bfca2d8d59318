namespace ModelGen.Generators.Core;

/// <summary>A layer as its attribute declares it.</summary>
internal abstract record LayerSpec
{
    /// <summary>The attribute's short name as written, e.g. <c>Gru</c>.</summary>
    public abstract string AttributeName { get; }

    /// <summary>The PyTorch class name torchinfo shows, e.g. <c>GRU</c>.</summary>
    public abstract string PyTorchType { get; }

    /// <summary>The TorchSharp module type the field must have.</summary>
    public abstract string FieldType { get; }
}

/// <summary>Recurrent cells ModelGen can generate.</summary>
internal enum RecurrentCell
{
    Gru,
}

/// <summary><c>[Gru(inputSize, hiddenSize, NumLayers, Bias, Dropout, Bidirectional)]</c>, batch first.</summary>
internal sealed record RecurrentSpec(
    RecurrentCell Cell,
    int InputSize,
    int HiddenSize,
    int NumLayers,
    bool Bias,
    double Dropout,
    bool Bidirectional) : LayerSpec
{
    public override string AttributeName => "Gru";

    public override string PyTorchType => "GRU";

    public override string FieldType => "TorchSharp.Modules.GRU";

    /// <summary>Gate blocks per weight matrix: PyTorch stacks 3 for GRU (r, z, n).</summary>
    public int Gates => 3;

    public int Directions => Bidirectional ? 2 : 1;
}

/// <summary><c>[Linear(inFeatures, outFeatures, Bias)]</c>, applied to the last dimension.</summary>
internal sealed record LinearSpec(int InFeatures, int OutFeatures, bool Bias) : LayerSpec
{
    public override string AttributeName => "Linear";

    public override string PyTorchType => "Linear";

    public override string FieldType => "TorchSharp.Modules.Linear";
}

/// <summary>Names of attribute arguments, as diagnostics point at them.</summary>
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
}
