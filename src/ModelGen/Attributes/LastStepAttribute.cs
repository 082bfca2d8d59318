using System;

namespace ModelGen;

/// <summary>
/// Feeds this layer the last time step of the previous layer's sequence output:
/// <c>[steps, features]</c> becomes <c>[features]</c> per sample, PyTorch's <c>output[:, -1, :]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class LastStepAttribute : Attribute
{
}
