using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>An Elman RNN with ReLU and no bias, squashed by tanh per step.</summary>
[Model(Input = [8, 2], Output = [2])]
public partial class ReluRnn
{
    [Rnn(2, 12, Nonlinearity = RnnNonlinearity.Relu, Bias = false)]
    private readonly RNN rnn;

    [Tanh]
    private readonly Tanh squash;

    [LastStep]
    [Linear(12, 2)]
    private readonly Linear head;
}
