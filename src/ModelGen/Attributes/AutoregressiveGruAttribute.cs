using System;

namespace ModelGen;

/// <summary>
/// An autoregressive forecasting head: a GRU cell seeded with the encoder's final hidden state emits
/// one step, feeds its prediction back as the next input, and repeats <c>horizon</c> times, so every
/// step is conditioned on the predictions before it. Put it, with <see cref="LastStepAttribute"/>, after
/// a recurrent encoder, on a field of type <see cref="AutoregressiveGruHead"/>.
/// </summary>
/// <remarks>
/// Per sample it takes the encoder's last step <c>[hiddenSize]</c> (for a unidirectional encoder, its
/// final hidden state) and emits <c>[horizon, outFeatures]</c>. While training, the generated
/// <c>TrainingForward(input, targets, teacherForcingRatio)</c> feeds the true previous value with that
/// probability (scheduled sampling); <c>forward</c> always feeds the model's own predictions.
/// </remarks>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class AutoregressiveGruAttribute : Attribute
{
    /// <summary>Creates the head.</summary>
    /// <param name="hiddenSize">Features of the decoder's state; must equal the encoder's.</param>
    /// <param name="outFeatures">Values per step, fed back as the next step's input.</param>
    /// <param name="horizon">Steps to decode.</param>
    public AutoregressiveGruAttribute(int hiddenSize, int outFeatures, int horizon)
    {
        HiddenSize = hiddenSize;
        OutFeatures = outFeatures;
        Horizon = horizon;
    }

    /// <summary>Features of the decoder's state.</summary>
    public int HiddenSize { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps to decode.</summary>
    public int Horizon { get; }

    /// <summary>
    /// The model-input features whose values at the last input step are fed to the first decoder
    /// step (one per output value, usually the target's own columns). Empty (the default) feeds zeros.
    /// </summary>
    public int[] FirstInput { get; set; } = [];

    /// <summary>
    /// Whether the head's parameters are frozen (<c>requires_grad = false</c>), e.g. for a pretrained
    /// decoder. The summary counts them as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
