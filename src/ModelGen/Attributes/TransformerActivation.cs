namespace ModelGen;

/// <summary>The activation between a transformer layer's two feed-forward Linears, as PyTorch's <c>activation</c> argument.</summary>
public enum TransformerActivation
{
    /// <summary><c>"relu"</c>, PyTorch's default.</summary>
    ReLU,

    /// <summary><c>"gelu"</c>: the exact GELU (<c>approximate="none"</c>), as PatchTST uses.</summary>
    GELU,
}
