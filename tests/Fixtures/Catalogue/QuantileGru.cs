using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>A quantile GRU: the last step read out at three levels for each of 4 steps, [batch, 4, 1, 3].</summary>
[Model(Input = [12, 2], Output = [4, 1], Quantiles = [0.1, 0.5, 0.9], MultiOutput = true)]
public partial class QuantileGru
{
    [Gru(2, 8)]
    private readonly GRU encoder;

    [LastStep]
    [Linear(8, 12)]
    private readonly Linear head;
}
