using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace ModelGen.Tests;

/// <summary>
/// Each model's generated PyTorch twin (<c>PyTorchSource</c>) against PyTorch itself, through fixtures
/// made once with Debian's PyTorch 1.13 by tests/Fixtures/run_twins.py: PyTorch ran exactly the source
/// generated now, with weights TorchSharp saved, and its outputs are TorchSharp's; and weights the twin
/// was trained to in PyTorch load back into the C# model and give PyTorch's outputs. No Python here.
/// </summary>
/// <remarks>
/// When the generated source changes, the first test fails until the fixtures are made again: run the
/// tests (they write tests/ModelGen.Tests/bin/Debug/net10.0/pytorch-twins), then
/// <c>/usr/bin/python3 tests/Fixtures/run_twins.py tests/ModelGen.Tests/bin/Debug/net10.0/pytorch-twins</c>.
/// Made again, the fixtures follow the generator, so what they record of the generated twin is also
/// compared with the hand-written twins in make_fixtures.py: outputs, and the modules' options and frozen
/// parameters, which outputs in eval mode do not show.
/// </remarks>
public class PyTorchTwinTests
{
    private static readonly Dictionary<string, Type> Types = typeof(PyTorchTwinTests).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<ModelAttribute>() is not null && (t.Namespace == "ModelGen.Catalogue" || t == typeof(MyModel)))
        .ToDictionary(t => t.Name);

    public static TheoryData<string> Models() => new(Types.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Models))]
    public void PyTorch_ran_the_generated_twin_on_TorchSharps_weights_and_got_TorchSharps_outputs(string name)
    {
        string source = (string)Types[name].GetProperty("PyTorchSource")!.GetValue(null)!;
        using nn.Module model = Create(name);
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            // A fixed pattern at the scale of PyTorch's initialisation (1/√fan-in), so that deep stacks (residual
            // blocks add up) keep their outputs near 1 and float32 compares at its usual precision.
            foreach (var parameter in model.parameters())
            {
                double fanIn = parameter.dim() > 1 ? parameter.numel() / (double)parameter.shape[0] : 1;
                parameter.copy_(linspace(-0.5, 0.5, parameter.numel()).div(Math.Sqrt(fanIn)).reshape(parameter.shape));
            }
        }
        var input = Input(name);
        Tensor output;
        using (no_grad()) output = ModelRunner.Call(model, input);

        // What the fixture script runs: the source, the weights (PyTorch's format), the input.
        string folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "pytorch-twins")).FullName;
        Types[name].GetMethod("WritePyTorchSource")!.Invoke(null, [Path.Combine(folder, name + ".py")]);
        model.SaveCheckpoint(Path.Combine(folder, name + ".pt"));
        File.WriteAllText(Path.Combine(folder, name + ".input.json"), JsonSerializer.Serialize(ModelRunner.Json(input)));

        JsonElement fixture = Fixture(name);
        Assert.True(source == fixture.GetProperty("source").GetString(),
            $"{name}'s generated PyTorch source is not the one PyTorch ran; make the fixtures again (see this class's remarks)");
        Assert.Equal(output.shape, Longs(fixture.GetProperty("output_shape")));
        float error = MaxError(output.data<float>().ToArray(), Floats(fixture.GetProperty("output")));
        Assert.True(error < 1e-5f, $"{name}: PyTorch's twin differs from TorchSharp by up to {error}");
        // And the generated twin is the hand-written one (make_fixtures.py): same weights, same outputs.
        double handwritten = fixture.GetProperty("handwritten_max_difference").GetDouble();
        Assert.True(handwritten < 1e-5, $"{name}: the generated twin differs from the hand-written one by up to {handwritten}");
    }

    /// <summary>
    /// A quantile or distribution twin carries its training loss in Python (<c>pinball_loss</c>,
    /// <c>negative_log_likelihood</c>); run_twins.py ran it on the twin's output against seeded targets. The C#
    /// <see cref="Losses"/> on the same numbers give the same value: the same formula on both sides.
    /// </summary>
    [Fact]
    public void The_twins_loss_in_Python_is_the_CSharp_loss_on_the_same_numbers()
    {
        string[] withLoss = [.. Types.Keys.Where(n => Fixture(n).TryGetProperty("loss", out _)).Order(StringComparer.Ordinal)];
        Assert.Equal([nameof(Catalogue.AutoregressiveQuantileForecaster), nameof(Catalogue.DeepArNormal), nameof(Catalogue.DirRecQuantileForecaster), nameof(Catalogue.NormalGru),
            nameof(Catalogue.QuantileGru)], withLoss);
        foreach (string name in withLoss)
        {
            JsonElement fixture = Fixture(name), loss = fixture.GetProperty("loss");
            using var scope = NewDisposeScope();
            long[] shape = Longs(fixture.GetProperty("output_shape"));
            Tensor output = tensor(Floats(fixture.GetProperty("output")), shape), target = tensor(Floats(loss.GetProperty("target")), shape[..^1]);
            using nn.Module model = Create(name);
            (string function, Tensor value) = model switch
            {
                IQuantileModel quantile => ("pinball_loss", Losses.Pinball(output, target, quantile.Quantiles)),
                IDistributionModel distribution => ("negative_log_likelihood", Losses.NegativeLogLikelihood(output, target, distribution.Distribution)),
                _ => throw new InvalidOperationException($"{name} declares neither quantiles nor a distribution, but its twin has a loss."),
            };
            Assert.Equal(function, loss.GetProperty("function").GetString());
            double python = loss.GetProperty("value").GetDouble(), csharp = value.item<float>();
            Assert.True(Math.Abs(python - csharp) <= 1e-6 * Math.Max(1, Math.Abs(python)), $"{name}: {function} is {python} in Python and {csharp} in C#");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Weights_the_twin_was_trained_to_in_PyTorch_load_back_and_give_PyTorchs_outputs(string name)
    {
        using nn.Module model = Create(name);
        using var scope = NewDisposeScope();
        JsonElement fixture = Fixture(name);

        model.LoadCheckpoint(Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorchTwins", name + ".trained.pt"));
        Tensor output;
        using (no_grad()) output = ModelRunner.Call(model, Input(name));

        float error = MaxError(output.data<float>().ToArray(), Floats(fixture.GetProperty("trained_output")));
        Assert.True(error < 1e-5f, $"{name}: with the weights trained in PyTorch, TorchSharp differs from PyTorch by up to {error}");
    }

    /// <summary>
    /// What eval-mode outputs cannot show: a recurrent layer's dropout (and every other option a layer's repr()
    /// prints) and which parameters are frozen. make_fixtures.py recorded them for the hand-written twin
    /// (twin_modules.json), run_twins.py for the generated twin PyTorch ran; they must be the same, and the
    /// parameters must be the C# model's, trainable exactly where it trains.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void The_generated_twin_has_the_hand_written_twins_layers_options_and_frozen_parameters(string name)
    {
        JsonElement handwritten = TwinModules().GetProperty(name);
        JsonElement generated = Fixture(name).GetProperty("modules");
        using nn.Module model = Create(name);

        Assert.NotEmpty(Children(handwritten));
        AssertSame(Children(handwritten), Children(generated), $"{name}'s generated twin");
        AssertSame(Parameters(handwritten), Parameters(generated), $"{name}'s generated twin");
        AssertSame(Parameters(handwritten), model.named_parameters().Select(p => $"{p.name} requires_grad={p.parameter.requires_grad}").ToArray(), $"the C# model {name}");
    }

    /// <summary>Line by line, so that a message shows the whole line that differs (a repr is longer than xunit shows).</summary>
    private static void AssertSame(string[] handwritten, string[] actual, string what)
    {
        for (int i = 0; i < Math.Max(handwritten.Length, actual.Length); i++)
        {
            string? expected = i < handwritten.Length ? handwritten[i] : null, found = i < actual.Length ? actual[i] : null;
            Assert.True(expected == found, $"{what} has {found ?? "nothing"} where the hand-written twin has {expected ?? "nothing"}");
        }
    }

    [Fact]
    public void Every_model_has_its_hand_written_twins_modules()
    {
        Assert.Equal(Types.Keys.Order(StringComparer.Ordinal), TwinModules().EnumerateObject().Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    /// <summary>tests/Fixtures/twin_modules.json: the hand-written twins' modules, by model.</summary>
    private static JsonElement TwinModules() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "twin_modules.json"))).RootElement.GetProperty("models");

    private static string[] Children(JsonElement modules) =>
        modules.GetProperty("children").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()}: {c.GetProperty("repr").GetString()}").ToArray();

    private static string[] Parameters(JsonElement modules) =>
        modules.GetProperty("parameters").EnumerateArray().Select(p => $"{p.GetProperty("name").GetString()} requires_grad={p.GetProperty("requires_grad").GetBoolean()}").ToArray();

    private static nn.Module Create(string name)
    {
        nn.Module model = ModelRunner.Create(Types[name]);
        model.eval();
        return model;
    }

    /// <summary>A fixed input of four samples, values in [-2, 2] (category ids drawn with a fixed seed).</summary>
    private static IReadOnlyList<(string Name, Tensor Value)> Input(string name) => ModelRunner.FixedInputs(Types[name], 4);

    private static JsonElement Fixture(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "PyTorchTwins", name + ".json"))).RootElement;

    private static float MaxError(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();
}
