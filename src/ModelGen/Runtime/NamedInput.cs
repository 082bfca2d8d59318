using System;
using System.Collections.Generic;

namespace ModelGen;

/// <summary>
/// One of a model's named inputs (a property of its <c>Inputs</c> record), as generated code describes it to
/// the checks in <c>forward</c> and to the ONNX export.
/// </summary>
/// <param name="Name">The property's name.</param>
/// <param name="Shape">Its per-sample shape (empty for a categorical input: one category per sample).</param>
/// <param name="Categories">For a categorical input (int64), how many categories there are; null for float values.</param>
public sealed record NamedInput(string Name, IReadOnlyList<long> Shape, int? Categories = null)
{
    /// <summary>Whether the input holds category ids (int64) rather than float values.</summary>
    public bool IsCategorical => Categories is not null;

    /// <summary>How messages describe what the input must be: <c>float32 [batch, 48, 4]</c>, <c>int64 [batch] with categories 0 to 19</c>.</summary>
    public string Expected => IsCategorical
        ? $"int64 [batch] with categories 0 to {Categories - 1}"
        : $"[batch, {string.Join(", ", Shape)}]";
}
