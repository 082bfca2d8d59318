using System;

namespace ModelGen;

/// <summary>
/// Dropout, PyTorch's <c>nn.Dropout(p)</c>: zeroes values with probability <c>p</c> while training
/// (and scales the rest by <c>1/(1−p)</c>); does nothing in <c>eval()</c>. Put it on a field of type
/// <c>TorchSharp.Modules.Dropout</c>. Keeps the shape.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing each value, in [0, 1].</param>
    public DropoutAttribute(double p = 0.5) => P = p;

    /// <summary>Probability of zeroing each value.</summary>
    public double P { get; }
}
