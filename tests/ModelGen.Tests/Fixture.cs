using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ModelGen.Tests;

/// <summary>Reference data made with PyTorch by tests/Fixtures/make_fixtures.py and committed.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static SeedIo LoadSeedIo()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(PathOf("seed_io.json")));
        JsonElement root = doc.RootElement;
        return new SeedIo(
            Longs(root.GetProperty("input_shape")),
            root.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            Longs(root.GetProperty("output_shape")),
            root.GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
            root.GetProperty("state_dict").EnumerateArray()
                .Select(e => (e.GetProperty("key").GetString()!, Longs(e.GetProperty("shape")))).ToArray());
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt64()).ToArray();
}

internal sealed record SeedIo(long[] InputShape, float[] Input, long[] OutputShape, float[] Output, (string Key, long[] Shape)[] StateDict);
