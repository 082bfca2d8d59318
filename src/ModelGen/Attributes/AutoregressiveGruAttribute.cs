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
    /// What <see cref="FirstInput"/> indexes: an input (a property of the model's <see cref="ModelAttribute.Inputs"/>
    /// record, or <c>"input"</c>) or a field declared earlier, by name; its last step when it is a sequence. Null (the
    /// default) reads the model's single <see cref="ModelAttribute.Input"/>; a model with named inputs must name one.
    /// </summary>
    /// <example><c>FirstInput = [0], FirstInputFrom = nameof(RnnInputs.Past)</c>: the target's last observed value.</example>
    public string? FirstInputFrom { get; set; }

    /// <summary>
    /// Values known for each forecast step (future covariates: calendar, prices), fed to each decoder step beside the
    /// previous prediction, as darts' RNNModel feeds <c>[y_t, x_{t+1}]</c>: an input or a field declared earlier, by
    /// name, of <c>[horizon, features]</c>; step t's row goes to the step that predicts step t. The cell then reads
    /// <c>outFeatures + features</c> values per step. Null (the default): the prediction alone.
    /// </summary>
    public string? Covariates { get; set; }

    /// <summary>
    /// Whether the head's parameters are frozen (<c>requires_grad = false</c>), e.g. for a pretrained
    /// decoder. The summary counts them as non-trainable. Default false.
    /// </summary>
    public bool Frozen { get; set; }
}
