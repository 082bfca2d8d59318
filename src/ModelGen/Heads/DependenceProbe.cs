using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// How much each output step depends on the model's own prediction for each earlier step, measured
/// through the path a prediction is fed back on: the gradient of output step k with respect to the
/// value fed back for step j (mean absolute value over the batch and the values of each step).
/// </summary>
/// <remarks>
/// The often-quoted check <c>y.retain_grad(); y[:, -1].sum().backward(); y.grad[:, :-1] == 0</c>
/// cannot fail: <c>y.grad</c> is the gradient with respect to the stacked output, one-hot at the last
/// step for any model. This probe differentiates with respect to the fed-back value itself, so it is
/// zero for a multi-output head (which has no feedback path) and nonzero below the diagonal for an
/// autoregressive one.
/// </remarks>
public sealed class DependenceMatrix
{
    private readonly double[,] _values;

    internal DependenceMatrix(double[,] values) => _values = values;

    /// <summary>Output steps.</summary>
    public int Horizon => _values.GetLength(0);

    /// <summary>
    /// Mean over the batch and the values of each step of |∂y_k / ∂ŷ_j| through the feedback path; exactly 0
    /// where step k does not read step j's prediction. Every pair is measured, both sides of the diagonal.
    /// </summary>
    public double this[int k, int j] => _values[k, j];

    /// <summary>Whether any step depends on an earlier step's prediction.</summary>
    public bool AnyConditioned => Enumerable.Range(0, Horizon).Any(k => Enumerable.Range(0, Horizon).Any(j => _values[k, j] != 0));

    /// <summary>The matrix as rows of step k, columns of fed-back step j.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("      " + string.Concat(Enumerable.Range(1, Horizon).Select(j => ("ŷ" + j).PadLeft(8) + " ")));
        for (int k = 0; k < Horizon; k++)
        {
            text.Append('\n').Append($"y{k + 1,-4} ");
            for (int j = 0; j < Horizon; j++)
                text.Append(_values[k, j] == 0 ? "       0 " : _values[k, j].ToString(" 0.00e+0", CultureInfo.InvariantCulture).PadLeft(8) + " ");
        }
        return text.ToString();
    }
}

/// <summary>Measures <see cref="DependenceMatrix"/> for a generated model.</summary>
public static class DependenceProbe
{
    /// <summary>
    /// Runs <paramref name="model"/> once on <paramref name="input"/>, replacing every fed-back
    /// prediction with a leaf tensor of the same value, and differentiates each output step with
    /// respect to those leaves. The model's training mode is left as it is (use <c>eval()</c> to
    /// probe inference).
    /// </summary>
    public static DependenceMatrix Measure(IForecastModel model, Tensor input) => Measure<Tensor>(model, input);

    /// <summary>
    /// <see cref="Measure(IForecastModel, Tensor)"/> for a model with named inputs: runs it once on
    /// <paramref name="input"/>, its inputs record.
    /// </summary>
    public static DependenceMatrix Measure<TInput>(IForecastModel<TInput> model, TInput input)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        int horizon = model.Horizon;
        var values = new double[horizon, horizon];
        using var scope = NewDisposeScope();
        using var enableGrad = enable_grad();
        var fed = new Dictionary<int, Tensor>();
        Tensor output = model.Forecast(input, (step, prediction) =>
        {
            // The model frees what it makes inside forward; the leaf must outlive that, in the probe's scope.
            Tensor leaf = prediction.detach().requires_grad_(true).MoveToOuterDisposeScope();
            fed[step] = leaf;
            return leaf;
        });
        if (fed.Count == 0) return new DependenceMatrix(values); // no feedback path: nothing depends on a prediction

        // Every pair (k, j), and every value of step k separately, so that values of opposite sign
        // cannot cancel: mean over the batch and the values of |∂y_k,v / ∂ŷ_j,w|.
        Tensor steps = output.reshape(output.shape[0], horizon, -1);
        long valuesPerStep = steps.shape[2];
        List<KeyValuePair<int, Tensor>> leaves = fed.OrderBy(f => f.Key).ToList();
        List<Tensor> inputs = leaves.Select(f => f.Value).ToList();
        for (int k = 0; k < horizon; k++)
        {
            for (long v = 0; v < valuesPerStep; v++)
            {
                IList<Tensor> grads = autograd.grad([steps[.., k, v].sum()], inputs, retain_graph: true, allow_unused: true);
                for (int i = 0; i < leaves.Count; i++)
                {
                    Tensor? grad = grads[i];
                    if (grad is null || grad.IsInvalid) continue;
                    values[k, leaves[i].Key] += grad.abs().mean().to_type(ScalarType.Float64).item<double>() / valuesPerStep;
                }
            }
        }
        return new DependenceMatrix(values);
    }
}
