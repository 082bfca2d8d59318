using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Adds a position to each step of <c>[batch, steps, features]</c>: <c>x + weight</c>, <c>weight</c> a learned parameter
/// (initialised uniformly in ±0.02, as PatchTST's <c>W_pos</c>) or the fixed sinusoids of "Attention Is All You Need"
/// (a buffer outside the state_dict). Declared with <see cref="PositionalEmbeddingAttribute"/>.
/// </summary>
public sealed class PositionalEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weight;

    /// <summary>Creates the layer.</summary>
    /// <param name="steps">Steps of its input.</param>
    /// <param name="features">Features of each step.</param>
    /// <param name="encoding">Learned, or fixed sinusoids.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the encoding is not defined.</exception>
    public PositionalEmbedding(int steps, int features, PositionalEncoding encoding = PositionalEncoding.Learned)
        : base(nameof(PositionalEmbedding))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!Enum.IsDefined(encoding))
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "PositionalEncoding.Learned or PositionalEncoding.Sinusoidal.");
        Steps = steps;
        Features = features;
        Encoding = encoding;
        if (encoding == PositionalEncoding.Learned)
        {
            var parameter = new Parameter(empty(steps, features));
            using (no_grad()) nn.init.uniform_(parameter, -0.02, 0.02);
            weight = parameter;
            register_parameter(nameof(weight), parameter);
        }
        else
        {
            weight = Sinusoids(steps, features);
            register_buffer(nameof(weight), weight, persistent: false);
        }
    }

    /// <summary>Steps of its input.</summary>
    public int Steps { get; }

    /// <summary>Features of each step.</summary>
    public int Features { get; }

    /// <summary>Learned, or fixed sinusoids.</summary>
    public PositionalEncoding Encoding { get; }

    /// <summary>What each step gets added, <c>[steps, features]</c>.</summary>
    public Tensor Weight => weight;

    /// <summary>Adds the positions to <c>[batch, steps, features]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[batch, steps, features]</c> of this layer's steps and features.</exception>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 3 || x.shape[1] != Steps || x.shape[2] != Features)
            throw new ArgumentException($"A positional embedding of [{Steps}, {Features}] takes [batch, {Steps}, {Features}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        return x.add(weight);
    }

    /// <summary>
    /// The fixed sinusoids, float32 from float64: feature 2i of step t is <c>sin(t / 10000^(2i/features))</c>, feature 2i + 1
    /// its cosine.
    /// </summary>
    public static Tensor Sinusoids(int steps, int features)
    {
        var values = new float[(long)steps * features];
        for (int t = 0; t < steps; t++)
        {
            for (int f = 0; f < features; f++)
            {
                double angle = t / Math.Pow(10000.0, 2 * (f / 2) / (double)features);
                values[(long)t * features + f] = (float)(f % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
        return tensor(values, new long[] { steps, features });
    }
}
