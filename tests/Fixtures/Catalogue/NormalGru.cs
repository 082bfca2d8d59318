using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A recurrent encoder read out as a Normal distribution for each of 4 steps of 2 values: [batch, 4, 2, 2] of loc and scale.</summary>
[Model(Input = [12, 2], Output = [4, 2], Distribution = OutputDistribution.Normal, MultiOutput = true)]
public partial class NormalGru
{
    [Gru(2, 8, NumLayers = 2)]
    private readonly GRU encoder;

    [LastStep]
    [Linear(8, 16)]
    private readonly Linear head;
}
