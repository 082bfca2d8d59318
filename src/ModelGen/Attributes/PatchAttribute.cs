using System;

namespace ModelGen;

/// <summary>
/// Cuts a sequence into patches, as PatchTST does: with <see cref="PadEnd"/>, <see cref="Stride"/> copies of the last step
/// appended (PatchTST's <c>padding_patch="end"</c>), then windows of <see cref="Length"/> steps every <see cref="Stride"/>
/// steps, each patch's values feature by feature. In PyTorch: <c>x.unfold(1, length, stride).flatten(2)</c> on
/// <c>[batch, steps, features]</c>. Put it on a field of type <see cref="Patching"/>; it has no parameters.
/// </summary>
/// <remarks>
/// Per sample, <c>[steps, features]</c> becomes <c>[patches, features · length]</c> with
/// <c>patches = ⌊(steps − length) / stride⌋ + 1</c>, plus one with <see cref="PadEnd"/>; patch p holds steps
/// <c>p·stride</c> to <c>p·stride + length − 1</c> (feature 0's steps, then feature 1's, ...). Steps after the last whole
/// patch are not read, as in PyTorch. The patch is no longer than the sequence (MG0003 otherwise).
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class PatchAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="length">Steps in each patch.</param>
    /// <param name="stride">Steps from one patch's start to the next's.</param>
    public PatchAttribute(int length, int stride)
    {
        Length = length;
        Stride = stride;
    }

    /// <summary>Steps in each patch.</summary>
    public int Length { get; }

    /// <summary>Steps from one patch's start to the next's.</summary>
    public int Stride { get; }

    /// <summary>Whether <see cref="Stride"/> copies of the last step are appended first, as PatchTST's end padding. Default false.</summary>
    public bool PadEnd { get; set; }
}
