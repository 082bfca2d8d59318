using System;

namespace ModelGen;

/// <summary>
/// Flattens each sample into one vector, PyTorch's <c>nn.Flatten()</c> (<c>start_dim=1</c>): per
/// sample, <c>[steps, features]</c> becomes <c>[steps·features]</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Flatten</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
}
