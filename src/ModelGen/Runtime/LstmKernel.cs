using System;
using System.ComponentModel;
using System.Globalization;
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
        bool applied = string.IsNullOrEmpty(before) && NativeEnvironment.Set(Variable, Cap);
        double error = LargestError(static (lstm, x) => lstm.call(x).Item1);
        return new LstmKernelStatus(error <= Tolerance, error, before, applied);
    }

    /// <summary>Why the kernel is wrong and what to do, for the exception.</summary>
    internal static string Explain(LstmKernelStatus status)
    {
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
        double worst = 0;
        foreach ((int input, int hidden, int batch, int steps) in new[] { (3, 4, 1, 2), (4, 16, 3, 6) })
        {
            using TorchSharp.Modules.LSTM lstm = nn.LSTM(input, hidden, 1, batchFirst: true);
            // Fixed weights, so the check neither uses nor disturbs the user's random number generator.
            int seed = 0;
            foreach ((string _, TorchSharp.Modules.Parameter parameter) in lstm.named_parameters())
                parameter.copy_(Pattern(parameter.numel(), ref seed).reshape(parameter.shape));
            float[] x = Pattern(batch * steps * input, ref seed).data<float>().ToArray();
            Tensor output = run(lstm, tensor(x, [batch, steps, input]));
            float[] actual = output.data<float>().ToArray();
            double[] expected = Equations(lstm, x, batch, steps, input, hidden);
            for (int i = 0; i < actual.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            if (double.IsNaN(actual[0])) worst = double.PositiveInfinity;
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

    /// <summary>PyTorch's LSTM (gates i, f, g, o; h and c start at zero), batch-first, in double precision.</summary>
    private static double[] Equations(TorchSharp.Modules.LSTM lstm, float[] x, int batch, int steps, int input, int hidden)
    {
        float[] wih = lstm.get_parameter("weight_ih_l0")!.data<float>().ToArray(), whh = lstm.get_parameter("weight_hh_l0")!.data<float>().ToArray();
        float[] bih = lstm.get_parameter("bias_ih_l0")!.data<float>().ToArray(), bhh = lstm.get_parameter("bias_hh_l0")!.data<float>().ToArray();
        var output = new double[batch * steps * hidden];
        for (int b = 0; b < batch; b++)
        {
            var h = new double[hidden];
            var c = new double[hidden];
            for (int t = 0; t < steps; t++)
            {
                var gates = new double[4 * hidden];
                for (int g = 0; g < 4 * hidden; g++)
                {
                    double sum = bih[g] + bhh[g];
                    for (int k = 0; k < input; k++) sum += wih[g * input + k] * (double)x[(b * steps + t) * input + k];
                    for (int k = 0; k < hidden; k++) sum += whh[g * hidden + k] * h[k];
                    gates[g] = sum;
                }
                for (int j = 0; j < hidden; j++)
                {
                    double i = Sigmoid(gates[j]), f = Sigmoid(gates[hidden + j]), gg = Math.Tanh(gates[2 * hidden + j]), o = Sigmoid(gates[3 * hidden + j]);
                    c[j] = f * c[j] + i * gg;
                    h[j] = o * Math.Tanh(c[j]);
                    output[(b * steps + t) * hidden + j] = h[j];
                }
            }
        }
        return output;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}

/// <summary>What <see cref="LstmKernel"/> found in this process.</summary>
/// <param name="IsCorrect">Whether TorchSharp's LSTM follows the LSTM equations here.</param>
/// <param name="LargestError">The largest difference found.</param>
/// <param name="UserValue">The value of <c>ONEDNN_MAX_CPU_ISA</c> before ModelGen looked, if any.</param>
/// <param name="CapApplied">Whether ModelGen set <c>ONEDNN_MAX_CPU_ISA=AVX2</c>.</param>
public sealed record LstmKernelStatus(bool IsCorrect, double LargestError, string? UserValue, bool CapApplied);
