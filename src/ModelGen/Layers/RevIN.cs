using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Reversible instance normalisation, declared with <see cref="RevINAttribute"/>: <see cref="Statistics"/> of each window,
/// then this module called twice, as neuralforecast's RevIN is: on the input (normalise), and on the forecast with
/// <c>inverse</c> (map back with the target features' statistics). With <see cref="Affine"/>, the parameters
/// <c>affine_weight</c> (ones) and <c>affine_bias</c> (zeros), one per input feature.
/// </summary>
public sealed class RevIN : nn.Module<Tensor, Tensor, Tensor, bool, Tensor>
{
    private readonly Parameter? affine_weight;
    private readonly Parameter? affine_bias;
    private readonly long[] targets;
    private readonly bool allFeatures; // the forecast's features are the input's, in order: nothing to select

    /// <summary>Creates the module.</summary>
    /// <param name="features">Features of the input.</param>
    /// <param name="targets">The input features the forecast's features are, in its order.</param>
    /// <param name="affine">Whether a learned scale and shift per feature follow the normalisation.</param>
    /// <param name="eps">Added to the variance before its square root.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="features"/> is not positive, a target is not a feature,
    /// or <paramref name="eps"/> is not positive.</exception>
    public RevIN(int features, int[] targets, bool affine = false, double eps = 1e-5)
        : base(nameof(RevIN))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length == 0 || targets.Any(t => t < 0 || t >= features))
            throw new ArgumentOutOfRangeException(nameof(targets), $"[{string.Join(", ", targets)}]", $"One or more of the {features} input features, 0 to {features - 1}.");
        if (!(eps > 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "A small positive number such as 1e-5.");
        Features = features;
        Affine = affine;
        Eps = eps;
        this.targets = targets.Select(t => (long)t).ToArray();
        allFeatures = targets.SequenceEqual(Enumerable.Range(0, features));
        if (affine)
        {
            affine_weight = new Parameter(ones(features));
            affine_bias = new Parameter(zeros(features));
            register_parameter(nameof(affine_weight), affine_weight);
            register_parameter(nameof(affine_bias), affine_bias);
        }
    }

    /// <summary>Features of the input.</summary>
    public int Features { get; }

    /// <summary>Whether a learned scale and shift per feature follow the normalisation.</summary>
    public bool Affine { get; }

    /// <summary>Added to the variance before its square root.</summary>
    public double Eps { get; }

    /// <summary>The input features the forecast's features are.</summary>
    public int[] Targets => targets.Select(t => (int)t).ToArray();

    /// <summary>
    /// Each sample's mean and standard deviation per feature over the steps of <paramref name="window"/>
    /// (<c>[batch, steps, features]</c>), each <c>[batch, 1, features]</c>: <c>stdev = √(var + eps)</c>, the biased
    /// variance; detached, so nothing trains through them.
    /// </summary>
    public static (Tensor Mean, Tensor Deviation) Statistics(Tensor window, double eps)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.dim() != 3)
            throw new ArgumentException($"RevIN's statistics are of [batch, steps, features]; got [{string.Join(", ", window.shape)}].", nameof(window));
        using var scope = NewDisposeScope();
        Tensor mean = window.mean([1], keepdim: true);
        Tensor deviation = window.var(1, unbiased: false, keepdim: true).add(eps).sqrt();
        if (is_grad_enabled()) (mean, deviation) = (mean.detach(), deviation.detach()); // with gradients off, nothing to cut
        return (mean.MoveToOuterDisposeScope(), deviation.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Normalises <paramref name="x"/> (<c>[batch, steps, features]</c>) with <see cref="Statistics"/>, or with
    /// <paramref name="inverse"/> maps a forecast (<c>[batch, horizon, targets]</c>) back with the targets' statistics.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor mean, Tensor deviation, bool inverse)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(deviation);
        long expected = inverse ? targets.Length : Features;
        if (x.dim() != 3 || x.size(2) != expected)
            throw new ArgumentException($"RevIN {(inverse ? "maps back [batch, horizon, " : "normalises [batch, steps, ")}{expected}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        using var scope = NewDisposeScope();
        if (!inverse)
        {
            Tensor normalised = x.sub(mean).div(deviation);
            if (affine_weight is not null) normalised = normalised.mul(affine_weight).add(affine_bias!);
            return normalised.MoveToOuterDisposeScope();
        }
        using Tensor? index = allFeatures ? null : tensor(targets, device: x.device);
        Tensor OfTargets(Tensor perFeature, long dim) => index is null ? perFeature : perFeature.index_select(dim, index);
        Tensor y = x;
        if (affine_weight is not null)
            y = y.sub(OfTargets(affine_bias!, 0)).div(OfTargets(affine_weight, 0).add(Eps * Eps));
        return y.mul(OfTargets(deviation, 2)).add(OfTargets(mean, 2)).MoveToOuterDisposeScope();
    }
}
