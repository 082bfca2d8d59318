namespace ModelGen;

/// <summary>
/// What the compiler worked out about a model's multi-step output: the strategy that produces the
/// steps and whether any step is computed from the model's prediction for an earlier step. The same
/// plan decides warning MG1001; <see cref="DependenceProbe"/> measures it at run time.
/// </summary>
/// <param name="Strategy">multi-output (MIMO), per-step read-out, autoregressive, or DirRec.</param>
/// <param name="Horizon">Output steps.</param>
/// <param name="StepsConditioned">Whether later steps are computed from earlier steps' predictions.</param>
public sealed record ForecastHead(string Strategy, int Horizon, bool StepsConditioned);
