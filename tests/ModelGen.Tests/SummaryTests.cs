using System;
using System.IO;
using System.Linq;

namespace ModelGen.Tests;

public class SummaryTests
{
    private static readonly string[] Reference = File.ReadAllLines(Fixture.PathOf("seed-model.torchinfo.txt"));

    [Fact]
    public void Seed_summary_prints_torchinfos_table_line_for_line()
    {
        string[] ours = MyModel.Summary(512).ToString().Split('\n');

        Assert.Equal(Reference.Length, ours.Length);
        for (int i = 0; i < Reference.Length; i++)
        {
            // torchinfo's "Input size" adds Python object overhead to the tensor's bytes; ModelGen
            // reports the tensor's bytes (512 × 10 × 3 × 4 = 61,440 B), the one deliberate difference.
            if (Reference[i].StartsWith("Input size", StringComparison.Ordinal))
            {
                Assert.Equal("Input size (kB): 61.50", Reference[i]);
                Assert.Equal("Input size (kB): 61.44", ours[i]);
                continue;
            }
            Assert.Equal(Reference[i], ours[i]);
        }
    }

    [Fact]
    public void Seed_summary_exposes_torchinfos_figures_as_properties()
    {
        ModelSummary summary = MyModel.Summary(512);

        Assert.Equal("MyModel", summary.ModelName);
        Assert.Equal([512L, 10, 3], summary.InputShape);
        Assert.Equal([512L, 5, 1], summary.OutputShape);
        Assert.Equal(10_053, summary.TotalParameters);
        Assert.Equal(10_053, summary.TrainableParameters);
        Assert.Equal(0, summary.NonTrainableParameters);
        Assert.Equal(50_711_040, summary.TotalMultAdds);
        Assert.Equal(40_212, summary.ParamsSizeBytes);
        Assert.Equal(1_331_200, summary.ForwardBackwardPassSizeBytes);
        Assert.Equal(61_440, summary.InputSizeBytes);

        LayerSummary gru = summary.Layers[0], fc = summary.Layers[1];
        Assert.Equal(("GRU", "GRU", 1, 1), (gru.Name, gru.TypeName, gru.Depth, gru.DepthIndex));
        Assert.Equal([512L, 10, 3], gru.InputShape);
        Assert.Equal([512L, 10, 32], gru.OutputShape);
        Assert.Equal(9_888, gru.Parameters);
        Assert.Equal(50_626_560, gru.MultAdds);
        Assert.Equal(("fc", "Linear", 1, 2), (fc.Name, fc.TypeName, fc.Depth, fc.DepthIndex));
        Assert.Equal([512L, 32], fc.InputShape);
        Assert.Equal([512L, 5], fc.OutputShape);
        Assert.Equal(165, fc.Parameters);
        Assert.Equal(84_480, fc.MultAdds);
    }

