using System;

namespace ModelGen;

/// <summary>
/// The activation tanh(x), element by element: PyTorch's <c>nn.Tanh()</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Tanh</c>. Keeps the shape.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class TanhAttribute : Attribute
{
}
