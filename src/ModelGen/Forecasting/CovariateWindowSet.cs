using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace ModelGen.Forecasting;

/// <summary>
/// Forecasting windows with covariates, cut from one series or joined from several: for each window, the past
/// window of the <see cref="PastColumns"/>, the <see cref="KnownFutureColumns"/> over its target rows, its series'
/// static values and category ids, and its targets. Values are stored flat, sample-major, in the layouts a
/// model with named inputs takes: past <c>[Count, InputSteps, PastColumns.Count]</c>, known future
/// <c>[Count, Horizon, KnownFutureColumns.Count]</c>, statics <c>[Count, StaticCount]</c>, categories
/// <c>[Count, CategoryCount]</c>, targets <c>[Count, Horizon, TargetColumns.Count]</c>.
/// Made by <see cref="Windowing.Create(float[,], CovariateLayout, Range?, int, SeriesStatics?)"/>.
/// </summary>
public sealed class CovariateWindowSet
{
    private readonly int[] _pastColumns;
    private readonly int[] _knownFutureColumns;
    private readonly int[] _targetColumns;
    private readonly float[] _past;
    private readonly float[] _knownFuture;
    private readonly float[] _statics;
    private readonly long[] _categories;
    private readonly float[] _targets;
    private readonly float[] _lastTargets;
    private readonly int[] _targetStarts;

    internal CovariateWindowSet(int inputSteps, int horizon, int[] pastColumns, int[] knownFutureColumns, int[] targetColumns, int staticCount, int categoryCount,
        float[] past, float[] knownFuture, float[] statics, long[] categories, float[] targets, float[] lastTargets, int[] targetStarts)
    {
        InputSteps = inputSteps;
        Horizon = horizon;
        StaticCount = staticCount;
        CategoryCount = categoryCount;
        (_pastColumns, _knownFutureColumns, _targetColumns) = (pastColumns, knownFutureColumns, targetColumns);
        (_past, _knownFuture, _statics, _categories, _targets, _lastTargets, _targetStarts) = (past, knownFuture, statics, categories, targets, lastTargets, targetStarts);
    }

    /// <summary>Number of windows.</summary>
    public int Count => _targetStarts.Length;

    /// <summary>Past steps per window.</summary>
    public int InputSteps { get; }

    /// <summary>Target steps per window; the known-future values cover the same steps.</summary>
    public int Horizon { get; }

    /// <summary>The series columns of the past window, in order.</summary>
    public IReadOnlyList<int> PastColumns => _pastColumns;

    /// <summary>The series columns known ahead, read over each window's target rows, in order.</summary>
    public IReadOnlyList<int> KnownFutureColumns => _knownFutureColumns;

    /// <summary>The series columns that are forecast, in target order.</summary>
    public IReadOnlyList<int> TargetColumns => _targetColumns;

    /// <summary>Static values per window (its series').</summary>
    public int StaticCount { get; }

    /// <summary>Category ids per window (its series').</summary>
    public int CategoryCount { get; }

    /// <summary>Past windows, flat: <c>[Count, InputSteps, PastColumns.Count]</c>, the rows just before each window's first target row.</summary>
    public ReadOnlySpan<float> Past => _past;

    /// <summary>Known-future values, flat: <c>[Count, Horizon, KnownFutureColumns.Count]</c>, each window's target rows.</summary>
    public ReadOnlySpan<float> KnownFuture => _knownFuture;

    /// <summary>Static values, flat: <c>[Count, StaticCount]</c>.</summary>
    public ReadOnlySpan<float> Statics => _statics;

    /// <summary>Category ids, flat: <c>[Count, CategoryCount]</c>.</summary>
    public ReadOnlySpan<long> Categories => _categories;

    /// <summary>Targets, flat: <c>[Count, Horizon, TargetColumns.Count]</c>.</summary>
    public ReadOnlySpan<float> Targets => _targets;

    /// <summary>
    /// For each window, the row of its first target step in its own series (windows joined from several series by
    /// <see cref="Concat"/> keep their series' rows).
    /// </summary>
    public IReadOnlyList<int> TargetStarts => _targetStarts;

    /// <summary>
    /// The naive "repeat the last value" forecast: every horizon step predicts the target columns' values in the
    /// row before the window's first target row (known at forecast time, whether or not the targets are among
    /// <see cref="PastColumns"/>). Same layout as <see cref="Targets"/>.
    /// </summary>
    public float[] RepeatLastValue()
    {
        int targets = _targetColumns.Length;
        var forecast = new float[_targets.Length];
        for (int w = 0; w < Count; w++)
            for (int h = 0; h < Horizon; h++)
                Array.Copy(_lastTargets, w * targets, forecast, (w * Horizon + h) * targets, targets);
        return forecast;
    }

    /// <summary>
    /// Copies the windows into tensors in the layouts a model with named inputs takes (float32, and int64 category
    /// ids, one tensor <c>[Count]</c> per category); select a batch of them with <see cref="CovariateTensors.Select"/>.
    /// </summary>
    public CovariateTensors ToTensors(torch.Device? device = null)
    {
        torch.Tensor[] categories = new torch.Tensor[CategoryCount];
        for (int c = 0; c < CategoryCount; c++)
        {
            var ids = new long[Count];
            for (int w = 0; w < Count; w++) ids[w] = _categories[w * CategoryCount + c];
            categories[c] = torch.tensor(ids, [Count], device: device);
        }
        return new CovariateTensors(
            torch.tensor(_past, [Count, InputSteps, _pastColumns.Length], device: device),
            torch.tensor(_knownFuture, [Count, Horizon, _knownFutureColumns.Length], device: device),
            torch.tensor(_statics, [Count, StaticCount], device: device),
            categories,
            torch.tensor(_targets, [Count, Horizon, _targetColumns.Length], device: device));
    }

