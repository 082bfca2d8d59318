using System;

namespace ModelGen;

/// <summary>
/// Declares a <c>Tensor</c> property of a model's inputs record as a categorical value: int64
/// <c>[batch]</c>, one category per sample, from 0 to <c>count − 1</c> (a store, a product, a series id).
/// Only an <see cref="EmbeddingAttribute"/> layer may read it. See <see cref="ModelAttribute.Inputs"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CategoricalAttribute : Attribute
{
    /// <summary>Declares the input.</summary>
    /// <param name="count">How many categories there are: values run from 0 to <c>count − 1</c>.</param>
    public CategoricalAttribute(int count) => Count = count;

    /// <summary>How many categories there are.</summary>
    public int Count { get; }
}
