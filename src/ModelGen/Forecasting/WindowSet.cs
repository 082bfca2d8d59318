using System;
using System.Collections.Generic;
using TorchSharp;

namespace ModelGen.Forecasting;

/// <summary>
/// Supervised forecasting windows cut from a multivariate series: each window is
/// <see cref="InputSteps"/> past steps of every feature, and the next <see cref="Horizon"/> steps of the
/// target columns. Values are stored flat, sample-major, in the layout a batch-first model takes:
/// inputs <c>[Count, InputSteps, Features]</c>, targets <c>[Count, Horizon, TargetColumns.Count]</c>.
/// </summary>
public sealed class WindowSet
{
    private readonly float[] _inputs;
    private readonly float[] _targets;
    private readonly int[] _targetStarts;
    private readonly int[] _targetColumns;

    internal WindowSet(int inputSteps, int features, int horizon, int[] targetColumns, float[] inputs, float[] targets, int[] targetStarts)
    {
        InputSteps = inputSteps;
        Features = features;
        Horizon = horizon;
        _targetColumns = targetColumns;
        _inputs = inputs;
        _targets = targets;
        _targetStarts = targetStarts;
    }

    /// <summary>Number of windows.</summary>
    public int Count => _targetStarts.Length;

    /// <summary>Past steps per window.</summary>
    public int InputSteps { get; }

    /// <summary>Features per step (all columns of the series).</summary>
    public int Features { get; }

    /// <summary>Future steps per window.</summary>
    public int Horizon { get; }

    /// <summary>The series columns that are forecast, in target order.</summary>
    public IReadOnlyList<int> TargetColumns => _targetColumns;

    /// <summary>Inputs, flat: <c>[Count, InputSteps, Features]</c>.</summary>
    public ReadOnlySpan<float> Inputs => _inputs;

    /// <summary>Targets, flat: <c>[Count, Horizon, TargetColumns.Count]</c>.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>For each window, the series row of its first target step.</summary>
    public IReadOnlyList<int> TargetStarts => _targetStarts;

    /// <summary>
    /// The naive "repeat the last value" forecast: every horizon step predicts the target columns'
    /// values at the window's last input step. Same layout as <see cref="Targets"/>.
    /// </summary>
    public float[] RepeatLastValue()
    {
        int targets = _targetColumns.Length;
        var forecast = new float[_targets.Length];
        for (int w = 0; w < Count; w++)
        {
            int last = (w * InputSteps + InputSteps - 1) * Features;
            for (int h = 0; h < Horizon; h++)
                for (int t = 0; t < targets; t++)
                    forecast[(w * Horizon + h) * targets + t] = _inputs[last + _targetColumns[t]];
        }
        return forecast;
    }

    /// <summary>Copies the windows into tensors <c>[Count, InputSteps, Features]</c> and <c>[Count, Horizon, Targets]</c>.</summary>
    public (torch.Tensor Inputs, torch.Tensor Targets) ToTensors(torch.Device? device = null)
    {
        torch.Tensor inputs = torch.tensor(_inputs, [Count, InputSteps, Features], device: device);
        torch.Tensor targets = torch.tensor(_targets, [Count, Horizon, _targetColumns.Length], device: device);
        return (inputs, targets);
    }
}
