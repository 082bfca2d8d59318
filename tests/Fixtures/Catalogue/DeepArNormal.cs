using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// DeepAR's shape: an LSTM over the past values and two covariates, then an autoregressive decoder forecasting a Normal
/// per step, fed the last observed value first and each step's mean after (its Sample feeds each path its own draws).
/// </summary>
[Model(Input = [16, 3], Output = [5, 1], Distribution = OutputDistribution.Normal)]
public partial class DeepArNormal
{
    [Lstm(3, 10)]
    private readonly LSTM encoder;

    [LastStep]
    [AutoregressiveGru(10, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead head;
}
