using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// Self-attention on its own: two features embedded to 16 per step, causal multi-head attention (dropout on its weights
/// while training), a second, frozen, attention over every step, and the last step read out to 3 steps ahead.
/// </summary>
[Model(Input = [12, 2], Output = [3, 1], MultiOutput = true)]
public partial class SelfAttentionForecaster
{
    [Linear(2, 16)]
    private readonly Linear embed;

    [MultiheadAttention(16, 4, Dropout = 0.1, Causal = true)]
    private readonly SelfAttention causal;

    [MultiheadAttention(16, 2, Frozen = true)]
    private readonly SelfAttention attention;

    [LastStep]
    [Linear(16, 3)]
    private readonly Linear head;
}
