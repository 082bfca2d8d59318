using ModelGen;
using TorchSharp.Modules;

namespace Forecasting;

/// <summary>
/// DeepAR's decoding on the seed's encoder (<c>--distribution normal</c>): the autoregressive head reads out a Normal's
/// loc and scale for each hour, feeding back the mean on its deterministic path and, in <c>Sample</c>, each path's own
/// draw. It trains on the negative log-likelihood, which the trainer chooses from the declaration.
/// </summary>
[Model(Input = [10, 3], Output = [5, 1], Distribution = OutputDistribution.Normal)]
public partial class DeepArModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [AutoregressiveGru(32, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead decoder;
}

/// <summary>The same with Student's t (<c>--distribution studentt</c>), for heavier tails.</summary>
[Model(Input = [10, 3], Output = [5, 1], Distribution = OutputDistribution.StudentT)]
public partial class DeepArStudentModel
{
    [Gru(3, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [AutoregressiveGru(32, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead decoder;
}

/// <summary><see cref="DeepArModel"/> for a series of one column.</summary>
[Model(Input = [10, 1], Output = [5, 1], Distribution = OutputDistribution.Normal)]
public partial class UnivariateDeepArModel
{
    [Gru(1, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [AutoregressiveGru(32, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead decoder;
}

/// <summary><see cref="DeepArStudentModel"/> for a series of one column.</summary>
[Model(Input = [10, 1], Output = [5, 1], Distribution = OutputDistribution.StudentT)]
public partial class UnivariateDeepArStudentModel
{
    [Gru(1, 32, NumLayers = 2)]
    private readonly GRU GRU;

    [LastStep]
    [AutoregressiveGru(32, 1, 5, FirstInput = [0])]
    private readonly AutoregressiveGruHead decoder;
}
