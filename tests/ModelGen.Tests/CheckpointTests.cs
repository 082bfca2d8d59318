using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

public class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("modelgen-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Files() => new() { "model.bin", "model.pt", "model.safetensors" };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_saved_model_loads_back_exactly(string file)
    {
        string path = Path.Combine(_folder, file);
        manual_seed(1);
        using var trained = new MyModel();
        manual_seed(2);
        using var fresh = new MyModel();
        using var scope = NewDisposeScope();
        Tensor x = randn(4, 10, 3);
        Assert.True(Difference(trained, fresh) > 0, "the two models must start different");

        trained.SaveCheckpoint(path);
        fresh.LoadCheckpoint(path);

        Assert.Equal(0, Difference(trained, fresh));
        using (no_grad()) Assert.Equal(0f, (trained.call(x) - fresh.call(x)).abs().max().item<float>());
    }

    [Fact]
    public void Weights_PyTorch_saved_load_with_the_same_call()
    {
        using var model = new MyModel();
        using var scope = NewDisposeScope();
        model.LoadCheckpoint(Fixture.PathOf("seed_model.pt"));
        SeedIo pytorch = Fixture.LoadSeedIo();
        model.eval();

        Tensor output;
        using (no_grad()) output = model.call(tensor(pytorch.Input, pytorch.InputShape));

        Assert.True((output - tensor(pytorch.Output, pytorch.OutputShape)).abs().max().item<float>() < 1e-5f);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_checkpoint_of_another_model_names_what_differs_and_changes_nothing(string file)
    {
        string path = Path.Combine(_folder, file);
        using (var other = new StackedGrus()) other.SaveCheckpoint(path);
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path));

        Assert.Contains("does not hold MyModel's weights", error.Message);
        Assert.Contains("'GRU.weight_ih_l0'", error.Message);  // MyModel has it, the file does not
        Assert.Contains("'first.weight_ih_l0'", error.Message); // the file has it, MyModel does not
        Assert.Equal(before, Values(model));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_checkpoint_of_other_sizes_names_the_parameter_and_both_shapes_and_changes_nothing(string file)
    {
        string path = Path.Combine(_folder, file);
        using (var wider = new WiderSeed()) wider.SaveCheckpoint(path);
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path));

        Assert.Contains("parameter 'GRU.weight_ih_l0' is [120, 3] there, but [96, 3] in MyModel", error.Message);
        Assert.Equal(before, Values(model));
    }

    /// <summary>The mismatch is in the last entry, so a load that copied each parameter once checked would have copied the GRU's.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void A_checkpoint_whose_last_parameter_differs_changes_nothing_before_it_either(string file)
    {
        string path = Path.Combine(_folder, file);
        using (var longer = new LongerSeed()) longer.SaveCheckpoint(path);
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path));

        Assert.Contains("parameter 'fc.weight' is [6, 32] there, but [5, 32] in MyModel", error.Message);
        Assert.Equal(before, Values(model));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_checkpoint_with_every_name_of_the_model_and_more_is_refused(string file)
    {
        string path = Path.Combine(_folder, file);
        using (var bigger = new SeedWithExtraLayer()) bigger.SaveCheckpoint(path);
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path));

        Assert.Contains("it has 'extra.bias', 'extra.weight', which MyModel does not", error.Message);
        Assert.DoesNotContain("it has no", error.Message);
        Assert.Equal(before, Values(model));
    }

    /// <summary>Loading tells the format from the bytes, so a round trip would pass whatever was written: read each back as the format its name says.</summary>
    [Theory]
    [InlineData("model.pt", CheckpointFormat.PyTorch)]
    [InlineData("model.pth", CheckpointFormat.PyTorch)]
    [InlineData("model.PT", CheckpointFormat.PyTorch)]
    [InlineData("model.safetensors", CheckpointFormat.Safetensors)]
    [InlineData("model.bin", CheckpointFormat.TorchSharp)]
    [InlineData("model", CheckpointFormat.TorchSharp)]
    public void The_file_name_chooses_the_format_that_is_written(string file, CheckpointFormat expected)
    {
        string path = Path.Combine(_folder, file);
        manual_seed(3);
        using var saved = new MyModel();
        using var loaded = new MyModel();

        saved.SaveCheckpoint(path);
        byte[] bytes = File.ReadAllBytes(path);
        loaded.LoadCheckpoint(path, expected);

        Assert.Equal(0, Difference(saved, loaded));
        // PyTorch's files are zip archives; no other format here starts with "PK".
        Assert.Equal(expected == CheckpointFormat.PyTorch, bytes is [(byte)'P', (byte)'K', ..]);
        foreach (CheckpointFormat other in new[] { CheckpointFormat.PyTorch, CheckpointFormat.Safetensors, CheckpointFormat.TorchSharp }.Where(f => f != expected))
            Assert.Throws<InvalidDataException>(() => loaded.LoadCheckpoint(path, other));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_truncated_checkpoint_is_an_error_and_changes_nothing(string file)
    {
        string path = Path.Combine(_folder, file);
        using (var saved = new MyModel()) saved.SaveCheckpoint(path);
        byte[] whole = File.ReadAllBytes(path);
        File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path));

        Assert.Contains(file, error.Message);
        Assert.Equal(before, Values(model));
    }

    /// <summary>
    /// TorchSharp writes the entry count as LEB128, so a state_dict of 128 entries starts with 80 01 and one of
    /// 256 with 80 02, the first two bytes of a legacy torch.save pickle: both are TorchSharp checkpoints.
    /// </summary>
    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void A_TorchSharp_checkpoint_whose_entry_count_is_a_multiple_of_128_loads_back_exactly(int entries)
    {
        string path = Path.Combine(_folder, "model.bin");
        manual_seed(1);
        using var trained = new ManyLinears(entries / 2);
        manual_seed(2);
        using var fresh = new ManyLinears(entries / 2);
        Assert.Equal(entries, trained.state_dict().Count);
        Assert.True(Difference(trained, fresh) > 0, "the two modules must start different");

        trained.SaveCheckpoint(path);
        Assert.Equal([0x80, (byte)(entries / 128)], File.ReadAllBytes(path)[..2]); // the case this is about
        fresh.LoadCheckpoint(path);

        Assert.Equal(Values(trained), Values(fresh));
    }

    [Theory]
    [InlineData(CheckpointFormat.Auto)]
    [InlineData(CheckpointFormat.PyTorch)]
    [InlineData(CheckpointFormat.TorchSharp)]
    [InlineData(CheckpointFormat.Safetensors)]
    public void A_legacy_torch_save_file_says_how_to_save_it_again(CheckpointFormat format)
    {
        // Made by PyTorch 1.13: torch.save(state_dict, path, _use_new_zipfile_serialization=False) (make_fixtures.py --legacy-pickle).
        string path = Fixture.PathOf("legacy_torch_save.pt");
        using var model = new MyModel();
        Dictionary<string, float[]> before = Values(model);

        var error = Assert.Throws<InvalidDataException>(() => model.LoadCheckpoint(path, format));

        Assert.Contains($"'{path}' is a legacy torch.save file", error.Message);
        Assert.Contains("torch.save(model.state_dict(), path)", error.Message);
        Assert.Equal(before, Values(model));
    }

    [Fact]
    public void A_missing_checkpoint_or_an_unwritable_destination_is_a_clear_error()
    {
        using var model = new MyModel();

        Assert.Throws<FileNotFoundException>(() => model.LoadCheckpoint(Path.Combine(_folder, "none.bin")));
        string blocked = Directory.CreateDirectory(Path.Combine(_folder, "taken.bin")).FullName;
        Assert.Contains(blocked, Assert.Throws<IOException>(() => model.SaveCheckpoint(blocked)).Message);
        Assert.Equal(["taken.bin"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    /// <summary>A hand-written TorchSharp module of <paramref name="layers"/> Linear(2, 2) layers: two state_dict entries each.</summary>
    private sealed class ManyLinears : nn.Module
    {
        public ManyLinears(int layers) : base(nameof(ManyLinears))
        {
            for (int i = 0; i < layers; i++) register_module($"layer{i}", nn.Linear(2, 2));
        }
    }

    private static Dictionary<string, float[]> Values(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.data<float>().ToArray());

    private static float Difference(nn.Module a, nn.Module b) =>
        a.state_dict().Zip(b.state_dict(), (x, y) => (x.Value - y.Value).abs().max().item<float>()).Max();
}
