using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>An LSTM encoder and a frozen (pretrained) DirRec head: one read-out per step, each reading the earlier predictions.</summary>
[Model(Input = [8, 2], Output = [3, 2])]
public partial class DirRecForecaster
{
    [Lstm(2, 12)]
    private readonly LSTM encoder;

    [LastStep]
    [DirRec(12, 2, 3, Frozen = true)]
    private readonly DirRecHead head;
}
