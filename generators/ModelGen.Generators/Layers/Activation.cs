using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;

namespace ModelGen.Generators.Layers;

/// <summary>Element-wise activations.</summary>
internal enum ActivationKind
{
    ReLU,
    Tanh,
    GELU,
    Sigmoid,
}

/// <summary><c>[ReLU]</c>, <c>[Tanh]</c>, <c>[GELU]</c> (exact, erf) or <c>[Sigmoid]</c>: element by element, no parameters.</summary>
internal sealed record ActivationSpec(ActivationKind Kind) : LayerSpec
{
    public override Type AttributeType => Kind switch
    {
        ActivationKind.ReLU => typeof(ReLUAttribute),
        ActivationKind.Tanh => typeof(TanhAttribute),
        ActivationKind.GELU => typeof(GELUAttribute),
        ActivationKind.Sigmoid => typeof(SigmoidAttribute),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "no attribute for this activation"),
    };

    /// <summary>PyTorch and TorchSharp name the module as the attribute does: <c>nn.ReLU</c>.</summary>
    private string ModuleName => Kind.ToString();

    public override string TorchinfoName => ModuleName;

    public override string MessageName => ModuleName;

    public override string FieldType => "TorchSharp.Modules." + ModuleName;

    public override LayerTraits Traits => LayerTraits.ElementWise;

    public override HeadStrategy? Decoding => null;

    public override bool CheckArguments(LayerContext c) => true;

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input) => c.Result(input, input, 0, 0);

    public override string Describe() => ModuleName;

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() => $"{TorchSharpNames.Nn}.{ModuleName}()";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        switch (Kind)
        {
            case ActivationKind.GELU:
                // Exact GELU, as PyTorch's default (approximate='none'); opset 17 has no Gelu operator.
                f.Comment($"{f.Path}: exact GELU, x·½·(1 + erf(x/√2)).");
                f.Assign(OnnxGelu(Value));
                break;
            case ActivationKind.ReLU:
            case ActivationKind.Tanh:
            case ActivationKind.Sigmoid:
                string op = Kind == ActivationKind.ReLU ? "Relu" : ModuleName;
                f.Comment($"{f.Path}: ONNX {op}.");
                f.Assign(Node(op, Value));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "no ONNX operator for this activation");
        }
    }

    /// <summary>The exact GELU of <paramref name="value"/> as ONNX nodes (C# text): <c>value·½·(1 + erf(value/√2))</c>.</summary>
    public static string OnnxGelu(string value) =>
        Node("Mul", $"{Node("Mul", $"{value}, {Graph}.Filled(0.5f)")}, " +
                    $"{Node("Add", $"{Graph}.Filled(1f), {Node("Erf", Node("Div", $"{value}, {Graph}.Filled(1.41421356f)"))}")}");

    public override string PyTorchConstructor() => $"nn.{ModuleName}()";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class ReLUKind : LayerKind<ReLUAttribute>
{
    protected override LayerSpec Read(ReLUAttribute a) => new ActivationSpec(ActivationKind.ReLU);
}

internal sealed class TanhKind : LayerKind<TanhAttribute>
{
    protected override LayerSpec Read(TanhAttribute a) => new ActivationSpec(ActivationKind.Tanh);
}

internal sealed class GELUKind : LayerKind<GELUAttribute>
{
    protected override LayerSpec Read(GELUAttribute a) => new ActivationSpec(ActivationKind.GELU);
}

internal sealed class SigmoidKind : LayerKind<SigmoidAttribute>
{
    protected override LayerSpec Read(SigmoidAttribute a) => new ActivationSpec(ActivationKind.Sigmoid);
}
