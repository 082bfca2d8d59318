using System.Collections.Generic;

namespace ModelGen;

/// <summary>One input of a model in its <see cref="ModelSummary"/>.</summary>
/// <param name="Name">The input's name: <c>input</c>, or the property of the model's inputs record.</param>
/// <param name="Shape">Its shape including the batch dimension.</param>
/// <param name="DType">Its element type: <c>float32</c>, or <c>int64</c> for category ids.</param>
/// <param name="Categories">For category ids, how many categories there are; null otherwise.</param>
public sealed record InputSummary(string Name, IReadOnlyList<long> Shape, string DType, int? Categories = null)
{
    /// <summary>Bytes per element of <see cref="DType"/>.</summary>
    public int BytesPerElement => DType == "int64" ? 8 : ModelSummary.BytesPerElement;
}
