using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen;

/// <summary>
/// A model's layers, shapes, parameter counts and mult-adds for one batch size, with the totals
/// torchinfo reports. Generated models build it from figures computed at compile time, so no
/// forward pass (and no native library) is needed. <see cref="ToString"/> prints torchinfo's table.
/// </summary>
public sealed class ModelSummary
{
    /// <summary>Bytes per value: ModelGen models hold float32 parameters and activations.</summary>
    public const int BytesPerElement = 4;

    /// <summary>Creates a summary. Generated code calls this from the model's <c>Summary(int)</c>.</summary>
    /// <param name="modelName">The model's class name.</param>
    /// <param name="batchSize">The batch size the shapes and mult-adds are for.</param>
    /// <param name="inputShape">Model input shape including the batch dimension.</param>
    /// <param name="outputShape">Model output shape including the batch dimension.</param>
    /// <param name="layers">The layers in the order they run.</param>
    /// <param name="head">The multi-step output, if the model has one.</param>
    /// <param name="inputs">
    /// The model's inputs, for a model with named inputs (the first is <paramref name="inputShape"/>); null for
    /// one input named <c>input</c> of <paramref name="inputShape"/>.
    /// </param>
    public ModelSummary(
        string modelName,
        int batchSize,
        IReadOnlyList<long> inputShape,
        IReadOnlyList<long> outputShape,
        IReadOnlyList<LayerSummary> layers,
        ForecastHead? head = null,
        IReadOnlyList<InputSummary>? inputs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        ThrowIfInvalidBatchSize(batchSize, modelName);
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(outputShape);
        ArgumentNullException.ThrowIfNull(layers);

        ModelName = modelName;
        BatchSize = batchSize;
        InputShape = inputShape;
        OutputShape = outputShape;
        Layers = layers;
        Head = head;
        Inputs = inputs ?? [new InputSummary("input", inputShape, "float32")];

        try
        {
            checked
            {
                // A module called again (a recursive row) holds the parameters of its first row: counted once.
                TotalParameters = layers.Where(l => !l.IsRecursive).Sum(l => l.Parameters);
                TrainableParameters = layers.Where(l => !l.IsRecursive).Sum(l => l.TrainableParameters);
                TotalMultAdds = layers.Sum(l => l.MultAdds);
                // torchinfo's "Input size" is every input tensor's bytes (it adds Python object overhead, which this leaves out).
                InputSizeBytes = Inputs.Sum(i => ShapeMath.Elements(i.Shape) * i.BytesPerElement);
                // torchinfo counts the outputs of layers that have parameters, twice (activations and their gradients).
                ForwardBackwardPassSizeBytes = layers.Where(l => l.Parameters > 0).Sum(l => l.OutputBytes) * 2;
                ParamsSizeBytes = TotalParameters * BytesPerElement;
                _ = EstimatedTotalSizeBytes;
            }
        }
        catch (OverflowException)
        {
            throw TooLarge(batchSize, modelName);
        }
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="batchSize"/> is positive.</summary>
    /// <remarks>Generated <c>Summary(int)</c> methods call this before computing anything from the batch size.</remarks>
    public static void ThrowIfInvalidBatchSize(int batchSize, string modelName)
    {
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"The batch size for {modelName}'s summary must be a positive number of samples; got {batchSize}.");
    }

    /// <summary>
    /// A per-sample count times the batch size, for generated <c>Summary(int)</c> methods. A product
    /// beyond 64 bits is reported as an <see cref="ArgumentOutOfRangeException"/> on the batch size.
    /// </summary>
    public static long ForBatch(long perSample, int batchSize, string modelName)
    {
        ThrowIfInvalidBatchSize(batchSize, modelName);
        try
        {
            return checked(perSample * batchSize);
        }
        catch (OverflowException)
        {
            throw TooLarge(batchSize, modelName);
        }
    }

    private static ArgumentOutOfRangeException TooLarge(int batchSize, string modelName) =>
        new(nameof(batchSize), batchSize,
            $"{modelName}'s summary for a batch of {batchSize} has counts that do not fit in 64 bits; use a smaller batch size.");

    /// <summary>The model's class name.</summary>
    public string ModelName { get; }

    /// <summary>The batch size the shapes and mult-adds are for.</summary>
    public int BatchSize { get; }

    /// <summary>Model input shape including the batch dimension (the first input's, for named inputs, as torchinfo shows it).</summary>
    public IReadOnlyList<long> InputShape { get; }

    /// <summary>The model's inputs, in order: one named <c>input</c>, or the properties of its inputs record.</summary>
    public IReadOnlyList<InputSummary> Inputs { get; }

    /// <summary>Model output shape including the batch dimension.</summary>
    public IReadOnlyList<long> OutputShape { get; }

    /// <summary>The layers in the order they run.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>The model's multi-step output as planned at compile time, or null for a single-step output.</summary>
    public ForecastHead? Head { get; }

    /// <summary>torchinfo's "Total params".</summary>
    public long TotalParameters { get; }

    /// <summary>torchinfo's "Trainable params".</summary>
    public long TrainableParameters { get; }

    /// <summary>torchinfo's "Non-trainable params".</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>torchinfo's "Total mult-adds", as a count (the table prints it scaled, e.g. in millions).</summary>
    public long TotalMultAdds { get; }

    /// <summary>Bytes of one batch of every input. torchinfo adds Python object overhead here; ModelGen reports the tensors' bytes.</summary>
    public long InputSizeBytes { get; }

    /// <summary>torchinfo's "Forward/backward pass size": outputs of layers with parameters, times two.</summary>
    public long ForwardBackwardPassSizeBytes { get; }

    /// <summary>torchinfo's "Params size".</summary>
    public long ParamsSizeBytes { get; }

    /// <summary>torchinfo's "Estimated Total Size": input + forward/backward pass + parameters.</summary>
    public long EstimatedTotalSizeBytes => checked(InputSizeBytes + ForwardBackwardPassSizeBytes + ParamsSizeBytes);

    /// <summary>The summary as torchinfo prints it (columns Input Shape, Output Shape, Param #, Mult-Adds).</summary>
    public override string ToString() => TorchinfoTable.Format(this);
}
