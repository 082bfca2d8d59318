using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// A residual block of Bai et al.'s TCN: two dilated causal convolutions, each followed by a ReLU and
/// dropout, and the block's input added back (through a 1×1 convolution when the widths differ).
/// </summary>
[Block(Residual = true)]
public partial class TcnBlock
{
    public const int In = 16, Width = 16, Dilation = 1;

    [CausalConv1d(In, Width, 3, Dilation = Dilation)]
    private readonly Conv1d conv1;

    [ReLU]
    private readonly ReLU relu1;

    [Dropout(0.1)]
    private readonly Dropout drop1;

    [CausalConv1d(Width, Width, 3, Dilation = Dilation)]
    private readonly Conv1d conv2;

    [ReLU]
    private readonly ReLU relu2;
}

/// <summary>
/// A TCN of three residual blocks with dilations 1, 2 and 4 (the first widens 3 features to 16
/// channels, so its shortcut is a 1×1 convolution), then a multi-output read-out of the last step.
/// </summary>
[Model(Input = [32, 3], Output = [6, 1], MultiOutput = true)]
public partial class ResidualTcn
{
    [With(nameof(TcnBlock.In), 3)]
    private readonly TcnBlock block1;

    [With(nameof(TcnBlock.Dilation), 2)]
    private readonly TcnBlock block2;

    [With(nameof(TcnBlock.Dilation), TcnBlock.Dilation * 4)]
    private readonly TcnBlock block3;

    [LastStep]
    [Linear(16, 6)]
    private readonly Linear head;
}
