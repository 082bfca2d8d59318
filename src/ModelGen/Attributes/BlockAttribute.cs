using System;

namespace ModelGen;

/// <summary>
/// Declares a <c>partial</c> class as a block: a sub-module made of layer fields, declared with the same
/// attributes as a <see cref="ModelAttribute"/> class, used as the type of a field in a model (or in another
/// block). Its public consts are its parameters: <see cref="WithAttribute"/> sets them at each use, and its
/// shapes are planned at each use, so one block class serves any input its attributes accept. Its layers'
/// state_dict names nest under the field's name, as in PyTorch (<c>block1.conv1.weight</c>).
/// </summary>
/// <remarks>
/// A block is created by the models that use it, for the input it receives there; it has no constructor of
/// its own.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BlockAttribute : Attribute
{
    /// <summary>
    /// Whether the block is residual: its output is the body's output plus its input, or, when the body
    /// changes the width, plus the input projected by a <c>downsample</c> layer ModelGen adds
    /// (<c>Conv1d(in, out, 1)</c> when the body works channels-first, <c>Linear(in, out)</c> otherwise), as in
    /// Bai et al.'s TCN. The body runs first, then the shortcut. Default false.
    /// </summary>
    public bool Residual { get; set; }

    /// <summary>
    /// With <see cref="Forecast"/>: the field whose output is the block's backcast, making the block an N-BEATS block
    /// that returns a backcast (of its input's shape) and a forecast. Consecutive fields of such blocks form a doubly
    /// residual stack: each later block reads the input minus the backcasts of the blocks before it, and its field's
    /// value is the sum of their forecasts and its own (darts' and Oreshkin et al.'s stacking). A block with
    /// <see cref="FromAttribute"/> of its own starts a new stack. Write it with <c>nameof</c>.
    /// </summary>
    public string? Backcast { get; set; }

    /// <summary>With <see cref="Backcast"/>: the field whose output is the block's forecast, the same shape in every block of a stack.</summary>
    public string? Forecast { get; set; }

    /// <summary>
    /// Whether each feature of the block's input runs through the body as a series of its own (channel independence, as
    /// PatchTST does): a use reading <c>[steps, features]</c> folds the features into the batch, so the body reads
    /// <c>[steps, 1]</c> (its summary rows show a batch of <c>batch · features</c>, as torchinfo does), and unfolds its output,
    /// <c>[horizon]</c> or <c>[horizon, 1]</c> per series, into <c>[horizon, features]</c>. One set of weights serves every
    /// feature. Default false.
    /// </summary>
    public bool ChannelIndependent { get; set; }
}
