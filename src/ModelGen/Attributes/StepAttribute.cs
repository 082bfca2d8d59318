using System;

namespace ModelGen;

/// <summary>
/// Feeds this layer one time step of the previous layer's sequence output, by index:
/// <c>[steps, features]</c> becomes <c>[features]</c> per sample, PyTorch's <c>output[:, index, :]</c>.
/// Negative indexes count from the end, so <c>[Step(-1)]</c> is <see cref="LastStepAttribute"/>.
/// Without a step attribute a layer receives the whole sequence.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class StepAttribute : Attribute
{
    /// <summary>Selects a step.</summary>
    /// <param name="index">The step: 0 is the first, -1 the last.</param>
    public StepAttribute(int index) => Index = index;

    /// <summary>The step: 0 is the first, -1 the last.</summary>
    public int Index { get; }
}
