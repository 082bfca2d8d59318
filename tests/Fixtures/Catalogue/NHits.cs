using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// An N-HiTS block as darts builds it: the window (24 values) max-pooled by <see cref="Pool"/> (the last, shorter window
/// pooled too), two fully connected layers with ReLU, then Linear maps to <see cref="Window"/> / <see cref="Downsample"/>
/// backcast knots and <see cref="Horizon"/> / <see cref="Downsample"/> forecast knots, each interpolated linearly to the
/// window and the horizon.
/// </summary>
[Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
public partial class HitsBlock
{
    public const int Window = 24, Horizon = 6, Width = 32, Pool = 2, Downsample = 2;
    public const int Pooled = (Window + Pool - 1) / Pool;

    [MaxPool1d(Pool, Stride = Pool, CeilMode = true)]
    private readonly MaxPool1d pool;

    [Linear(Pooled, Width)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU relu1;

    [Linear(Width, Width)]
    private readonly Linear fc2;

    [ReLU]
    private readonly ReLU relu2;

    [Linear(Width, Window / Downsample)]
    private readonly Linear backcastKnots;

    [Interpolate(Window)]
    private readonly Upsample backcast;

    [From(nameof(relu2))]
    [Linear(Width, Horizon / Downsample)]
    private readonly Linear forecastKnots;

    [Interpolate(Horizon)]
    private readonly Upsample forecast;
}

/// <summary>
/// N-HiTS on one series: three blocks stacked doubly residually, from coarse to fine: pooled by 5 (24 values to 5, the
/// last window of 4) with 4 backcast knots and 1 forecast knot, by 2 with 12 and 3, and by 1 (every value) with 24 and 6;
/// the forecast the sum of the three.
/// </summary>
[Model(Input = [24, 1], Output = [6, 1], MultiOutput = true)]
public partial class NHits
{
    [Flatten]
    private readonly Flatten flatten;

    [With(nameof(HitsBlock.Pool), 5)]
    [With(nameof(HitsBlock.Downsample), 6)]
    private readonly HitsBlock coarse;

    [With(nameof(HitsBlock.Pool), 2)]
    [With(nameof(HitsBlock.Downsample), 2)]
    private readonly HitsBlock middle;

    [With(nameof(HitsBlock.Pool), 1)]
    [With(nameof(HitsBlock.Downsample), 1)]
    private readonly HitsBlock fine;
}
