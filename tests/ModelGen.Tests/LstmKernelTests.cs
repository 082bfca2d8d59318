using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// libtorch 2.10's oneDNN LSTM kernel for AVX-512 is wrong on some CPUs; ModelGen limits oneDNN to
/// AVX2 when the first model with an LSTM is created (unless ONEDNN_MAX_CPU_ISA is set) and checks the
/// kernel against the LSTM equations. These tests run as users run: no environment variable (fresh
/// processes where it matters).
/// </summary>
/// <remarks>
/// In the global random generator's collection: one test checks that the kernel check leaves the generator's sequence as
/// it was, which another class drawing from it in parallel would change (it failed so once in CI).
/// </remarks>
[Collection(GlobalRandomState.Name)]
public class LstmKernelTests
{
    private static readonly Dictionary<string, string?> NoVariable = new() { [LstmKernel.Variable] = null };

    [Fact]
    public void Creating_a_model_with_an_LSTM_caps_oneDNN_and_finds_the_kernel_right()
    {
        Dictionary<string, string> seen = Probes.Start("lstm-model", NoVariable);

        Assert.Equal("True", seen["applied"]);
        Assert.Equal("", seen["user"]);
        Assert.Equal(LstmKernel.Cap, seen["after"]);
        Assert.Equal("True", seen["correct"]);
        Assert.True(double.Parse(seen["error"], System.Globalization.CultureInfo.InvariantCulture) < LstmKernel.Tolerance);
    }

    [Fact]
    public void A_value_the_user_set_is_left_alone()
    {
        Dictionary<string, string> seen = Probes.Start("lstm-model", new Dictionary<string, string?> { [LstmKernel.Variable] = "AVX2_VNNI" });

        Assert.Equal("False", seen["applied"]);
        Assert.Equal("AVX2_VNNI", seen["user"]);
        Assert.Equal("AVX2_VNNI", seen["after"]);
    }

    [Fact]
    public void Models_without_an_LSTM_leave_oneDNN_alone()
    {
        Dictionary<string, string> seen = Probes.Start("gru-model", NoVariable);

        Assert.Equal("", seen["after"]);
    }

    [Fact]
    public void The_check_tells_a_wrong_kernel_from_a_right_one()
    {
        double right = LstmKernel.LargestError(static (lstm, x) => lstm.call(x).Item1);
        // A kernel off by 0.03 (as the AVX-512 kernel was on an affected machine) and one that drops the cell state.
        double off = LstmKernel.LargestError(static (lstm, x) => lstm.call(x).Item1 + 0.03f);
        double forgetful = LstmKernel.LargestError(static (lstm, x) =>
            cat(Enumerable.Range(0, (int)x.shape[1]).Select(t => lstm.call(x.slice(1, t, t + 1, 1)).Item1).ToList(), 1));

        Assert.True(right < 1e-6, $"TorchSharp's LSTM differs from the equations by {right} after the cap");
        Assert.InRange(off, 0.029, 0.031);
        Assert.True(forgetful > LstmKernel.Tolerance, $"an LSTM that forgets its state between steps was judged right ({forgetful})");
    }

    [Fact]
    public void The_check_leaves_the_random_number_generator_as_it_was()
    {
        manual_seed(11);
        float[] expected = randn(8).data<float>().ToArray();

        manual_seed(11);
        LstmKernel.LargestError(static (lstm, x) => lstm.call(x).Item1);
        float[] actual = randn(8).data<float>().ToArray();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(true, null, "had already read its settings")]
    [InlineData(false, "AVX512_CORE", "is set to 'AVX512_CORE'")]
    [InlineData(false, null, "could not set")]
    public void A_wrong_kernel_that_cannot_be_fixed_is_an_exception_that_says_why_and_what_to_do(bool applied, string? user, string why)
    {
        string message = LstmKernel.Explain(new LstmKernelStatus(false, 0.03, user, applied));

        Assert.Contains("wrong results", message);
        Assert.Contains("0.03", message);
        Assert.Contains(why, message);
        Assert.Contains("ONEDNN_MAX_CPU_ISA=AVX2 before the process starts", message);
    }

    [Fact]
    public void Lstm_module_follows_the_lstm_equations_once_a_model_has_checked_the_kernel()
    {
        LstmKernel.EnsureCorrect(); // as creating any ModelGen model with an LSTM does
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
            Assert.True(error < 1e-6f, $"step {t}: TorchSharp's LSTM is off by {error}");
        }
    }
}
