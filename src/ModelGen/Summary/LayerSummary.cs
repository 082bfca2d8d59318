using System;
using System.Collections.Generic;

namespace ModelGen;

/// <summary>One layer's row in a <see cref="ModelSummary"/>, with torchinfo's figures.</summary>
public sealed class LayerSummary
{
    /// <summary>Creates a row. Generated code calls this with figures computed at compile time.</summary>
    /// <param name="name">The field name, which is also the state_dict prefix (e.g. <c>GRU</c>).</param>
    /// <param name="typeName">The PyTorch class name torchinfo shows (e.g. <c>GRU</c>, <c>Linear</c>).</param>
    /// <param name="depth">Nesting depth (1 for a model's direct layers).</param>
    /// <param name="depthIndex">1-based position among the layers at that depth.</param>
    /// <param name="inputShape">Input shape including the batch dimension.</param>
    /// <param name="outputShape">Output shape including the batch dimension (the first output for layers that return several).</param>
    /// <param name="parameters">Number of parameter values.</param>
    /// <param name="trainableParameters">Number of those that require gradients.</param>
    /// <param name="multAdds">Multiply-adds for one forward pass of the whole batch, counted as torchinfo does.</param>
    /// <param name="recursive">Whether the row is a later call of a module listed before (see <see cref="IsRecursive"/>).</param>
    public LayerSummary(
        string name,
        string typeName,
        int depth,
        int depthIndex,
        IReadOnlyList<long> inputShape,
        IReadOnlyList<long> outputShape,
        long parameters,
        long trainableParameters,
        long multAdds,
        bool recursive = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depthIndex);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        ArgumentOutOfRangeException.ThrowIfNegative(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(multAdds);
        if (trainableParameters < 0 || trainableParameters > parameters)
            throw new ArgumentOutOfRangeException(nameof(trainableParameters), trainableParameters,
                $"Trainable parameters must be between 0 and the layer's {parameters} parameters.");

        Name = name;
        TypeName = typeName;
        Depth = depth;
        DepthIndex = depthIndex;
        InputShape = inputShape;
        OutputShape = outputShape;
        Parameters = parameters;
        TrainableParameters = trainableParameters;
        MultAdds = multAdds;
        IsRecursive = recursive;
    }

    /// <summary>
    /// Whether the row is a later call of a module listed before (RevIN, mapping the forecast back): torchinfo shows its
    /// parameters as <c>(recursive)</c> and counts them once, at the first row; its mult-adds and output count here too.
    /// </summary>
    public bool IsRecursive { get; }

    /// <summary>The field name, which is also the state_dict prefix.</summary>
    public string Name { get; }

    /// <summary>The PyTorch class name (<c>GRU</c>, <c>Linear</c>).</summary>
    public string TypeName { get; }

    /// <summary>Nesting depth (1 for a model's direct layers).</summary>
    public int Depth { get; }

    /// <summary>1-based position among the layers at <see cref="Depth"/>.</summary>
    public int DepthIndex { get; }

    /// <summary>Input shape including the batch dimension.</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>Output shape including the batch dimension.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>Number of parameter values.</summary>
    public long Parameters { get; }

    /// <summary>Number of parameter values that require gradients.</summary>
    public long TrainableParameters { get; }

    /// <summary>Multiply-adds for one forward pass of the batch, by torchinfo's rules.</summary>
    public long MultAdds { get; }

    /// <summary>Bytes of this layer's output (float32).</summary>
    public long OutputBytes => checked(ShapeMath.Elements(OutputShape) * ModelSummary.BytesPerElement);

    /// <inheritdoc />
    public override string ToString() =>
        $"{TypeName} '{Name}': {ShapeMath.Format(InputShape)} -> {ShapeMath.Format(OutputShape)}, {Parameters:N0} params, {MultAdds:N0} mult-adds";
}
