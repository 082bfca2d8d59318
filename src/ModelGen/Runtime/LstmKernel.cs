using System;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Threading;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen;

/// <summary>
/// Keeps LSTM results right on CPUs where libtorch 2.10's oneDNN LSTM kernel for AVX-512 is wrong
/// (seen on AMD EPYC processors: different values, even signs). The constructor of every generated
/// model with an LSTM calls <see cref="EnsureCorrect"/>: the first call in a process limits oneDNN to
/// AVX2 (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>, set for native code) unless the variable is already set, then
/// runs small LSTMs against the LSTM equations. If the kernel is still wrong — oneDNN had already read
/// its settings, or the variable was set to something else — every such constructor throws, saying why
/// and what to do: never wrong numbers in silence. Models without an LSTM change nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Advanced)]
public static class LstmKernel
{
    /// <summary>The oneDNN setting that limits the instruction sets its kernels use.</summary>
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The limit ModelGen applies.</summary>
    public const string Cap = "AVX2";

    /// <summary>Largest difference from the equations, in float32, that still counts as right.</summary>
    internal const double Tolerance = 1e-4;

    private static readonly Lazy<LstmKernelStatus> Checked = new(Check, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>What the check found in this process (running it if no model with an LSTM has yet).</summary>
    public static LstmKernelStatus Status => Checked.Value;

    /// <summary>
    /// Applies the cap if it is needed and can be, and checks the kernel, once per process.
    /// </summary>
    /// <exception cref="InvalidOperationException">The LSTM kernel is wrong on this CPU and cannot be fixed in this process.</exception>
    public static void EnsureCorrect()
    {
        LstmKernelStatus status = Checked.Value;
        if (!status.IsCorrect) throw new InvalidOperationException(Explain(status));
    }

    private static LstmKernelStatus Check()
    {
        string? before = NativeEnvironment.Get(Variable);
        // An empty value is no setting at all (oneDNN ignores it): replace it.
        bool applied = string.IsNullOrEmpty(before) && NativeEnvironment.Set(Variable, Cap) && NativeEnvironment.Get(Variable) == Cap;
        try
        {
            double error = LargestError(static (lstm, x) => lstm.call(x).Item1);
            return new LstmKernelStatus(error <= Tolerance, error, string.IsNullOrEmpty(before) ? null : before, applied);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a verdict on the kernel, but no model with an LSTM may run unchecked: say why.
            return new LstmKernelStatus(false, double.NaN, string.IsNullOrEmpty(before) ? null : before, applied) { CheckFailure = e.Message };
        }
    }

    /// <summary>Why the kernel is wrong and what to do, for the exception.</summary>
    internal static string Explain(LstmKernelStatus status)
    {
        if (status.CheckFailure is { } failure)
            return $"ModelGen could not check libtorch's LSTM kernel on this CPU ({failure}), so it will not run a model with an LSTM that might give wrong numbers. " +
                   "The check runs small float32 LSTMs on the CPU; report this with the message above.";
        string error = status.LargestError.ToString("G3", CultureInfo.InvariantCulture);
        string why = status.CapApplied
            ? $"ModelGen set {Variable}={Cap}, which fixes it, but oneDNN had already read its settings in this process: a model with an LSTM (or another layer oneDNN runs) ran before the first ModelGen model with an LSTM was created."
            : status.UserValue is { Length: > 0 } value
                ? $"{Variable} is set to '{value}' in this process, so ModelGen left it alone."
                : $"ModelGen could not set {Variable} in this process.";
        return $"libtorch's LSTM kernel gives wrong results on this CPU: a small LSTM differs from the LSTM equations by {error} " +
               $"(libtorch 2.10's oneDNN AVX-512 LSTM kernel is wrong on some processors). {why} " +
               $"Set the environment variable {Variable}={Cap} before the process starts, or create ModelGen models with an LSTM before running any other model.";
    }

    /// <summary>
    /// The largest difference between TorchSharp's LSTM and the LSTM equations (computed here in
    /// double precision) over two small configurations. <paramref name="run"/> runs an LSTM with known
    /// weights on an input and returns its output sequence (the LSTM itself, except in tests of this check).
    /// </summary>
    internal static double LargestError(Func<TorchSharp.Modules.LSTM, Tensor, Tensor> run)
    {
        using IDisposable noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        // Creating an LSTM draws its initial weights from the global generator: put it back as it was,
        // so the check does not change the weights of the models the user creates next.
        Tensor generator = get_rng_state();
        try
        {
            return Configurations.Max(c => LargestError(run, c.Input, c.Hidden, c.Layers, c.Bidirectional, c.Batch, c.Steps));
        }
        finally
        {
            set_rng_state(generator);
        }
    }

    /// <summary>A small LSTM, and one stacked and bidirectional as the affected models were, with a wider state.</summary>
    private static readonly (int Input, int Hidden, int Layers, bool Bidirectional, int Batch, int Steps)[] Configurations =
        [(3, 4, 1, false, 1, 2), (4, 16, 2, true, 3, 6)];

    private static double LargestError(Func<TorchSharp.Modules.LSTM, Tensor, Tensor> run, int input, int hidden, int layers, bool bidirectional, int batch, int steps)
    {
        double worst = 0;
        {
            using TorchSharp.Modules.LSTM lstm = nn.LSTM(input, hidden, layers, batchFirst: true, bidirectional: bidirectional, device: CPU, dtype: ScalarType.Float32);
            // Fixed weights, so the check neither uses nor disturbs the user's random number generator.
            int seed = 0;
            foreach ((string _, TorchSharp.Modules.Parameter parameter) in lstm.named_parameters())
                parameter.copy_(Pattern(parameter.numel(), ref seed).reshape(parameter.shape));
            float[] x = Pattern(batch * steps * input, ref seed).data<float>().ToArray();
            Tensor output = run(lstm, tensor(x, [batch, steps, input], dtype: ScalarType.Float32, device: CPU));
            float[] actual = output.cpu().data<float>().ToArray();
            double[] expected = Equations(lstm, x, batch, steps, input, hidden, layers, bidirectional);
            if (actual.Length != expected.Length) return double.PositiveInfinity;
            for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, double.IsNaN(actual[i]) ? double.PositiveInfinity : Math.Abs(actual[i] - expected[i]));
        }
        return worst;
    }

