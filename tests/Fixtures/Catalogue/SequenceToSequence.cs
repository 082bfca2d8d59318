using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A sequence-to-sequence-shaped model: one value per input step, from a per-step MLP on the GRU's outputs.</summary>
[Model(Input = [10, 3], Output = [10, 1])]
public partial class SequenceToSequence
{
    [Gru(3, 16)]
    private readonly GRU gru;

    [Linear(16, 8)]
    private readonly Linear proj;

    [GELU]
    private readonly GELU gelu;

    [Linear(8, 1)]
    private readonly Linear readout;

    [Sigmoid]
    private readonly Sigmoid squash;
}
