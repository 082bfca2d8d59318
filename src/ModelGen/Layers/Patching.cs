using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Cuts <c>[batch, steps, features]</c> into patches, <c>[batch, patches, features · length]</c>, as PatchTST does: with
/// end padding, <c>stride</c> copies of the last step appended, then <c>x.unfold(1, length, stride).flatten(2)</c>. Declared
/// with <see cref="PatchAttribute"/>; it has no parameters.
/// </summary>
public sealed class Patching : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer.</summary>
    /// <param name="length">Steps in each patch.</param>
    /// <param name="stride">Steps from one patch's start to the next's.</param>
    /// <param name="padEnd">Whether <paramref name="stride"/> copies of the last step are appended first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> or <paramref name="stride"/> is not positive.</exception>
    public Patching(int length, int stride, bool padEnd = false)
        : base(nameof(Patching))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        Length = length;
        Stride = stride;
        PadEnd = padEnd;
    }

    /// <summary>Steps in each patch.</summary>
    public int Length { get; }

    /// <summary>Steps from one patch's start to the next's.</summary>
    public int Stride { get; }

    /// <summary>Whether the last step is repeated <see cref="Stride"/> times first.</summary>
    public bool PadEnd { get; }

    /// <summary>The patches of a sequence of <paramref name="steps"/> steps: <c>⌊(steps − length) / stride⌋ + 1</c>, one more with end padding.</summary>
    public int PatchCount(int steps) => (steps - Length) / Stride + 1 + (PadEnd ? 1 : 0);

    /// <summary>Cuts <c>[batch, steps, features]</c> into <c>[batch, patches, features · length]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[batch, steps, features]</c> with at least <see cref="Length"/> steps.</exception>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[1] < Length)
            throw new ArgumentException($"Patches of {Length} steps are cut from [batch, steps, features] with at least {Length} steps; got [{string.Join(", ", x.shape)}].", nameof(x));
        using var scope = NewDisposeScope();
        Tensor padded = PadEnd ? cat([x, x.narrow(1, x.shape[1] - 1, 1).expand(-1, Stride, -1)], 1) : x;
        return padded.unfold(1, Length, Stride).flatten(2).MoveToOuterDisposeScope();
    }
}
