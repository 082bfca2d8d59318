using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A trainable GRU encoder with a frozen (pretrained) autoregressive decoder, started from feature 1.</summary>
[Model(Input = [8, 2], Output = [4, 1])]
public partial class PretrainedDecoder
{
    [Gru(2, 8)]
    private readonly GRU encoder;

    [LastStep]
    [AutoregressiveGru(8, 1, 4, FirstInput = [1], Frozen = true)]
    private readonly AutoregressiveGruHead head;
}
