using TorchSharp;

namespace ModelGen;

/// <summary>
/// Called with each prediction a model feeds back into itself (step <paramref name="step"/>,
/// <c>[batch, values]</c>); returns the tensor to feed back instead. Returning the prediction leaves
/// the model unchanged; the dependence probe returns a leaf it can differentiate with respect to.
/// </summary>
public delegate torch.Tensor FeedbackHook(int step, torch.Tensor prediction);

/// <summary>Implemented by every generated model: a forward pass that exposes the values it feeds back.</summary>
public interface IForecastModel
{
    /// <summary>
    /// Output steps: a decoding head's horizon; otherwise the first dimension of the model's Output when it
    /// has two or more, else 1.
    /// </summary>
    int Horizon { get; }

    /// <summary>
    /// Runs the model like <c>forward</c>, passing every prediction it feeds back as the input of a
    /// later step through <paramref name="feedback"/>. A model with no feedback path never calls it.
    /// </summary>
    torch.Tensor Forecast(torch.Tensor input, FeedbackHook? feedback);
}
