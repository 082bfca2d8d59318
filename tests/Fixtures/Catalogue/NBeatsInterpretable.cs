using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// An N-BEATS trend block, as darts builds it: two fully connected layers with ReLU, then for the backcast and for the
/// forecast a Linear to the coefficients of a polynomial of degree 2 and the fixed polynomial basis over the window (24
/// values) or the horizon (6).
/// </summary>
[Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
public partial class TrendBlock
{
    public const int Window = 24, Horizon = 6, Width = 32, Degree = 2;

    [Linear(Window, Width)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU relu1;

    [Linear(Width, Width)]
    private readonly Linear fc2;

    [ReLU]
    private readonly ReLU relu2;

    [Linear(Width, Degree + 1)]
    private readonly Linear backcastTheta;

    [TrendBasis(Degree, Window)]
    private readonly Basis backcast;

    [From(nameof(relu2))]
    [Linear(Width, Degree + 1)]
    private readonly Linear forecastTheta;

    [TrendBasis(Degree, Horizon)]
    private readonly Basis forecast;
}

/// <summary>
/// An N-BEATS seasonality block, as darts builds it: the same fully connected layers, then Linears to the coefficients of
/// the fixed Fourier bases, 23 over the window (a constant, 10 cosines, 10 sines) and 5 over the horizon.
/// </summary>
[Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
public partial class SeasonalityBlock
{
    public const int Window = 24, Horizon = 6, Width = 32;

    [Linear(Window, Width)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU relu1;

    [Linear(Width, Width)]
    private readonly Linear fc2;

    [ReLU]
    private readonly ReLU relu2;

    [Linear(Width, 23)]
    private readonly Linear backcastTheta;

    [SeasonalityBasis(Window)]
    private readonly Basis backcast;

    [From(nameof(relu2))]
    [Linear(Width, 5)]
    private readonly Linear forecastTheta;

    [SeasonalityBasis(Horizon)]
    private readonly Basis forecast;
}

/// <summary>
/// N-BEATS's interpretable architecture on one series: a trend block, then a seasonality block reading the window minus
/// the trend's backcast; the forecast is the sum of the two (one block per stack; darts repeats each stack's block with
/// shared weights, which a declaration cannot yet say).
/// </summary>
[Model(Input = [24, 1], Output = [6, 1], MultiOutput = true)]
public partial class NBeatsInterpretable
{
    [Flatten]
    private readonly Flatten flatten;

    private readonly TrendBlock trend;

    private readonly SeasonalityBlock seasonality;
}