    /// <summary>
    /// Joins window sets, e.g. of several series each cut with its own <see cref="SeriesStatics"/>, in the order given.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No sets, or a set cut with another layout (steps, horizon, columns) or another number of static values or
    /// category ids than the first; the message names the set, what it has and what the first has.
    /// </exception>
    public static CovariateWindowSet Concat(IReadOnlyList<CovariateWindowSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0) throw new ArgumentException("At least one window set is needed.", nameof(sets));
        CovariateWindowSet first = sets[0] ?? throw new ArgumentException("sets[0] is null.", nameof(sets));
        for (int i = 1; i < sets.Count; i++)
        {
            CovariateWindowSet set = sets[i] ?? throw new ArgumentException($"sets[{i}] is null.", nameof(sets));
            string? difference =
                set.InputSteps != first.InputSteps ? $"{set.InputSteps} input steps, but sets[0] has {first.InputSteps}" :
                set.Horizon != first.Horizon ? $"a horizon of {set.Horizon}, but sets[0] has {first.Horizon}" :
                !set._pastColumns.SequenceEqual(first._pastColumns) ? $"past columns {CovariateLayout.Format(set._pastColumns)}, but sets[0] has {CovariateLayout.Format(first._pastColumns)}" :
                !set._knownFutureColumns.SequenceEqual(first._knownFutureColumns) ? $"known-future columns {CovariateLayout.Format(set._knownFutureColumns)}, but sets[0] has {CovariateLayout.Format(first._knownFutureColumns)}" :
                !set._targetColumns.SequenceEqual(first._targetColumns) ? $"target columns {CovariateLayout.Format(set._targetColumns)}, but sets[0] has {CovariateLayout.Format(first._targetColumns)}" :
                set.StaticCount != first.StaticCount ? $"{set.StaticCount} static values per window, but sets[0] has {first.StaticCount}" :
                set.CategoryCount != first.CategoryCount ? $"{set.CategoryCount} category ids per window, but sets[0] has {first.CategoryCount}" :
                null;
            if (difference is not null)
                throw new ArgumentException($"sets[{i}] has {difference}; only windows of the same layout can be joined.", nameof(sets));
        }
        return new CovariateWindowSet(first.InputSteps, first.Horizon, first._pastColumns, first._knownFutureColumns, first._targetColumns, first.StaticCount, first.CategoryCount,
            [.. sets.SelectMany(s => s._past)], [.. sets.SelectMany(s => s._knownFuture)], [.. sets.SelectMany(s => s._statics)],
            [.. sets.SelectMany(s => s._categories)], [.. sets.SelectMany(s => s._targets)], [.. sets.SelectMany(s => s._lastTargets)],
            [.. sets.SelectMany(s => s._targetStarts)]);
    }
}

/// <summary>
/// A <see cref="CovariateWindowSet"/>'s windows as tensors, batch first: what a model with named inputs takes, one
/// tensor per part. Build the model's inputs record from them (<c>new SalesInputs(t.Past, t.KnownFuture, t.Categories[0])</c>),
/// for a batch after <see cref="Select"/>.
/// </summary>
public sealed class CovariateTensors : IDisposable
{
    internal CovariateTensors(torch.Tensor past, torch.Tensor knownFuture, torch.Tensor statics, IReadOnlyList<torch.Tensor> categories, torch.Tensor targets)
    {
        (Past, KnownFuture, Statics, Categories, Targets) = (past, knownFuture, statics, categories, targets);
    }

    /// <summary>Windows.</summary>
    public long Count => Targets.shape[0];

    /// <summary>Past windows, float32 <c>[Count, InputSteps, PastColumns.Count]</c>.</summary>
    public torch.Tensor Past { get; }

    /// <summary>Known-future values over the target rows, float32 <c>[Count, Horizon, KnownFutureColumns.Count]</c>.</summary>
    public torch.Tensor KnownFuture { get; }

    /// <summary>Static values, float32 <c>[Count, StaticCount]</c>.</summary>
    public torch.Tensor Statics { get; }

    /// <summary>Category ids, one int64 tensor <c>[Count]</c> per category, in the order of <see cref="SeriesStatics.Categories"/>.</summary>
    public IReadOnlyList<torch.Tensor> Categories { get; }

    /// <summary>Targets, float32 <c>[Count, Horizon, TargetColumns.Count]</c>.</summary>
    public torch.Tensor Targets { get; }

    /// <summary>The windows <paramref name="index"/> (int64 <c>[n]</c>) picks, in its order: a batch.</summary>
    public CovariateTensors Select(torch.Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return new CovariateTensors(Past.index_select(0, index), KnownFuture.index_select(0, index), Statics.index_select(0, index),
            [.. Categories.Select(c => c.index_select(0, index))], Targets.index_select(0, index));
    }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        Past.Dispose();
        KnownFuture.Dispose();
        Statics.Dispose();
        foreach (torch.Tensor category in Categories) category.Dispose();
        Targets.Dispose();
    }
}
