using System;

namespace ModelGen.Generators.Core;

/// <summary>
/// Parameter counts and mult-adds as PyTorch and torchinfo compute them. Per sample: torchinfo
/// multiplies by the batch, which the generated <c>Summary(batchSize)</c> does at run time.
/// </summary>
internal static class LayerMath
{
    /// <summary>
    /// PyTorch's recurrent parameters: per direction, layer 0 has <c>G·H·in + G·H·H</c> weights and
    /// layer k&gt;0 has <c>G·H·(D·H) + G·H·H</c>, plus <c>2·G·H</c> biases each when bias is on
    /// (G = 3 gate blocks for GRU, D = directions).
    /// </summary>
    public static long RecurrentParameters(RecurrentSpec gru)
    {
        long g = gru.Gates, h = gru.HiddenSize, d = gru.Directions;
        long bias = gru.Bias ? 2 * g * h : 0;
        long first = checked(g * h * gru.InputSize + g * h * h + bias);
        long later = checked(g * h * (d * h) + g * h * h + bias);
        return checked(d * (first + (gru.NumLayers - 1) * later));
    }

    /// <summary>torchinfo counts RNN weights (<c>weight_ih_l0</c>, ...) × batch × steps.</summary>
    public static long RecurrentMultAddsPerSample(long parameters, int steps) => checked(parameters * steps);

    /// <summary>PyTorch's Conv1d: <c>out · (in / groups) · kernel</c> weights, plus <c>out</c> biases.</summary>
    public static long ConvParameters(Conv1dSpec conv) =>
        checked((long)conv.OutChannels * (conv.InChannels / conv.Groups) * conv.KernelSize + (conv.Bias ? conv.OutChannels : 0));

    /// <summary>
    /// PyTorch's output length <c>⌊(L + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1</c>, with the
    /// floor taken towards −∞, so a value below 1 means the kernel does not fit.
    /// </summary>
    public static long ConvOutputLength(int steps, Conv1dSpec conv)
    {
        long numerator = (long)steps + 2L * conv.Padding - (long)conv.Dilation * (conv.KernelSize - 1) - 1;
        long quotient = numerator / conv.Stride;
        if (numerator < 0 && numerator % conv.Stride != 0) quotient--;
        return quotient + 1;
    }

    public static long LinearParameters(LinearSpec linear) =>
        checked((long)linear.InFeatures * linear.OutFeatures + (linear.Bias ? linear.OutFeatures : 0));

    /// <summary>torchinfo: Linear parameters × every output dimension but the last (batch included).</summary>
    public static long LinearMultAddsPerSample(long parameters, EquatableArray<int> output)
    {
        long positions = 1;
        for (int i = 0; i < output.Count - 1; i++) positions = checked(positions * output[i]);
        return checked(parameters * positions);
    }

    /// <summary>Values in a shape, or null when the count does not fit in 64 bits.</summary>
    public static long? Elements(EquatableArray<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0 || (d != 0 && n > long.MaxValue / d)) return null;
            n *= d;
        }
        return n;
    }

    public static string Format(EquatableArray<int> shape) => "[" + string.Join(", ", shape) + "]";
}
