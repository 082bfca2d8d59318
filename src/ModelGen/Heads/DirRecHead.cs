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
    public DirRecHead(int inFeatures, int outFeatures, int horizon) : base(nameof(DirRecHead))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Horizon = horizon;
        var layers = new Linear[horizon];
        for (int k = 0; k < horizon; k++) layers[k] = nn.Linear(inFeatures + (long)k * outFeatures, outFeatures);
        steps = new ModuleList<Linear>(layers);
        register_module(nameof(steps), steps);
    }

    /// <summary>Features of the hidden state each step reads.</summary>
    public int InFeatures { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps predicted.</summary>
    public int Horizon { get; }

    /// <summary>Predicts <see cref="Horizon"/> steps from <paramref name="hidden"/> (<c>[batch, inFeatures]</c>).</summary>
    /// <param name="hidden">The state every step reads.</param>
    /// <param name="targets">While training, true values <c>[batch, horizon, outFeatures]</c> for teacher forcing; null otherwise.</param>
    /// <param name="teacherForcingRatio">While training, the probability of giving a later step the true value instead of the prediction. Ignored in eval mode.</param>
    /// <param name="feedback">Sees (and may replace) every prediction that later steps read.</param>
    /// <returns>The predictions, <c>[batch, horizon, outFeatures]</c>.</returns>
    public Tensor Decode(Tensor hidden, Tensor? targets, double teacherForcingRatio, FeedbackHook? feedback)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var outputs = new List<Tensor>(Horizon);
        var inputs = new List<Tensor> { hidden };
        for (int step = 0; step < Horizon; step++)
        {
            Tensor prediction = steps[step].call(cat(inputs, 1));
            outputs.Add(prediction);
            if (step < Horizon - 1) inputs.Add(TeacherForcing.Next(step, prediction, feedback, targets, teacherForcingRatio, training));
        }
        return stack(outputs, 1);
    }
}
