using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Catalogue;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// Every catalogue model (tests/Fixtures/Catalogue) against its PyTorch twin: state_dict names and
/// shapes, outputs with PyTorch's weights, trainable parameters, torchinfo's summary, and the
/// run-time check of the compile-time summary.
/// </summary>
public class CatalogueTests
{
    public static TheoryData<string> Names() => new(CatalogueModels.Names);

    /// <summary>Models with a torchinfo fixture: all but the decoding heads, which torchinfo lists call by call.</summary>
    public static TheoryData<string> TorchinfoNames() => new(WithTorchinfo());

    private static IEnumerable<string> WithTorchinfo() =>
        CatalogueModels.Names.Where(n => File.Exists(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", n + ".torchinfo.txt")));

    [Fact]
    public void Every_catalogue_model_has_its_PyTorch_fixtures()
    {
        // One JSON fixture and one state_dict per model (heads.json, beside them in the source tree, is copied to Fixtures/).
        string folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue");
        string[] fixtures = Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;

        Assert.True(CatalogueModels.Names.Count >= 15, "the catalogue models were not found by reflection");
        Assert.Equal(fixtures, CatalogueModels.Names);
        Assert.All(CatalogueModels.Names, name => Assert.True(File.Exists(Path.Combine(folder, name + ".pt")), $"{name}.pt is missing"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void State_dict_names_and_shapes_are_PyTorchs(string name)
    {
        JsonElement fixture = Load(name);
        using nn.Module model = CatalogueModels.Create(name);

        var expected = fixture.GetProperty("state_dict").EnumerateArray()
            .Select(e => e.GetProperty("key").GetString() + " " + Shape(e.GetProperty("shape"))).ToArray();
        var actual = model.state_dict().Select(kv => kv.Key + " " + string.Join(",", kv.Value.shape)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Trainable_parameters_are_PyTorchs(string name)
    {
        JsonElement fixture = Load(name);
        using nn.Module model = CatalogueModels.Create(name);

        var expected = fixture.GetProperty("parameters").EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString(), e.GetProperty("numel").GetInt64(), e.GetProperty("requires_grad").GetBoolean()));
        var actual = model.named_parameters().Select(p => ((string?)p.name, p.parameter.numel(), p.parameter.requires_grad));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void With_PyTorchs_weights_the_outputs_match_PyTorchs(string name)
    {
        JsonElement fixture = Load(name);
        using nn.Module model = CatalogueModels.Create(name);
        using var scope = NewDisposeScope();
        var input = ModelRunner.FixtureInputs(fixture);
        Tensor expected = tensor(Floats(fixture.GetProperty("output")), Longs(fixture.GetProperty("output_shape")));
        model.eval();
        using (no_grad())
        {
            // Guard: freshly initialised weights do not already match, so the comparison means something.
            Assert.True(ModelRunner.Call(model, input).sub(expected).abs().max().item<float>() > 1e-4f);
        }

        model.load_py(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", name + ".pt"));
        Tensor actual;
        using (no_grad()) actual = ModelRunner.Call(model, input);

        Assert.Equal(expected.shape, actual.shape);
        float maxError = actual.sub(expected).abs().max().item<float>();
        Assert.True(maxError < 1e-5f, $"{name}: largest difference from PyTorch is {maxError}");
    }

    [Fact]
    public void Only_the_decoding_heads_lack_a_torchinfo_fixture()
    {
        Assert.Equal([nameof(AutoregressiveForecaster), nameof(AutoregressiveQuantileForecaster), nameof(DeepArNormal), nameof(DirRecForecaster), nameof(DirRecQuantileForecaster), nameof(PretrainedDecoder)],
            CatalogueModels.Names.Except(WithTorchinfo()).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TorchinfoNames))]
    public void Summary_prints_torchinfos_table(string name)
    {
        string[] torchinfo = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", name + ".torchinfo.txt"));
        string[] ours = CatalogueModels.Summary(name, 32).ToString().Split('\n');

        Assert.Equal(torchinfo.Length, ours.Length);
        for (int i = 0; i < torchinfo.Length; i++)
        {
            // torchinfo adds Python object overhead to "Input size", and so to "Estimated Total Size";
            // ModelGen reports the tensor's bytes. Those two lines are compared below without the input.
            if (torchinfo[i].StartsWith("Input size", StringComparison.Ordinal)) continue;
            if (torchinfo[i].StartsWith("Estimated Total Size", StringComparison.Ordinal)) continue;
            Assert.Equal(torchinfo[i], ours[i]);
        }
        double TotalWithoutInput(string[] lines) => Bytes(lines, "Estimated Total Size") - Bytes(lines, "Input size");
        // Each printed figure is rounded to 0.01 of its unit, so the two may differ by that much.
        Assert.InRange(TotalWithoutInput(ours) - TotalWithoutInput(torchinfo), -0.02 * Unit(torchinfo), 0.02 * Unit(torchinfo));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Compile_time_summary_matches_the_module_at_run_time(string name)
    {
        using nn.Module model = CatalogueModels.Create(name);

        ModelSummary summary = CatalogueModels.Summary(name, 3);

        SummaryVerification verification = model.VerifySummary(summary);

        Assert.True(verification.Matches, verification.ToString());
        Assert.Equal(summary.Layers.Count, verification.LayersChecked);
        Assert.Equal(model.named_children().Count(), summary.Layers.Count(l => l.Depth == 1));
    }

    /// <summary>A "Label (kB): 12.34" line of a torchinfo table, in bytes.</summary>
    private static double Bytes(string[] lines, string label)
    {
        string line = lines.Single(l => l.StartsWith(label, StringComparison.Ordinal));
        string number = line[(line.LastIndexOf(':') + 1)..].Trim().Replace(",", "");
        return double.Parse(number, System.Globalization.CultureInfo.InvariantCulture) * UnitOf(line);
    }

    private static double Unit(string[] lines) => UnitOf(lines.Single(l => l.StartsWith("Estimated Total Size", StringComparison.Ordinal)));

    private static double UnitOf(string line) =>
        line.Contains("(kB)") ? 1e3 : line.Contains("(MB)") ? 1e6 : line.Contains("(GB)") ? 1e9 : line.Contains("(TB)") ? 1e12 : 1;

    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", name + ".json"))).RootElement;

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    private static string Shape(JsonElement array) => string.Join(",", Longs(array));
}
