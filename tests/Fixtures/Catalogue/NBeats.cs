using ModelGen;
using TorchSharp.Modules;

namespace ModelGen.Catalogue;

/// <summary>
/// An N-BEATS block with generic (learned) bases, as darts builds it: two fully connected layers with ReLU, then for
/// the backcast and for the forecast a Linear to 8 expansion coefficients and a Linear basis from them to the window
/// (24 values) or the horizon (6).
/// </summary>
[Block(Backcast = nameof(backcast), Forecast = nameof(forecast))]
public partial class GenericBlock
{
    public const int Window = 24, Horizon = 6, Width = 32, Coefficients = 8;

    [Linear(Window, Width)]
    private readonly Linear fc1;

    [ReLU]
    private readonly ReLU relu1;

    [Linear(Width, Width)]
    private readonly Linear fc2;

    [ReLU]
    private readonly ReLU relu2;

    [Linear(Width, Coefficients)]
    private readonly Linear backcastTheta;

    [Linear(Coefficients, Window)]
    private readonly Linear backcast;

    [From(nameof(relu2))]
    [Linear(Width, Coefficients)]
    private readonly Linear forecastTheta;

    [Linear(Coefficients, Horizon)]
    private readonly Linear forecast;
}

/// <summary>
/// N-BEATS (generic) on one series: the 24-step window flattened, three generic blocks stacked doubly residually (each
/// reads the window minus the backcasts before it), the forecast the sum of the three blocks' forecasts.
/// </summary>
[Model(Input = [24, 1], Output = [6, 1], MultiOutput = true)]
public partial class NBeats
{
    [Flatten]
    private readonly Flatten flatten;

    private readonly GenericBlock block1;

    private readonly GenericBlock block2;

    private readonly GenericBlock block3;
}
