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
/// module: <c>cell</c> (<c>nn.GRUCell(outFeatures + covariateFeatures, hiddenSize)</c>) and <c>readout</c>
/// (<c>nn.Linear(hiddenSize, outFeatures · levels)</c>).
/// </summary>
/// <remarks>
/// On a model that declares <c>Quantiles</c>, the read-out emits every level of each value (<see cref="Levels"/>),
/// and the cell is fed the median's (level <see cref="FedLevel"/>), so each step builds on the previous median. On a
/// model that declares a <c>Distribution</c>, it emits each value's parameters (mapped by <see cref="Distributions.Link"/>)
/// and the cell is fed their mean; with <see cref="PathSampling"/>, a draw instead, path by path, as DeepAR decodes.
/// With <see cref="CovariateFeatures"/>, each step is fed the value fed back joined with its row of known covariates
/// (<c>[y_t, x_{t+1}]</c>, as darts' RNNModel).
/// </remarks>
public sealed class AutoregressiveGruHead : nn.Module
{
    private readonly GRUCell cell;
    private readonly Linear readout;

    /// <summary>Creates the head.</summary>
    /// <param name="hiddenSize">Features of the hidden state.</param>
    /// <param name="outFeatures">Values per step.</param>
    /// <param name="horizon">Steps decoded.</param>
    /// <param name="levels">Quantile levels read out for each value (1: a point forecast).</param>
    /// <param name="fedLevel">Which level is fed back (the median's index among the levels).</param>
    /// <param name="distribution">The distribution each value's parameters are of (<paramref name="levels"/> is then their count), or none.</param>
    /// <param name="covariateFeatures">Known values fed to each step beside the value fed back (0: none).</param>
    public AutoregressiveGruHead(int hiddenSize, int outFeatures, int horizon, int levels = 1, int fedLevel = 0, OutputDistribution distribution = OutputDistribution.None,
        int covariateFeatures = 0)
        : base(nameof(AutoregressiveGruHead))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(covariateFeatures);
        if (distribution != OutputDistribution.None && Distributions.ParameterCount(distribution) != levels)
            throw new ArgumentException($"{distribution} has {Distributions.ParameterCount(distribution)} parameters; the head reads out {levels} values for each.", nameof(levels));
        if (distribution != OutputDistribution.None && fedLevel != 0)
            throw new ArgumentOutOfRangeException(nameof(fedLevel), fedLevel, $"A {distribution} head feeds back the mean, its parameter 0; got {fedLevel}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(horizon);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(levels);
        if (fedLevel < 0 || fedLevel >= levels)
            throw new ArgumentOutOfRangeException(nameof(fedLevel), fedLevel, $"The level fed back is one of the {levels} levels, 0 to {levels - 1}; got {fedLevel}.");
        HiddenSize = hiddenSize;
        OutFeatures = outFeatures;
        Horizon = horizon;
        Levels = levels;
        FedLevel = fedLevel;
        Distribution = distribution;
        CovariateFeatures = covariateFeatures;
        cell = nn.GRUCell(outFeatures + covariateFeatures, hiddenSize);
        readout = nn.Linear(hiddenSize, (long)outFeatures * levels);
        register_module(nameof(cell), cell);
        register_module(nameof(readout), readout);
    }

    /// <summary>Features of the hidden state, which the encoder's final state must match.</summary>
    public int HiddenSize { get; }

    /// <summary>Values per step.</summary>
    public int OutFeatures { get; }

    /// <summary>Steps decoded.</summary>
    public int Horizon { get; }

    /// <summary>Quantile levels read out for each value; 1 for a point forecast.</summary>
    public int Levels { get; }

    /// <summary>The level fed back to the next step (the median's index).</summary>
    public int FedLevel { get; }

    /// <summary>The distribution whose parameters each value's levels are; <see cref="OutputDistribution.None"/> for points or quantiles.</summary>
    public OutputDistribution Distribution { get; }

    /// <summary>Known values (future covariates) fed to each step beside the value fed back; 0 for none.</summary>
    public int CovariateFeatures { get; }

