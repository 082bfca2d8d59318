using System;

namespace ModelGen;

/// <summary>
/// Names what a layer reads, instead of the previous layer's output: an input of the model (a property of
/// its <see cref="ModelAttribute.Inputs"/> record, or <c>"input"</c> for a model declared with
/// <see cref="ModelAttribute.Input"/>), or a field declared earlier (its layer's output). Inside a
/// <see cref="BlockAttribute"/> class, <c>"input"</c> is the block's input. Several names are joined as
/// <see cref="Merge"/> says: concatenated on the last dimension in the order given (a vector joining
/// sequences is repeated over their steps; the sequences must have the same number of steps), or summed.
/// <see cref="LastStepAttribute"/> and <see cref="StepAttribute"/> apply after the join.
/// </summary>
/// <example><c>[From(nameof(SalesInputs.Future), nameof(context))] [Linear(35, 1)] private readonly Linear head;</c></example>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class FromAttribute : Attribute
{
    /// <summary>The name of the model's single input (<see cref="ModelAttribute.Input"/>) or of a block's input.</summary>
    public const string Input = "input";

    /// <summary>Names the layer's sources.</summary>
    /// <param name="sources">Inputs or earlier fields, by name (<c>nameof(...)</c>), in the order they are joined.</param>
    public FromAttribute(params string[] sources) => Sources = sources ?? [];

    /// <summary>The sources, in the order they are joined.</summary>
    public string[] Sources { get; }

    /// <summary>How several sources are joined: <see cref="Merge.Concat"/> (the default) or <see cref="Merge.Add"/>.</summary>
    public Merge Merge { get; set; } = Merge.Concat;
}
