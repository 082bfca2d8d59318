using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// Checks a model's named inputs before they reach libtorch: the record itself, then each of its tensors
    /// (<paramref name="values"/>, in the order of <paramref name="declared"/>): present, of its per-sample shape
    /// and the element type of <paramref name="model"/>'s parameters (int64 for a categorical one, whose every
    /// value must be a category), all with the same batch size. Each problem is an
    /// <see cref="ArgumentException"/> that names the input, the value found and what was expected. Called by the
    /// generated <c>forward</c> of models with <c>Inputs = typeof(...)</c>.
    /// </summary>
    public static void Check([NotNull] object? inputs, string modelName, IReadOnlyList<NamedInput> declared, torch.nn.Module model, params torch.Tensor?[] values)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(values);
        if (inputs is null) throw new ArgumentNullException(nameof(inputs), $"{modelName} needs its inputs, but got null.");
        if (values.Length != declared.Count)
            throw new ArgumentException($"{modelName} declares {declared.Count} inputs, but {values.Length} tensors were given to check.", nameof(values));
        torch.ScalarType? parameterType = null;
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            parameterType = parameter.dtype;
            break;
        }
        long batch = -1;
        string? first = null;
        for (int i = 0; i < declared.Count; i++)
        {
            NamedInput input = declared[i];
            torch.Tensor value = values[i] ?? throw new ArgumentNullException(nameof(inputs),
                $"{modelName}'s input '{input.Name}' is null; expected {input.Expected}.");
            long[] shape = value.shape;
            if (input.Categories is int categories)
            {
                if (value.dtype != torch.ScalarType.Int64)
                    throw new ArgumentException(
                        $"{modelName}'s input '{input.Name}' holds category ids, as int64, but it is {value.dtype}; convert it with .to(torch.int64) (values 0 to {categories - 1}).",
                        nameof(inputs));
                if (shape.Length != 1)
                    throw new ArgumentException(
                        $"{modelName} expects input '{input.Name}' of shape [batch] (one category per sample), but got {ShapeMath.Format(shape)}.", nameof(inputs));
            }
            else
            {
                if (shape.Length != input.Shape.Count + 1 || !shape.AsSpan(1).SequenceEqual(ToArray(input.Shape)))
                    throw new ArgumentException(
                        $"{modelName} expects input '{input.Name}' of shape [*, {string.Join(", ", input.Shape)}] (batch first), but got {ShapeMath.Format(shape)}.",
                        nameof(inputs));
                torch.ScalarType expected = parameterType ?? value.dtype;
                if (!torch.is_floating_point(value) || value.dtype != expected)
                    throw new ArgumentException(
                        $"{modelName}'s input '{input.Name}' must be {(parameterType is null ? "floating point" : expected.ToString())}, as the model's parameters, but it is {value.dtype}; convert it with .to({TorchName(parameterType ?? torch.ScalarType.Float32)}).",
                        nameof(inputs));
            }
            if (first is null) (batch, first) = (shape[0], input.Name);
            else if (shape[0] != batch)
                throw new ArgumentException(
                    $"{modelName}'s input '{input.Name}' has a batch of {shape[0]} samples, but '{first}' has {batch}; every input needs one row per sample.", nameof(inputs));
            if (input.Categories is int count && value.numel() > 0)
            {
                long lowest = value.min().item<long>(), highest = value.max().item<long>();
                if (lowest < 0 || highest >= count)
                    throw new ArgumentException(
                        $"{modelName}'s input '{input.Name}' holds the category {(lowest < 0 ? lowest : highest)}, but its categories are 0 to {count - 1}.", nameof(inputs));
            }
        }
    }

    private static long[] ToArray(IReadOnlyList<long> shape)
    {
        var array = new long[shape.Count];
        for (int i = 0; i < array.Length; i++) array[i] = shape[i];
        return array;
    }

    /// <summary>
    /// Throws unless <paramref name="targets"/> holds one output of shape <paramref name="perSampleOutput"/> for each
    /// of <paramref name="batch"/> samples, in the element type of <paramref name="model"/>'s parameters, and
    /// <paramref name="teacherForcingRatio"/> is a probability. Called by the generated <c>TrainingForward</c> of
    /// models with named inputs.
    /// </summary>
    public static void CheckTargets(torch.Tensor targets, long batch, torch.nn.Module model, string modelName, ReadOnlySpan<long> perSampleOutput, double teacherForcingRatio)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(model);
        long[] actual = targets.shape;
        if (actual.Length != perSampleOutput.Length + 1 || !actual.AsSpan(1).SequenceEqual(perSampleOutput) || actual[0] != batch)
        {
            throw new ArgumentException(
                $"{modelName} expects targets of shape [{batch}, {string.Join(", ", perSampleOutput.ToArray())}] (one output per input sample), but got {ShapeMath.Format(actual)}.",
                nameof(targets));
        }
        foreach (TorchSharp.Modules.Parameter parameter in model.parameters())
        {
            if (targets.dtype != parameter.dtype)
                throw new ArgumentException($"{modelName}'s targets must be {parameter.dtype}, as its parameters, but they are {targets.dtype}.", nameof(targets));
            break;
        }
        if (!(teacherForcingRatio >= 0 && teacherForcingRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(teacherForcingRatio), teacherForcingRatio,
                $"The teacher forcing ratio is the probability of feeding the true value, from 0 to 1; got {teacherForcingRatio}.");
        }
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
