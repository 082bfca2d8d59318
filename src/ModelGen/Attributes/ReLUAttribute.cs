using System;

namespace ModelGen;

/// <summary>
/// The activation max(0, x), element by element: PyTorch's <c>nn.ReLU()</c>. Put it on a field of type
/// <c>TorchSharp.Modules.ReLU</c>. Keeps the shape.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class ReLUAttribute : Attribute
{
}