    [Fact]
    public void Summary_scales_with_the_batch_size()
    {
        ModelSummary one = MyModel.Summary(1), many = MyModel.Summary(64);

        Assert.Equal(one.TotalParameters, many.TotalParameters);
        Assert.Equal(one.TotalMultAdds * 64, many.TotalMultAdds);
        Assert.Equal(64, many.Layers[0].InputShape[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Summary_rejects_a_batch_size_that_is_not_positive(int batchSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MyModel.Summary(batchSize));

        Assert.Equal("batchSize", error.ParamName);
        Assert.Contains($"got {batchSize}", error.Message);
    }

    [Fact]
    public void Small_models_print_counts_below_a_million_in_thousands_or_units()
    {
        var summary = new ModelSummary("Tiny", 2, [2, 4], [2, 1],
            [new LayerSummary("fc", "Linear", 1, 1, [2, 4], [2, 1], 5, 5, 10)]);

        string[] lines = summary.ToString().Split('\n');

        Assert.Contains("Total mult-adds: 10", lines);
        Assert.Contains("Params size: 20", lines);
        Assert.Contains("Input size: 32", lines);
    }
}

public class TorchinfoNumberTests
{
    // Expected strings are Python's format(value, ",.2f"), which torchinfo uses.
    [Theory]
    [InlineData(1.125, "1.12")]
    [InlineData(1.135, "1.14")]
    [InlineData(2.675, "2.67")]
    [InlineData(1.015, "1.01")]
    [InlineData(0.125, "0.12")]
    [InlineData(1.375, "1.38")]
    [InlineData(9.995, "9.99")]
    [InlineData(1331.2, "1,331.20")]
    [InlineData(333333.3333333333, "333,333.33")]
    public void Two_decimal_rounding_matches_Pythons(double value, string python)
    {
        Assert.Equal(python, TorchinfoTable.RoundLikePython(value).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_tie_in_the_totals_rounds_to_even_as_torchinfo_prints_it()
    {
        // 1,125,000 mult-adds is exactly 1.125 M: torchinfo prints 1.12.
        var summary = new ModelSummary("Tie", 1, [1, 1], [1, 1],
            [new LayerSummary("fc", "Linear", 1, 1, [1, 1], [1, 1], 1, 1, 1_125_000)]);

        Assert.Contains("Total mult-adds (M): 1.12", summary.ToString().Split('\n'));
    }
}

public class HeadSummaryTests
{
    [Fact]
    public void An_autoregressive_head_lists_its_cell_and_readout_with_per_step_counts_times_the_horizon()
    {
        ModelSummary summary = ModelGen.Catalogue.AutoregressiveForecaster.Summary(4);

        // GRU(3→16, 2 layers): 3·16·3 + 3·16·16 + 6·16 = 1,008, then 3·16·16 + 3·16·16 + 6·16 = 1,632.
        // GRUCell(1→16): 3·16·1 + 3·16·16 + 6·16 = 912; readout Linear(16→1): 17. Five steps, batch 4.
        Assert.Equal(["encoder", "head", "head.cell", "head.readout"], summary.Layers.Select(l => l.Name));
        Assert.Equal([1, 1, 2, 2], summary.Layers.Select(l => l.Depth));
        Assert.Equal([2_640L, 0, 912, 17], summary.Layers.Select(l => l.Parameters));
        Assert.Equal([2_640L * 4 * 10, 0, 912L * 4 * 5, 17L * 4 * 5], summary.Layers.Select(l => l.MultAdds));
        Assert.Equal(2_640 + 912 + 17, summary.TotalParameters);
        // Outputs of layers with parameters, twice: [4, 10, 16] + [4, 16] + [4, 1], 4 bytes each.
        Assert.Equal((4 * 10 * 16 + 4 * 16 + 4 * 1) * 4 * 2, summary.ForwardBackwardPassSizeBytes);
        Assert.Equal(new ForecastHead("autoregressive", 5, true), summary.Head);
        Assert.Contains("│    └─GRUCell: 2-1", summary.ToString());
    }

    [Fact]
    public void A_DirRec_head_lists_one_read_out_per_step_counted_by_torchinfos_Linear_rule()
    {
        const int batch = 5, steps = 8, features = 2, hidden = 12, values = 2, horizon = 3;
        ModelSummary summary = ModelGen.Catalogue.DirRecForecaster.Summary(batch);

        // LSTM(2→12): 4·12·(2 + 12) + 2·4·12 = 768, and torchinfo's RNN rule counts each parameter once per step.
        long encoder = 4 * hidden * (features + hidden) + 2 * 4 * hidden;
        Assert.Equal(768, encoder);
        // steps.k is Linear(in → 2) with in = 12 + k·2 (the state and the k earlier predictions):
        // torchinfo's Linear rule, weight and bias: params = in·out + out, mult-adds = params × batch.
        long[] inputs = Enumerable.Range(0, horizon).Select(k => (long)hidden + k * values).ToArray();
        long[] readouts = inputs.Select(i => i * values + values).ToArray();
        Assert.Equal([26L, 30, 34], readouts);

        Assert.Equal(["encoder", "head", "head.steps.0", "head.steps.1", "head.steps.2"], summary.Layers.Select(l => l.Name));
        Assert.Equal(["LSTM", "DirRecHead", "Linear", "Linear", "Linear"], summary.Layers.Select(l => l.TypeName));
        Assert.Equal([1, 1, 2, 2, 2], summary.Layers.Select(l => l.Depth));
        Assert.Equal([encoder, 0, .. readouts], summary.Layers.Select(l => l.Parameters));
        Assert.Equal([encoder * batch * steps, 0, .. readouts.Select(p => p * batch)], summary.Layers.Select(l => l.MultAdds));
        for (int k = 0; k < horizon; k++)
        {
            LayerSummary step = summary.Layers[2 + k];
            Assert.Equal([batch, inputs[k]], step.InputShape);
            Assert.Equal([(long)batch, values], step.OutputShape);
        }

        Assert.Equal(encoder + readouts.Sum(), summary.TotalParameters);
        // The head is frozen (a pretrained decoder): only the encoder trains, and each read-out's row says so.
        Assert.Equal(encoder, summary.TrainableParameters);
        Assert.Equal([encoder, 0, 0, 0, 0], summary.Layers.Select(l => l.TrainableParameters));
        Assert.Equal(encoder * batch * steps + readouts.Sum() * batch, summary.TotalMultAdds);
        Assert.Equal((encoder + readouts.Sum()) * 4, summary.ParamsSizeBytes);
        // Outputs of layers with parameters, twice: [5, 8, 12] and three [5, 2], 4 bytes each.
        Assert.Equal((batch * steps * hidden + horizon * batch * values) * 4 * 2, summary.ForwardBackwardPassSizeBytes);
        Assert.Equal(new ForecastHead("DirRec", horizon, true), summary.Head);
    }
}
