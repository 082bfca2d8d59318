using System;

namespace ModelGen;

/// <summary>
/// The activation 1 / (1 + e^−x), element by element: PyTorch's <c>nn.Sigmoid()</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Sigmoid</c>. Keeps the shape.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class SigmoidAttribute : Attribute
{
}
