using System;

namespace ModelGen.Generators.Layers;

/// <summary>
/// What a layer kind does to the values and steps that pass through it. The planner, the analyzers and
/// the emitters decide by these, never by testing for particular kinds.
/// </summary>
[Flags]
internal enum LayerTraits
{
    /// <summary>Keeps every value where it is (activations, dropout, normalisation, reshaping).</summary>
    None = 0,

    /// <summary>
    /// Computes new features as learned combinations of its inputs (a read-out, an encoder, a decoder):
    /// the last such layer is the model's head, which decides how output steps depend on each other.
    /// </summary>
    MapsFeatures = 1,

    /// <summary>Computes each output step from several input steps (a convolution's window, a recurrence).</summary>
    MixesSteps = 2,

    /// <summary>
    /// Its output steps are its own hidden states over the input window, each computed from the one
    /// before (a recurrent encoder): an encoder's sequence, never a forecasting head.
    /// </summary>
    Recurrent = 4,

    /// <summary>Needs a sequence, <c>[steps, features]</c>, per sample (MG0008 otherwise).</summary>
    NeedsSequence = 8,

    /// <summary>Needs one vector, <c>[features]</c>, per sample: a decoder seeded with the encoder's final state (MG0017 otherwise).</summary>
    NeedsVector = 16,

    /// <summary>Runs on <c>[batch, channels, steps]</c> (a convolution): the generated code transposes around a run of such layers.</summary>
    ChannelsFirst = 32,

    /// <summary>
    /// Computes each value from that value alone (an activation, dropout), so it runs in any layout:
    /// between convolutions it stays channels-first, as in the PyTorch module a user would write.
    /// </summary>
    ElementWise = 64,

    /// <summary>Reads category ids (a <c>[Categorical]</c> input, int64): an embedding table. No other layer may read them (MG0022).</summary>
    ReadsCategories = 128,

    /// <summary>
    /// Normalises the model's input and maps its output back (RevIN): it must be the model's first node, reading its
    /// one input, and the emitters end forward with <see cref="LayerSpec.TorchSharpOutput"/> and its kin.
    /// </summary>
    MapsOutputBack = 256,
}
