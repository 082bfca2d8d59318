using System;

namespace ModelGen;

/// <summary>
/// Declares a <c>partial</c> class as a ModelGen model. The generator makes it a
/// <c>TorchSharp.torch.nn.Module&lt;Tensor, Tensor&gt;</c> (or <c>Module&lt;TInputs, Tensor&gt;</c> for named
/// <see cref="Inputs"/>) whose layers are the class's fields that carry a layer attribute
/// (<see cref="GruAttribute"/>, <see cref="LinearAttribute"/>) or whose type is a <see cref="BlockAttribute"/>
/// class, run in declaration order. Each layer reads the previous layer's output unless
/// <see cref="FromAttribute"/> names its sources.
/// </summary>
/// <remarks>
/// Shapes are per sample: the batch dimension is implicit and first (batch_first).
/// <c>[Model(Input = [10, 3], Output = [5, 1])]</c> takes <c>[batch, 10, 3]</c> (10 time steps of
/// 3 features) and returns <c>[batch, 5, 1]</c>. When <see cref="Output"/> has two or more
/// dimensions, its first dimension is read as the forecast horizon (steps) and the rest as the
/// values per step.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>Per-sample input shape, e.g. <c>[steps, features]</c> for a recurrent first layer.</summary>
    public int[] Input { get; set; } = [];

    /// <summary>
    /// Named inputs instead of one <see cref="Input"/>: a record whose <c>Tensor</c> properties carry their
    /// per-sample shapes (<see cref="ShapeAttribute"/>: float32) or category counts
    /// (<see cref="CategoricalAttribute"/>: int64, one value per sample), e.g. past and known-future
    /// covariates and a static category. The model is then a <c>Module&lt;TInputs, Tensor&gt;</c> whose
    /// <c>forward(inputs)</c> checks every property; layers name the properties they read with
    /// <see cref="FromAttribute"/>. Give either <see cref="Input"/> or this, not both.
    /// </summary>
    public Type? Inputs { get; set; }

    /// <summary>
    /// Per-sample output shape. The last layer's output is viewed as this shape, so it must hold
    /// the same number of values. Leave it empty to return the last layer's output as it is.
    /// </summary>
    public int[] Output { get; set; } = [];

    /// <summary>
    /// States that a multi-step head produces its steps at once on purpose (the multi-output, or MIMO,
    /// strategy), so warning MG1001 does not apply to this model. Default false.
    /// </summary>
    public bool MultiOutput { get; set; }

    /// <summary>
    /// Quantile levels the model forecasts, strictly increasing, each in (0, 1), e.g. <c>[0.1, 0.5, 0.9]</c>: the output
    /// gains a last dimension of one value per level, <c>[batch, ...Output, Q]</c>, so the last layer emits
    /// <c>prod(Output) · Q</c> values. The generated model exposes them as <c>public static IReadOnlyList&lt;double&gt; Quantiles</c>;
    /// train it with <see cref="Losses.Pinball"/>. Empty (the default): a point forecast.
    /// </summary>
    public double[] Quantiles { get; set; } = [];

    /// <summary>
    /// A distribution the model forecasts instead of points: the output gains a last dimension of the distribution's
    /// parameters, <c>[batch, ...Output, P]</c> (P = 2 for <see cref="OutputDistribution.Normal"/> and
    /// <see cref="OutputDistribution.NegativeBinomial"/>, 3 for <see cref="OutputDistribution.StudentT"/>), so the last
    /// layer emits <c>prod(Output) · P</c> values, which the forward maps to valid parameters (softplus for scales; see
    /// <see cref="Distributions.Link"/>). Train it with <see cref="Losses.NegativeLogLikelihood"/> and draw paths with
    /// the generated <c>Sample</c>. Not with <see cref="Quantiles"/>.
    /// </summary>
    public OutputDistribution Distribution { get; set; }
}
