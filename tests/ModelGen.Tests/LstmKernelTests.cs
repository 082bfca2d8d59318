using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// TorchSharp's LSTM against the LSTM equations written out with plain tensor ops. On CPUs where
/// libtorch 2.10's AVX-512 oneDNN LSTM kernel is wrong this fails unless ONEDNN_MAX_CPU_ISA=AVX2 is
/// set (onednn.runsettings sets it for these tests; README.md, "Known issues", tells users).
/// </summary>
public class LstmKernelTests
{
    [Fact]
    public void Lstm_module_follows_the_lstm_equations()
    {
        manual_seed(3);
        using var lstm = nn.LSTM(3, 4, 1, batchFirst: true);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = lstm.named_parameters().ToDictionary(a => a.name, a => a.parameter);
        Tensor x = tensor(new float[] { 0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f }, [1, 2, 3]);

        (Tensor output, _, _) = lstm.call(x);

        // i, f, g, o gates; h and c start at zero.
        Tensor h = zeros(4), c = zeros(4);
        for (int t = 0; t < 2; t++)
        {
            Tensor[] gates = (p["weight_ih_l0"].matmul(x[0, t]) + p["bias_ih_l0"] + p["weight_hh_l0"].matmul(h) + p["bias_hh_l0"]).chunk(4);
            c = sigmoid(gates[1]) * c + sigmoid(gates[0]) * tanh(gates[2]);
            h = sigmoid(gates[3]) * tanh(c);
            float error = (output[0, t] - h).abs().max().item<float>();
            Assert.True(error < 1e-6f,
                $"step {t}: TorchSharp's LSTM is off by {error} (ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? "unset"}); " +
                "on CPUs where libtorch's AVX-512 LSTM kernel is wrong, set ONEDNN_MAX_CPU_ISA=AVX2");
        }
    }
}