    /// <summary>Values in [-0.9, 0.9] that vary enough to exercise every gate.</summary>
    private static Tensor Pattern(long count, ref int seed)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++, seed++) values[i] = (float)(0.9 * Math.Sin(1.7 * seed + 0.3));
        return tensor(values);
    }

    /// <summary>
    /// PyTorch's LSTM (gates i, f, g, o; h and c start at zero), stacked and bidirectional, batch-first,
    /// in double precision: each layer reads the previous layer's outputs of both directions, the reverse
    /// direction runs from the last step to the first, and the output joins the two per step.
    /// </summary>
    private static double[] Equations(TorchSharp.Modules.LSTM lstm, float[] x, int batch, int steps, int input, int hidden, int layers, bool bidirectional)
    {
        int directions = bidirectional ? 2 : 1;
        double[] sequence = Array.ConvertAll(x, v => (double)v); // [batch, steps, width]
        int width = input;
        for (int layer = 0; layer < layers; layer++)
        {
            var next = new double[batch * steps * directions * hidden];
            for (int d = 0; d < directions; d++)
            {
                string suffix = $"_l{layer}" + (d == 1 ? "_reverse" : "");
                float[] wih = Values(lstm, "weight_ih" + suffix), whh = Values(lstm, "weight_hh" + suffix);
                float[] bih = Values(lstm, "bias_ih" + suffix), bhh = Values(lstm, "bias_hh" + suffix);
                for (int b = 0; b < batch; b++)
                {
                    var h = new double[hidden];
                    var c = new double[hidden];
                    for (int i = 0; i < steps; i++)
                    {
                        int t = d == 0 ? i : steps - 1 - i;
                        var gates = new double[4 * hidden];
                        for (int g = 0; g < 4 * hidden; g++)
                        {
                            double sum = bih[g] + bhh[g];
                            for (int k = 0; k < width; k++) sum += wih[g * width + k] * sequence[(b * steps + t) * width + k];
                            for (int k = 0; k < hidden; k++) sum += whh[g * hidden + k] * h[k];
                            gates[g] = sum;
                        }
                        for (int j = 0; j < hidden; j++)
                        {
                            double ig = Sigmoid(gates[j]), fg = Sigmoid(gates[hidden + j]), gg = Math.Tanh(gates[2 * hidden + j]), og = Sigmoid(gates[3 * hidden + j]);
                            c[j] = fg * c[j] + ig * gg;
                            h[j] = og * Math.Tanh(c[j]);
                            next[((b * steps + t) * directions + d) * hidden + j] = h[j];
                        }
                    }
                }
            }
            (sequence, width) = (next, directions * hidden);
        }
        return sequence;
    }

    private static float[] Values(TorchSharp.Modules.LSTM lstm, string name) => lstm.get_parameter(name)!.data<float>().ToArray();

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}

/// <summary>What <see cref="LstmKernel"/> found in this process.</summary>
/// <param name="IsCorrect">Whether TorchSharp's LSTM follows the LSTM equations here.</param>
/// <param name="LargestError">The largest difference found.</param>
/// <param name="UserValue">The value of <c>ONEDNN_MAX_CPU_ISA</c> before ModelGen looked, if any (an empty one counts as none).</param>
/// <param name="CapApplied">Whether ModelGen set <c>ONEDNN_MAX_CPU_ISA=AVX2</c>.</param>
public sealed record LstmKernelStatus(bool IsCorrect, double LargestError, string? UserValue, bool CapApplied)
{
    /// <summary>Why the check itself could not run, if it could not (then <see cref="IsCorrect"/> is false).</summary>
    public string? CheckFailure { get; init; }
}
