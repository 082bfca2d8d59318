using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>What the decoding heads feed to their next step.</summary>
internal static class TeacherForcing
{
    /// <summary>
    /// What of a step's prediction <c>[batch, values · levels]</c> is fed back: all of it for a point forecast, the
    /// median's level of each value with quantiles (<c>[batch, values]</c>).
    /// </summary>
    public static Tensor Fed(Tensor prediction, int values, int levels, int fedLevel) =>
        levels == 1 ? prediction : prediction.reshape(-1, values, levels).select(2, fedLevel);

    /// <summary>
    /// The value fed to the step after <paramref name="step"/>: the prediction (seen, and possibly
    /// replaced, by <paramref name="feedback"/>), or, while training with teacher forcing, the true value
    /// <c>targets[:, step]</c> for a random share <paramref name="ratio"/> of the samples.
    /// </summary>
    public static Tensor Next(int step, Tensor prediction, FeedbackHook? feedback, Tensor? targets, double ratio, bool training)
    {
        Tensor fed = feedback is null ? prediction : feedback(step, prediction);
        if (!training || targets is null || ratio <= 0) return fed;
        Tensor useTruth = rand(prediction.shape[0], 1, dtype: prediction.dtype, device: prediction.device) < ratio;
        return where(useTruth, targets.select(1, step), fed);
    }
}
