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
        Tensor actual, composed;
        using (no_grad()) actual = ModelRunner.Call(model, input);
        // With gradients on, a transformer layer runs composed rather than as libtorch's own layer: PyTorch's numbers too.
        composed = ModelRunner.Call(model, input).detach();

        Assert.Equal(expected.shape, actual.shape);
        float maxError = actual.sub(expected).abs().max().item<float>();
        Assert.True(maxError < 1e-5f, $"{name}: largest difference from PyTorch is {maxError}");
        float composedError = composed.sub(expected).abs().max().item<float>();
        Assert.True(composedError < 1e-5f, $"{name}: largest difference from PyTorch with gradients on is {composedError}");
    }

    [Fact]
    public void Only_the_decoding_heads_lack_a_torchinfo_fixture()
    {
        Assert.Equal([nameof(AutoregressiveForecaster), nameof(AutoregressiveQuantileForecaster), nameof(DeepArNormal), nameof(DirRecForecaster), nameof(DirRecQuantileForecaster), nameof(FutureCovariateGru), nameof(PretrainedDecoder)],
            CatalogueModels.Names.Except(WithTorchinfo()).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TorchinfoNames))]
    public void Summary_prints_torchinfos_table(string name)
    {
        string[] torchinfo = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", name + ".torchinfo.txt"));
        ModelSummary summary = CatalogueModels.Summary(name, 32);
        string[] ours = summary.ToString().Split('\n');

        // torchinfo sees a MultiheadAttention as a container (its out_proj is a submodule that never runs as one): it
        // shows no mult-adds for it, its parameters without a frozen layer's parentheses, and leaves its output out of
        // the forward/backward pass size. ModelGen counts attention as a layer: the differences, exactly.
        LayerSummary[] attention = summary.Layers.Where(l => l.TypeName == "MultiheadAttention").ToArray();
        double attentionMultAdds = attention.Sum(l => (double)AttentionMultAdds(l));
        double attentionBytes = attention.Sum(l => 2.0 * 4 * l.OutputShape.Aggregate(1L, (a, d) => a * d));

        Assert.Equal(torchinfo.Length, ours.Length);
        for (int i = 0; i < torchinfo.Length; i++)
        {
            // torchinfo adds Python object overhead to "Input size", and so to "Estimated Total Size";
            // ModelGen reports the tensor's bytes. Those two lines are compared below without the input.
            if (torchinfo[i].StartsWith("Input size", StringComparison.Ordinal)) continue;
            if (torchinfo[i].StartsWith("Estimated Total Size", StringComparison.Ordinal)) continue;
            if (torchinfo[i].Contains("MultiheadAttention:", StringComparison.Ordinal))
            {
                string[] theirs = Columns(torchinfo[i]), mine = Columns(ours[i]);
                Assert.Equal(theirs[..3], mine[..3]); // the row's title and shapes
                Assert.Equal(theirs[3].Trim('(', ')'), mine[3].Trim('(', ')'));
                // "--" above torchinfo's depth limit (3); at it, torchinfo prints its leaf children's sum, 0 (out_proj never runs).
                Assert.Equal(torchinfo[i].Contains(": 3-", StringComparison.Ordinal) ? "0" : "--", theirs[4]);
                LayerSummary row = attention.Single(l => ours[i].Contains($"-{l.DepthIndex} ", StringComparison.Ordinal) && ours[i].Contains($" {l.Depth}-", StringComparison.Ordinal));
                Assert.Equal(AttentionMultAdds(row).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), mine[4]);
                continue;
            }
            if (attention.Length > 0 && torchinfo[i].StartsWith("Total mult-adds", StringComparison.Ordinal))
            {
                Assert.InRange(Figure(ours[i]) - Figure(torchinfo[i]) - attentionMultAdds, -Rounding(ours[i], torchinfo[i]), Rounding(ours[i], torchinfo[i]));
                continue;
            }
            if (attention.Length > 0 && torchinfo[i].StartsWith("Forward/backward pass size", StringComparison.Ordinal))
            {
                Assert.InRange(Figure(ours[i]) - Figure(torchinfo[i]) - attentionBytes, -Rounding(ours[i], torchinfo[i]), Rounding(ours[i], torchinfo[i]));
                continue;
            }
            Assert.Equal(torchinfo[i], ours[i]);
        }
        double TotalWithoutInput(string[] lines) => Bytes(lines, "Estimated Total Size") - Bytes(lines, "Input size");
        // Each printed figure is rounded to 0.01 of its unit, so the two may differ by that much.
        Assert.InRange(TotalWithoutInput(ours) - TotalWithoutInput(torchinfo) - attentionBytes, -0.03 * Unit(torchinfo), 0.03 * Unit(torchinfo));
    }

    /// <summary>
    /// The mult-adds ModelGen documents for self-attention over L steps of E features: its projections as torchinfo counts
    /// a Linear (parameters, biases included, per step) and the scores and weighted sum, 2·L²·E, per sample.
    /// </summary>
    private static long AttentionMultAdds(LayerSummary layer)
    {
        long batch = layer.OutputShape[0], steps = layer.OutputShape[1], features = layer.OutputShape[2];
        return batch * (steps * layer.Parameters + 2 * steps * steps * features);
    }

    /// <summary>A torchinfo row's columns: title, input shape, output shape, parameters, mult-adds.</summary>
    private static string[] Columns(string row)
    {
        // The title ends at its depth and index ("MultiheadAttention: 2-2"); the tree's "│    └─" has runs of spaces of its own.
        System.Text.RegularExpressions.Match title = System.Text.RegularExpressions.Regex.Match(row, @": \d+-\d+");
        int end = title.Index + title.Length;
        return [row[..end].Trim(), .. System.Text.RegularExpressions.Regex.Split(row[end..].Trim(), @"\s{2,}")];
    }

    /// <summary>A "Label (unit): 12.34" line's figure in its base unit (mult-adds or bytes).</summary>
    private static double Figure(string line) =>
        double.Parse(line[(line.LastIndexOf(':') + 1)..].Trim().Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) * Scale(line);

    /// <summary>How far two figures printed to 0.01 of their units (which may differ) can be apart when their values agree.</summary>
    private static double Rounding(string ours, string theirs) => 0.005 * Scale(ours) + 0.005 * Scale(theirs);

    private static double Scale(string line) =>
        line.Contains("(k)") || line.Contains("(kB)") ? 1e3 : line.Contains("(M)") || line.Contains("(MB)") ? 1e6
        : line.Contains("(G)") || line.Contains("(GB)") ? 1e9 : line.Contains("(T)") || line.Contains("(TB)") ? 1e12 : 1;

    [Theory]
    [MemberData(nameof(Names))]
    public void Compile_time_summary_matches_the_module_at_run_time(string name)
    {
        using nn.Module model = CatalogueModels.Create(name);

        ModelSummary summary = CatalogueModels.Summary(name, 3);

        SummaryVerification verification = model.VerifySummary(summary);

        Assert.True(verification.Matches, verification.ToString());
        Assert.Equal(summary.Layers.Count, verification.LayersChecked);
        // A module called twice (RevIN, mapping the forecast back) has a second, recursive row.
        Assert.Equal(model.named_children().Count(), summary.Layers.Count(l => l.Depth == 1 && !l.IsRecursive));
    }

    /// <summary>A "Label (kB): 12.34" line of a torchinfo table, in bytes.</summary>
    private static double Bytes(string[] lines, string label) => Figure(lines.Single(l => l.StartsWith(label, StringComparison.Ordinal)));

    private static double Unit(string[] lines) => Scale(lines.Single(l => l.StartsWith("Estimated Total Size", StringComparison.Ordinal)));

    private static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Catalogue", name + ".json"))).RootElement;

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    private static string Shape(JsonElement array) => string.Join(",", Longs(array));
}
