using System;
using System.Collections.Generic;

namespace ModelGen.Export;

/// <summary>
/// What a generated model tells the exporter about itself: its name, shapes and head, the summary for
/// the graph's documentation, and the code that adds its layers to the graph.
/// </summary>
/// <param name="ModelName">The model's class name.</param>
/// <param name="InputShape">The per-sample input shape (the first input's, for named inputs).</param>
/// <param name="OutputShape">The per-sample output shape.</param>
/// <param name="Horizon">Output steps.</param>
/// <param name="Head">How the steps are produced (<c>multi-output (MIMO)</c>, <c>autoregressive</c>, <c>DirRec</c>, …), or <c>none</c>.</param>
/// <param name="Summary">The model's torchinfo-style summary, as printed.</param>
/// <param name="Parameters">The parameter values the declaration has (what the module must hold to be exported).</param>
/// <param name="Build">Adds the layers to the graph, from its input value, and returns the last value (per sample, the Output's values).</param>
public sealed record OnnxDefinition(
    string ModelName,
    IReadOnlyList<long> InputShape,
    IReadOnlyList<long> OutputShape,
    int Horizon,
    string Head,
    string Summary,
    long Parameters,
    Func<OnnxGraph, string> Build)
{
    /// <summary>A model's named inputs (one graph input each, named as the property), or null for one input named <c>input</c> of <see cref="InputShape"/>.</summary>
    public IReadOnlyList<NamedInput>? Inputs { get; init; }

    /// <summary>
    /// What the model was trained on, whose scaling the export folds into its graph: the input takes the record's
    /// columns' raw values and the output forecasts its targets in their units. Null: the graph takes what the model takes.
    /// </summary>
    public Forecasting.TrainingRecord? TrainedOn { get; init; }

    /// <summary>The quantile levels of a model that declares them, in the order of the output's last dimension; null for a point forecast.</summary>
    public IReadOnlyList<double>? Quantiles { get; init; }

    /// <summary>The distribution of a model that declares one, whose parameters the output's last dimension holds; null for a point forecast.</summary>
    public OutputDistribution? Distribution { get; init; }

    /// <summary>What a probabilistic model's decoding head feeds back on the exported path (<c>median</c> or <c>mean</c>); null otherwise.</summary>
    public string? Feedback { get; init; }
}