    /// <summary>
    /// Decodes <see cref="Horizon"/> steps from <paramref name="hidden"/> (<c>[batch, hiddenSize]</c>).
    /// </summary>
    /// <param name="hidden">The encoder's final hidden state.</param>
    /// <param name="firstInput">The value fed to the first step (<c>[batch, outFeatures]</c>), usually the last observed target; zeros when null.</param>
    /// <param name="targets">While training, the true values <c>[batch, horizon, outFeatures]</c> for teacher forcing; null otherwise.</param>
    /// <param name="teacherForcingRatio">While training, the probability of feeding the true previous value instead of the prediction (scheduled sampling lowers it from 1 to 0). Ignored in eval mode: inference always feeds its own predictions.</param>
    /// <param name="feedback">Sees (and may replace) every prediction that is fed back (with <paramref name="sampling"/>, every draw).</param>
    /// <param name="sampling">For a distribution head: decode a sampled path, each step fed a draw from its distribution; null for the deterministic path.</param>
    /// <param name="covariates">With <see cref="CovariateFeatures"/>, the known values of each decoded step, <c>[batch, horizon, covariateFeatures]</c>; row t joins what step t is fed.</param>
    /// <returns>
    /// The predictions, <c>[batch, horizon, outFeatures]</c> (<c>[batch, horizon, outFeatures · levels]</c> with quantiles or a
    /// distribution's parameters); with <paramref name="sampling"/>, the drawn path, <c>[batch, horizon, outFeatures]</c>.
    /// </returns>
    /// <exception cref="ArgumentException"><paramref name="covariates"/> is missing, present without <see cref="CovariateFeatures"/>, or of another shape.</exception>
    public Tensor Decode(Tensor hidden, Tensor? firstInput, Tensor? targets, double teacherForcingRatio, FeedbackHook? feedback, PathSampling? sampling = null,
        Tensor? covariates = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        CheckCovariates(covariates, hidden.shape[0]);
        if (sampling is not null && Distribution == OutputDistribution.None)
            throw new InvalidOperationException("This head forecasts no distribution, so it has no path to sample.");
        long batch = hidden.shape[0];
        Tensor fed = firstInput ?? zeros(batch, OutFeatures, dtype: hidden.dtype, device: hidden.device);
        var outputs = new List<Tensor>(Horizon);
        Tensor state = hidden;
        for (int step = 0; step < Horizon; step++)
        {
            state = cell.call(covariates is null ? fed : cat([fed, covariates.select(1, step)], 1), state);
            Tensor prediction = readout.call(state);
            if (Distribution != OutputDistribution.None)
            {
                // Each value's parameters, linked; the deterministic path feeds back their mean, a sampled one a draw.
                Tensor parameters = Distributions.Link(Distribution, prediction.reshape(-1, OutFeatures, Levels));
                if (sampling is not null)
                {
                    Tensor draw = Distributions.Sample(Distribution, parameters, 1, sampling.Generator).squeeze(-1);
                    outputs.Add(draw);
                    fed = feedback is null ? draw : feedback(step, draw);
                    continue;
                }
                prediction = parameters.reshape(-1, (long)OutFeatures * Levels);
            }
            outputs.Add(prediction);
            if (step < Horizon - 1) fed = TeacherForcing.Next(step, TeacherForcing.Fed(prediction, OutFeatures, Levels, FedLevel), feedback, targets, teacherForcingRatio, training);
        }
        return stack(outputs, 1);
    }

    private void CheckCovariates(Tensor? covariates, long batch)
    {
        if (covariates is null)
        {
            if (CovariateFeatures > 0)
                throw new ArgumentException($"The head is fed {CovariateFeatures} covariate(s) at each step: pass them, [batch, {Horizon}, {CovariateFeatures}].", nameof(covariates));
            return;
        }
        if (CovariateFeatures == 0)
            throw new ArgumentException("The head was created without covariates (covariateFeatures: 0), so it reads none.", nameof(covariates));
        long[] expected = [batch, Horizon, CovariateFeatures];
        if (!covariates.shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"The covariates are [{string.Join(", ", covariates.shape)}]; the head expects [{string.Join(", ", expected)}] ([batch, horizon, covariateFeatures]).", nameof(covariates));
    }
}
