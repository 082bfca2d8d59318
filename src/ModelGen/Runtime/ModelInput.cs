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
    /// shape <paramref name="perSampleShape"/>, or naming both element types unless it has the element
    /// type of <paramref name="model"/>'s parameters (float32, or what <c>model.to(...)</c> made them).
    /// </summary>
    public static void Check(torch.Tensor input, string modelName, ReadOnlySpan<long> perSampleShape, torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(model);
        long[] actual = input.shape;
        bool matches = actual.Length == perSampleShape.Length + 1 && actual.AsSpan(1).SequenceEqual(perSampleShape);
        if (!matches)
        {
            throw new ArgumentException(
                $"{modelName} expects input of shape [*, {string.Join(", ", perSampleShape.ToArray())}] " +
                $"(batch first), but got {ShapeMath.Format(actual)}.",
                nameof(input));
        }
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            torch.ScalarType expected = parameter.dtype;
            if (input.dtype == expected) return;
            string fix = torch.is_floating_point(input)
                ? $"convert the input with input.to({TorchName(expected)}), or move the model with model.to({TorchName(input.dtype)}) to compute in {input.dtype}"
                : $"convert the input with input.to({TorchName(expected)})";
            throw new ArgumentException($"{modelName}'s parameters are {expected}, but the input is {input.dtype}; {fix}.", nameof(input));
        }
        // A model without parameters computes in the input's type, which must still be a real one.
        if (!torch.is_floating_point(input))
            throw new ArgumentException($"{modelName} computes in floating point, but the input is {input.dtype}; convert it with input.to(torch.float32).", nameof(input));
    }

    /// <summary>How TorchSharp code names an element type: <c>torch.float32</c>.</summary>
    private static string TorchName(torch.ScalarType type) => "torch." + type switch
    {
        torch.ScalarType.Float32 => "float32",
        torch.ScalarType.Float64 => "float64",
        torch.ScalarType.Float16 => "float16",
        torch.ScalarType.BFloat16 => "bfloat16",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Throws unless <paramref name="targets"/> holds one output of shape <paramref name="perSampleOutput"/>
    /// per sample of <paramref name="input"/> and <paramref name="teacherForcingRatio"/> is a probability.
    /// Called by generated <c>TrainingForward</c> methods.
    /// </summary>
    public static void CheckTargets(torch.Tensor targets, torch.Tensor input, string modelName, ReadOnlySpan<long> perSampleOutput, double teacherForcingRatio)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(input);
        long[] actual = targets.shape;
        string batch = input.shape.Length > 0 ? input.shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "*";
        bool matches = actual.Length == perSampleOutput.Length + 1 && actual.AsSpan(1).SequenceEqual(perSampleOutput)
                       && input.shape.Length > 0 && actual[0] == input.shape[0];
        if (!matches)
        {
            throw new ArgumentException(
                $"{modelName} expects targets of shape [{batch}, {string.Join(", ", perSampleOutput.ToArray())}] " +
                $"(one output per input sample), but got {ShapeMath.Format(actual)}.",
                nameof(targets));
        }
        if (targets.dtype != input.dtype || targets.device_type != input.device_type)
        {
            throw new ArgumentException(
                $"{modelName}'s targets must have the input's dtype and device ({input.dtype} on {input.device}), but they are {targets.dtype} on {targets.device}.",
                nameof(targets));
        }
        if (!(teacherForcingRatio >= 0 && teacherForcingRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(teacherForcingRatio), teacherForcingRatio,
                $"The teacher forcing ratio is the probability of feeding the true value, from 0 to 1; got {teacherForcingRatio}.");
        }
    }
}
