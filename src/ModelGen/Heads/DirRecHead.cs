using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// A DirRec head (direct-recursive, Sorjamaa &amp; Bontempi): a separate linear read-out per step, where
/// step k reads the hidden state together with the predictions for steps 0..k−1. Declared with
/// <see cref="DirRecAttribute"/>. Submodules, as in the equivalent PyTorch module:
/// <c>steps.0</c> … <c>steps.{horizon−1}</c>, with <c>steps.k = nn.Linear(inFeatures + k·outFeatures, outFeatures)</c>.
/// </summary>
public sealed class DirRecHead : nn.Module
{
    private readonly ModuleList<Linear> steps;

    /// <summary>Creates the head.</summary>
    /// <param name="inFeatures">Features of the state each step reads.</param>
    /// <param name="outFeatures">Values per step.</param>
    /// <param name="horizon">Steps predicted.</param>
    /// <param name="levels">Quantile levels read out for each value (1: a point forecast); each step then emits <c>outFeatures · levels</c>.</param>
    /// <param name="fedLevel">Which level later steps read (the median's index among the levels).</param>
    public DirRecHead(int inFeatures, int outFeatures, int horizon, int levels = 1, int fedLevel = 0) : base(nameof(DirRecHead))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        if (fedLevel < 0 || fedLevel >= levels)
            throw new ArgumentOutOfRangeException(nameof(fedLevel), fedLevel, $"The level later steps read is one of the {levels} levels, 0 to {levels - 1}; got {fedLevel}.");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Horizon = horizon;
        Levels = levels;
        FedLevel = fedLevel;
        var layers = new Linear[horizon];
        for (int k = 0; k < horizon; k++) layers[k] = nn.Linear(inFeatures + (long)k * outFeatures, (long)outFeatures * levels);
        steps = new ModuleList<Linear>(layers);
        register_module(nameof(steps), steps);
    }

    /// <summary>Features of the hidden state each step reads.</summary>
    public int InFeatures { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps predicted.</summary>
    public int Horizon { get; }

    /// <summary>Quantile levels read out for each value; 1 for a point forecast.</summary>
    public int Levels { get; }

    /// <summary>The level later steps read (the median's index).</summary>
    public int FedLevel { get; }

    /// <summary>Predicts <see cref="Horizon"/> steps from <paramref name="hidden"/> (<c>[batch, inFeatures]</c>).</summary>
    /// <param name="hidden">The state every step reads.</param>
    /// <param name="targets">While training, true values <c>[batch, horizon, outFeatures]</c> for teacher forcing; null otherwise.</param>
    /// <param name="teacherForcingRatio">While training, the probability of giving a later step the true value instead of the prediction. Ignored in eval mode.</param>
    /// <param name="feedback">Sees (and may replace) every prediction that later steps read.</param>
    /// <returns>The predictions, <c>[batch, horizon, outFeatures]</c> (<c>[batch, horizon, outFeatures · levels]</c> with quantiles).</returns>
    public Tensor Decode(Tensor hidden, Tensor? targets, double teacherForcingRatio, FeedbackHook? feedback)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var outputs = new List<Tensor>(Horizon);
        var inputs = new List<Tensor> { hidden };
        for (int step = 0; step < Horizon; step++)
        {
            Tensor prediction = steps[step].call(cat(inputs, 1));
            outputs.Add(prediction);
            if (step < Horizon - 1) inputs.Add(TeacherForcing.Next(step, TeacherForcing.Fed(prediction, OutFeatures, Levels, FedLevel), feedback, targets, teacherForcingRatio, training));
        }
        return stack(outputs, 1);
    }
}
