using System;

namespace ModelGen;

/// <summary>
/// An embedding table, PyTorch's <c>nn.Embedding(num_embeddings, embedding_dim)</c>: turns a categorical
/// input (<see cref="CategoricalAttribute"/>: int64, one category per sample) into a learned vector
/// <c>[embeddingDim]</c>. Put it on a field of type <c>TorchSharp.Modules.Embedding</c>, with
/// <see cref="FromAttribute"/> naming the categorical input.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class EmbeddingAttribute : Attribute
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numEmbeddings">Rows of the table: at least the input's category count.</param>
    /// <param name="embeddingDim">Features of each embedding vector.</param>
    public EmbeddingAttribute(int numEmbeddings, int embeddingDim)
    {
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
    }

    /// <summary>Rows of the table.</summary>
    public int NumEmbeddings { get; }

    /// <summary>Features of each embedding vector.</summary>
    public int EmbeddingDim { get; }

    /// <summary>
    /// Whether the table is frozen (<c>requires_grad = false</c>), e.g. for pretrained embeddings. The
    /// summary counts it as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
