using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// The seed's encoder with an autoregressive head: a GRU cell seeded with the encoder's final state
/// predicts one hour, feeds it back as its next input, and repeats, starting from the last observed
/// demand (input feature 0). Each step is conditioned on the predictions before it; no MG1001.
/// </summary>
[Model(Input = [10, 3], Output = [5, 1])]
public partial class AutoregressiveModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [AutoregressiveGru(32, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead decoder;
}

/// <summary>The seed's encoder with a DirRec head: a read-out per hour, each also reading the earlier predictions.</summary>
[Model(Input = [10, 3], Output = [5, 1])]
public partial class DirRecModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [DirRec(32, 1, 5)]
    private readonly DirRecHead heads;
}
