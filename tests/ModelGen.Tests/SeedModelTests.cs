using System;
using System.Linq;
using TorchSharp;
using TorchSharp.PyBridge;

namespace ModelGen.Tests;

public class SeedModelTests
{
    [Fact]
    public void Forward_maps_a_batch_of_512_windows_to_512_by_5_by_1()
    {
        using var model = new MyModel();
        using var scope = torch.NewDisposeScope();

        torch.Tensor output = model.forward(torch.randn(512, 10, 3));

        Assert.Equal([512L, 5, 1], output.shape);
    }

    [Fact]
    public void State_dict_keys_and_shapes_are_PyTorchs_in_PyTorchs_order()
    {
        SeedIo pytorch = Fixture.LoadSeedIo();
        using var model = new MyModel();

        var keys = model.state_dict().Select(kv => (kv.Key, kv.Value.shape)).ToArray();

        Assert.Equal(pytorch.StateDict.Select(e => e.Key), keys.Select(k => k.Key));
        Assert.Equal(pytorch.StateDict.Select(e => string.Join(",", e.Shape)), keys.Select(k => string.Join(",", k.shape)));
    }

    [Fact]
    public void Parameter_counts_of_the_module_are_the_summarys()
    {
        using var model = new MyModel();
        ModelSummary summary = MyModel.Summary(512);

        long total = model.parameters().Sum(p => p.numel());
        long gru = model.named_parameters().Where(p => p.name.StartsWith("GRU.", StringComparison.Ordinal)).Sum(p => p.parameter.numel());

        Assert.Equal(10_053, total);
        Assert.Equal(total, summary.TotalParameters);
        Assert.Equal(gru, summary.Layers[0].Parameters);
    }

    [Fact]
    public void Weights_trained_in_PyTorch_load_by_name_and_reproduce_its_outputs()
    {
        SeedIo pytorch = Fixture.LoadSeedIo();
        using var model = new MyModel();
        using var scope = torch.NewDisposeScope();
        torch.Tensor input = torch.tensor(pytorch.Input, pytorch.InputShape);
        torch.Tensor expected = torch.tensor(pytorch.Output, pytorch.OutputShape);
        model.eval();
        using (torch.no_grad())
        {
            // Guard: freshly initialised weights do not match, so the comparison below means something.
            Assert.True(model.forward(input).sub(expected).abs().max().item<float>() > 1e-3f);
        }

        model.load_py(Fixture.PathOf("seed_model.pt"));
        torch.Tensor actual;
        using (torch.no_grad()) actual = model.forward(input);

        Assert.Equal(pytorch.OutputShape, actual.shape);
        float maxError = actual.sub(expected).abs().max().item<float>();
        Assert.True(maxError < 1e-5f, $"largest difference from PyTorch is {maxError}");
    }

    [Theory]
    [InlineData(new long[] { 512, 3, 10 }, "[512, 3, 10]")]
    [InlineData(new long[] { 10, 3 }, "[10, 3]")]
    [InlineData(new long[] { 4, 10, 3, 1 }, "[4, 10, 3, 1]")]
    public void Wrong_input_shape_throws_before_libtorch_naming_both_shapes(long[] shape, string shown)
    {
        using var model = new MyModel();
        using var input = torch.zeros(shape);

        var error = Assert.Throws<ArgumentException>(() => model.forward(input));

        Assert.Contains("MyModel expects input of shape [*, 10, 3]", error.Message);
        Assert.Contains("but got " + shown, error.Message);
        Assert.Equal("input", error.ParamName);
    }
}
