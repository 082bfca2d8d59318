using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A frozen (pretrained) GRU encoder read at its second-to-last step by a trainable head.</summary>
[Model(Input = [10, 3], Output = [2])]
public partial class FrozenEncoder
{
    [Gru(3, 8, Frozen = true)]
    private readonly GRU encoder;

    [Step(-2)]
    [Linear(8, 2)]
    private readonly Linear head;
}
