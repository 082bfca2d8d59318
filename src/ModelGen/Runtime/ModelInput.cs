using System;
using System.ComponentModel;
using TorchSharp;

namespace ModelGen;

/// <summary>Checks a model's input before it reaches libtorch. Called by generated <c>forward</c> methods.</summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public static class ModelInput
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the model, the expected shape
    /// (<c>[*, 10, 3]</c>) and the actual one unless <paramref name="input"/> is a batch of samples of
    /// shape <paramref name="perSampleShape"/>.
    /// </summary>
    public static void Check(torch.Tensor input, string modelName, ReadOnlySpan<long> perSampleShape)
    {
        ArgumentNullException.ThrowIfNull(input);
        long[] actual = input.shape;
        bool matches = actual.Length == perSampleShape.Length + 1 && actual.AsSpan(1).SequenceEqual(perSampleShape);
        if (!matches)
        {
            throw new ArgumentException(
                $"{modelName} expects input of shape [*, {string.Join(", ", perSampleShape.ToArray())}] " +
                $"(batch first), but got {ShapeMath.Format(actual)}.",
                nameof(input));
        }
    }
}
