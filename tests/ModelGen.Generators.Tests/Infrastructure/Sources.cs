namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>User code the tests compile.</summary>
internal static class Sources
{
    /// <summary>The seed model exactly as issue #2 writes it (plus a namespace).</summary>
    public const string SeedModel = """
        using ModelGen;
        using TorchSharp.Modules;

        namespace Sample;

        [Model(Input = [10, 3], Output = [5, 1])]
        public partial class MyModel
        {
            [Gru(3, 32, NumLayers = 2)]
            private readonly GRU GRU;

            [LastStep]
            [Linear(32, 5)]
            private readonly Linear fc;
        }
        """;

    /// <summary>A file that has nothing to do with models, for caching tests.</summary>
    public const string Unrelated = """
        namespace Sample;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;
}
