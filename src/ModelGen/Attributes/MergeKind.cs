namespace ModelGen;

/// <summary>How <see cref="FromAttribute"/> joins several sources into a layer's input.</summary>
public enum Merge
{
    /// <summary>
    /// Concatenated on the last dimension, in the order given: <c>[steps, a]</c> and <c>[steps, b]</c> give
    /// <c>[steps, a + b]</c>. A vector joining sequences is repeated over their steps first.
    /// </summary>
    Concat,

    /// <summary>Summed: every source must have the same shape.</summary>
    Add,

    /// <summary>
    /// The first source minus each later one: every source must have the same shape. The remainder of a
    /// decomposition is the input minus its trend: <c>[From("input", nameof(trend), Merge = Merge.Subtract)]</c>.
    /// </summary>
    Subtract,
}
