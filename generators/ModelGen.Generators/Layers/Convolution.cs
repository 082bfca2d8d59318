namespace ModelGen.Generators.Layers;

/// <summary>The arithmetic PyTorch's <c>nn.Conv1d</c> does, shared by the convolution kinds.</summary>
internal static class Convolution
{
    /// <summary><c>out · (in / groups) · kernel</c> weights, plus <c>out</c> biases.</summary>
    public static long Parameters(int inChannels, int outChannels, int kernelSize, int groups, bool bias) =>
        checked((long)outChannels * (inChannels / groups) * kernelSize + (bias ? outChannels : 0));

    /// <summary>
    /// PyTorch's output length <c>⌊(L' − dilation·(kernel − 1) − 1) / stride⌋ + 1</c> for an input of
    /// <paramref name="paddedLength"/> steps after padding, with the floor taken towards −∞, so a value
    /// below 1 means the kernel does not fit.
    /// </summary>
    public static long OutputLength(long paddedLength, int kernelSize, int stride, int dilation)
    {
        long numerator = paddedLength - (long)dilation * (kernelSize - 1) - 1;
        long quotient = numerator / stride;
        if (numerator < 0 && numerator % stride != 0) quotient--;
        return quotient + 1;
    }

    /// <summary>Groups must divide both channel counts.</summary>
    public static bool CheckGroups(LayerContext c, string inProperty, int inChannels, string outProperty, int outChannels, string groupsProperty, int groups)
    {
        if (inChannels % groups == 0 && outChannels % groups == 0) return true;
        c.InvalidArgument(groupsProperty, "is " + Core.Format.Count(groups),
            $"a divisor of both {c.Argument(inProperty)} ({Core.Format.Count(inChannels)}) and {c.Argument(outProperty)} ({Core.Format.Count(outChannels)})");
        return false;
    }
}
