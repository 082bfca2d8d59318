using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// A fixed basis that N-BEATS's interpretable blocks expand their coefficients with: <c>[batch, coefficients]</c> times
/// the basis <c>[coefficients, length]</c> is <c>[batch, length]</c>. Declared with <see cref="TrendBasisAttribute"/>
/// (polynomial) or <see cref="SeasonalityBasisAttribute"/> (Fourier); its one parameter, <c>basis</c>, is never trained,
/// and is computed as darts computes it (float32, the same operations), so it also loads from a darts checkpoint's values.
/// </summary>
public sealed class Basis : nn.Module<Tensor, Tensor>, IPyTorchEquivalent
{
    private readonly Parameter basis;
    private readonly string pyTorchType;

    private Basis(Tensor values, string type) : base(nameof(Basis))
    {
        basis = new Parameter(values, requires_grad: false);
        pyTorchType = type;
        register_parameter(nameof(basis), basis);
    }

    /// <summary>The polynomial basis: row i is <c>(t / length)^i</c>, for i = 0 … degree.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The degree is negative or the length not positive.</exception>
    public static Basis Trend(int degree, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(degree);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        using var scope = NewDisposeScope();
        Tensor t = arange(length, dtype: ScalarType.Float32).div(length);
        Tensor rows = stack(Enumerable.Range(0, degree + 1).Select(i => t.pow(i)).ToArray());
        return new Basis(rows.MoveToOuterDisposeScope(), "TrendBasis");
    }

    /// <summary>The Fourier basis: a constant row, then the cosines and the sines of frequencies 1 … ⌊length / 2 − 1⌋.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive.</exception>
    public static Basis Seasonality(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        using var scope = NewDisposeScope();
        int harmonics = SeasonalityHarmonics(length);
        Tensor t = arange(length, dtype: ScalarType.Float32).div(length);
        Tensor Angle(int i) => t.mul(2).mul(Math.PI).mul(i);
        Tensor[] rows =
        [
            ones(length),
            .. Enumerable.Range(1, harmonics).Select(i => Angle(i).cos()),
            .. Enumerable.Range(1, harmonics).Select(i => Angle(i).sin()),
        ];
        return new Basis(stack(rows).MoveToOuterDisposeScope(), "SeasonalityBasis");
    }

    /// <summary>⌊length / 2 − 1⌋ truncated toward zero, as darts' <c>int(length / 2 - 1)</c>: the seasonality basis's frequencies.</summary>
    public static int SeasonalityHarmonics(int length) => (int)(length / 2.0 - 1);

    /// <summary>PyTorch's class, as torchinfo and the summary name it.</summary>
    string IPyTorchEquivalent.PyTorchType => pyTorchType;

    /// <summary>Coefficients in.</summary>
    public long Coefficients => basis.shape[0];

    /// <summary>Values out.</summary>
    public long Length => basis.shape[1];

    /// <summary>Expands <c>[batch, coefficients]</c> into <c>[batch, length]</c>.</summary>
    /// <exception cref="ArgumentException">The input is not <c>[batch, coefficients]</c>.</exception>
    public override Tensor forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Coefficients)
            throw new ArgumentException($"A basis of {Coefficients} coefficients takes [batch, {Coefficients}]; got [{string.Join(", ", x.shape)}].", nameof(x));
        return x.matmul(basis);
    }
}
