using System;

namespace ModelGen;

/// <summary>
/// Sets one of a block's public consts at this use: <c>[With(nameof(ResidualConv.Dilation), 2)]</c> on a
/// field of a <see cref="BlockAttribute"/> type makes the block's attributes read <c>Dilation</c> as 2 there.
/// Repeat it for several consts. Inside a block, the value may be one of that block's own consts, which
/// passes it down.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true, Inherited = false)]
public sealed class WithAttribute : Attribute
{
    /// <summary>Sets a const.</summary>
    /// <param name="name">The const's name, as <c>nameof(Block.Const)</c>.</param>
    /// <param name="value">Its value at this use: of the const's type (an int for a double const is widened).</param>
    public WithAttribute(string name, object value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The const's name.</summary>
    public string Name { get; }

    /// <summary>Its value at this use.</summary>
    public object Value { get; }
}
