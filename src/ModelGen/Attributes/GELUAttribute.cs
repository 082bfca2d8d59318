using System;

namespace ModelGen;

/// <summary>
/// The activation x·Φ(x), the Gaussian error linear unit, element by element: PyTorch's <c>nn.GELU()</c>. Put it on a field of type
/// <c>TorchSharp.Modules.GELU</c>. Keeps the shape.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class GELUAttribute : Attribute
{
}
