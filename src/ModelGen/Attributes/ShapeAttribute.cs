using System;

namespace ModelGen;

/// <summary>
/// Gives a <c>Tensor</c> property of a model's inputs record its per-sample shape: the model receives it as
/// float32 <c>[batch, ...dimensions]</c>, e.g. <c>[property: Shape(48, 4)] Tensor Past</c> for 48 steps of
/// 4 features. See <see cref="ModelAttribute.Inputs"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>Declares the shape.</summary>
    /// <param name="dimensions">The per-sample dimensions, e.g. <c>48, 4</c> for <c>[steps, features]</c>.</param>
    public ShapeAttribute(params int[] dimensions) => Dimensions = dimensions ?? [];

    /// <summary>The per-sample dimensions.</summary>
    public int[] Dimensions { get; }
}
