using System;

namespace ModelGen;

/// <summary>
/// A node that passes its input through, PyTorch's <c>nn.Identity()</c>: with <see cref="FromAttribute"/>,
/// <see cref="LastStepAttribute"/> or <see cref="StepAttribute"/>, it names a join or a step selection as a value of
/// its own, which later fields read, or which is the model's output. DLinear's forecast, the sum of its two time
/// maps, is <c>[From(nameof(seasonal), nameof(trend), Merge = Merge.Add)] [Identity]</c>; NLinear's last value is
/// <c>[From(FromAttribute.Input)] [LastStep] [Identity]</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Identity</c>. It has no parameters and keeps the shape; torchinfo shows it as a row of
/// its own, as ModelGen's summary does.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class IdentityAttribute : Attribute
{
}
