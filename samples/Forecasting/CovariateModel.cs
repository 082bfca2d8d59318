using ModelGen;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Forecasting;

/// <summary>
/// What the covariate model reads, per window: the past 10 hours of the series (demand, temperature, activity)
/// and of its calendar, and the calendar over the 5 forecast hours, which is known ahead (it is computed from
/// the row's time).
/// </summary>
public sealed record CalendarInputs(
    [property: Shape(10, 7)] Tensor Past,
    [property: Shape(5, 4)] Tensor Future);

/// <summary>
/// The seed's encoder on the past window with the calendar, a context vector from its last step, then a
/// per-hour read-out of [that hour's calendar, context]: each forecast hour sees its own hour of day and day of
/// week, known ahead. Like the seed, no step is computed from another step's prediction.
/// </summary>
// MultiOutput: producing the 5 hours side by side, none fed back, is the intent here (MG1001 would say so).
[Model(Inputs = typeof(CalendarInputs), Output = [5, 1], MultiOutput = true)]
public partial class CovariateModel
{
    [From(nameof(CalendarInputs.Past))]
    [Gru(7, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [Linear(32, 16)]
    private readonly Linear context;

    [From(nameof(CalendarInputs.Future), nameof(context))]
    [Linear(20, 32)]
    private readonly Linear hidden;

    [ReLU]
    private readonly ReLU relu;

    [Linear(32, 1)]
    private readonly Linear head;
}
