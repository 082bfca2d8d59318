using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// An autoregressive (recursive) decoder: a GRU cell seeded with the encoder's final hidden state
/// emits one step, feeds that prediction back as its next input, and repeats for the horizon.
/// Declared with <see cref="AutoregressiveGruAttribute"/>. Submodules, as in the equivalent PyTorch
/// module: <c>cell</c> (<c>nn.GRUCell(outFeatures, hiddenSize)</c>) and <c>readout</c>
/// (<c>nn.Linear(hiddenSize, outFeatures)</c>).
/// </summary>
public sealed class AutoregressiveGruHead : nn.Module
{
    private readonly GRUCell cell;
    private readonly Linear readout;

    /// <summary>Creates the head.</summary>
    public AutoregressiveGruHead(int hiddenSize, int outFeatures, int horizon) : base(nameof(AutoregressiveGruHead))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        HiddenSize = hiddenSize;
        OutFeatures = outFeatures;
        Horizon = horizon;
        cell = nn.GRUCell(outFeatures, hiddenSize);
        readout = nn.Linear(hiddenSize, outFeatures);
        register_module(nameof(cell), cell);
        register_module(nameof(readout), readout);
    }

    /// <summary>Features of the hidden state, which the encoder's final state must match.</summary>
    public int HiddenSize { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps decoded.</summary>
    public int Horizon { get; }

    /// <summary>
    /// Decodes <see cref="Horizon"/> steps from <paramref name="hidden"/> (<c>[batch, hiddenSize]</c>).
    /// </summary>
    /// <param name="hidden">The encoder's final hidden state.</param>
    /// <param name="firstInput">The value fed to the first step (<c>[batch, outFeatures]</c>), usually the last observed target; zeros when null.</param>
    /// <param name="targets">While training, the true values <c>[batch, horizon, outFeatures]</c> for teacher forcing; null otherwise.</param>
    /// <param name="teacherForcingRatio">While training, the probability of feeding the true previous value instead of the prediction (scheduled sampling lowers it from 1 to 0). Ignored in eval mode: inference always feeds its own predictions.</param>
    /// <param name="feedback">Sees (and may replace) every prediction that is fed back.</param>
    /// <returns>The predictions, <c>[batch, horizon, outFeatures]</c>.</returns>
    public Tensor Decode(Tensor hidden, Tensor? firstInput, Tensor? targets, double teacherForcingRatio, FeedbackHook? feedback)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        long batch = hidden.shape[0];
        Tensor fed = firstInput ?? zeros(batch, OutFeatures, dtype: hidden.dtype, device: hidden.device);
        var outputs = new List<Tensor>(Horizon);
        Tensor state = hidden;
        for (int step = 0; step < Horizon; step++)
        {
            state = cell.call(fed, state);
            Tensor prediction = readout.call(state);
            outputs.Add(prediction);
            if (step < Horizon - 1) fed = TeacherForcing.Next(step, prediction, feedback, targets, teacherForcingRatio, training);
        }
        return stack(outputs, 1);
    }
}
