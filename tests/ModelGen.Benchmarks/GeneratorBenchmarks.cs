extern alias generator;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGenerator = generator::ModelGen.Generators.ModelGenerator;

namespace ModelGen.Benchmarks;

/// <summary>
/// What the generator costs in an IDE: a first run over a project with 20 models, and the run after a
/// keystroke in an unrelated file, which incremental caching should make much cheaper. Compare the
/// ratios side by side in one run; absolute times depend on the machine. With blocks, every model is a
/// TCN of three residual blocks (its own block class each, the consts set per use) with named inputs.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Models = 20;

    [Params(false, true)]
    public bool Blocks { get; set; }
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        IEnumerable<SyntaxTree> trees = Enumerable.Range(0, Models)
            .Select(i => CSharpSyntaxTree.ParseText(Blocks ? BlockModelSource(i) : ModelSource(i), parse, path: $"Model{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText("namespace App; public static class Helpers { public static int Twice(int x) => 2 * x; }", parse, path: "Helpers.cs"));
        MetadataReference[] references =
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ModelGen.ModelSummary).Assembly.Location),
        ];
        _compilation = CSharpCompilation.Create("App", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        SyntaxTree helpers = _compilation.SyntaxTrees.Last();
        _edited = _compilation.ReplaceSyntaxTree(helpers,
            CSharpSyntaxTree.ParseText("namespace App; public static class Helpers { public static int Twice(int x) => x + x; }", parse, path: "Helpers.cs"));
        _warmDriver = NewDriver(parse).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "first run, 20 models")]
    public GeneratorDriver FirstRun() => NewDriver((CSharpParseOptions)_compilation.SyntaxTrees.First().Options).RunGenerators(_compilation);

    [Benchmark(Description = "after an unrelated edit (cached)")]
    public GeneratorDriver RunAfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    private static GeneratorDriver NewDriver(CSharpParseOptions parse) =>
        CSharpGeneratorDriver.Create([new ModelGenerator().AsSourceGenerator()], parseOptions: parse);

    private static string BlockModelSource(int i) => $$"""
        using ModelGen;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        namespace App;

        [Block(Residual = true)]
        public partial class Residual{{i}}
        {
            public const int In = 16, Dilation = 1;
            [CausalConv1d(In, 16, 2, Dilation = Dilation)] private readonly Conv1d conv1;
            [GELU] private readonly GELU act;
            [CausalConv1d(16, 16, 2, Dilation = Dilation)] private readonly Conv1d conv2;
        }

        public sealed record Inputs{{i}}([property: Shape(32, 3)] Tensor Past, [property: Categorical(10)] Tensor Id);

        [Model(Inputs = typeof(Inputs{{i}}), Output = [4, 1], MultiOutput = true)]
        public partial class Model{{i}}
        {
            [From(nameof(Inputs{{i}}.Id))] [Embedding(10, 2)] private readonly Embedding id;
            [From(nameof(Inputs{{i}}.Past), nameof(id))] [With(nameof(Residual{{i}}.In), 5)] private readonly Residual{{i}} block1;
            [With(nameof(Residual{{i}}.Dilation), 2)] private readonly Residual{{i}} block2;
            [With(nameof(Residual{{i}}.Dilation), {{4 + i}})] private readonly Residual{{i}} block3;
            [LastStep] [Linear(16, 4)] private readonly Linear head;
        }
        """;

    private static string ModelSource(int i) => $$"""
        using ModelGen;
        using TorchSharp.Modules;

        namespace App;

        [Model(Input = [10, 3], Output = [5, 1])]
        public partial class Model{{i}}
        {
            [Conv1d(3, 8, 3, Padding = 1)] private readonly Conv1d conv;
            [Gru(8, {{16 + i}}, NumLayers = 2)] private readonly GRU encoder;
            [LastStep] [Linear({{16 + i}}, 5)] private readonly Linear head;
        }
        """;
}
