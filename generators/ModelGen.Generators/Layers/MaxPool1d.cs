using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[MaxPool1d(kernelSize, Stride, CeilMode)]</c>: PyTorch's <c>nn.MaxPool1d</c> over a vector viewed as one channel,
/// as N-HiTS pools its input window.
/// </summary>
internal sealed record MaxPool1dSpec(int KernelSize, int Stride, bool CeilMode) : LayerSpec
{
    public override Type AttributeType => typeof(MaxPool1dAttribute);

    public override string TorchinfoName => "MaxPool1d";

    public override string MessageName => "MaxPool1d";

    public override string FieldType => "TorchSharp.Modules.MaxPool1d";

    public override LayerTraits Traits => LayerTraits.None;

    public override string StepsReadAs => "the maximum of a window of its input";

    public override HeadStrategy? Decoding => null;

    /// <summary>The stride in force: PyTorch's default is the kernel size.</summary>
    private int EffectiveStride => Stride == 0 ? KernelSize : Stride;

    public override bool CheckArguments(LayerContext c)
    {
        if (!c.Size(nameof(MaxPool1dAttribute.KernelSize), KernelSize)) return false;
        if (Stride < 0 || Stride > ModelPlanner.MaxSize)
        {
            c.InvalidArgument(nameof(MaxPool1dAttribute.Stride), $"is {Count(Stride)}", $"0 (the kernel size, as in PyTorch) or 1 to {Count(ModelPlanner.MaxSize)}");
            return false;
        }
        if (CeilMode && EffectiveStride > KernelSize)
        {
            // PyTorch drops a last window that would start past the input; ONNX Runtime's ceil mode does not: refused rather than differ.
            c.InvalidArgument(nameof(MaxPool1dAttribute.Stride), $"is {Count(EffectiveStride)}, more than the kernel's {Count(KernelSize)} with CeilMode",
                $"a stride of at most {Count(KernelSize)} with CeilMode (N-HiTS pools with stride = kernel size), or CeilMode = false");
            return false;
        }
        return true;
    }

    /// <summary>PyTorch's pooled length: windows that start inside the input, the last one possibly shorter with ceil mode.</summary>
    internal static int Pooled(int length, int kernel, int stride, bool ceil)
    {
        int span = length - kernel;
        int windows = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (windows - 1) * stride >= length) windows--;
        return windows;
    }

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input.Count != 1)
        {
            c.InvalidLayer("its input", $"is {(c.From.Length > 0 ? c.From : Format.Shape(input))}",
                "a vector [length] per sample (a window flattened, as N-HiTS pools it): put a [Flatten] before it");
            return null;
        }
        int length = input[0];
        if (KernelSize > length)
        {
            c.InvalidArgument(nameof(MaxPool1dAttribute.KernelSize), $"is {Count(KernelSize)}, longer than its input's {Count(length)} values",
                $"at most {Count(length)}: a window within the input");
            return null;
        }
        int pooled = Pooled(length, KernelSize, EffectiveStride, CeilMode);
        return c.Result(input, LayerContext.Shape(pooled), 0, 0,
            moduleInput: LayerContext.Shape(1, length), moduleOutput: LayerContext.Shape(1, pooled));
    }

    public override string Describe() => $"MaxPool1d({KernelSize}{(Stride != 0 ? $", stride {Stride}" : "")}{(CeilMode ? ", ceil" : "")})";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.MaxPool1d(kernel_size: {Integer(KernelSize)}, stride: {Integer(EffectiveStride)}, ceil_mode: {(CeilMode ? "true" : "false")})";

    public override void WriteTorchSharpForward(TorchSharpForward f) =>
        f.Assign($"{f.Shapes}; pooled as one channel, [batch, 1, length].", $"{f.Module}.call({f.Input}.unsqueeze(1)).squeeze(1)");

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX MaxPool over {Integer(KernelSize)} values every {Integer(EffectiveStride)}{(CeilMode ? ", the last window possibly shorter (ceil_mode)" : "")}, on [batch, 1, length].");
        f.Assign(Node("Squeeze", $"{Node("MaxPool", $"{Node("Unsqueeze", $"{Value}, {IntsConstant(1)}")}", Ints("kernel_shape", KernelSize), Ints("strides", EffectiveStride), Int("ceil_mode", CeilMode ? 1 : 0))}, {IntsConstant(1)}"));
    }

    public override string PyTorchConstructor() =>
        $"nn.MaxPool1d({Integer(KernelSize)}{(Stride != 0 ? $", stride={Integer(Stride)}" : "")}{(CeilMode ? ", ceil_mode=True" : "")})";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f)
    {
        f.Comment("pooled as one channel, [batch, 1, length]");
        f.Assign($"{f.Module}({PyTorchForward.Value}.unsqueeze(1)).squeeze(1)");
    }
}

internal sealed class MaxPool1dKind : LayerKind<MaxPool1dAttribute>
{
    protected override LayerSpec Read(MaxPool1dAttribute a) => new MaxPool1dSpec(a.KernelSize, a.Stride, a.CeilMode);
}
