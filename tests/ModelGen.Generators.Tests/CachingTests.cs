using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

public class CachingTests
{
    private static readonly string[] Steps = [TrackingNames.Spec, TrackingNames.Resolved, TrackingNames.Plan, TrackingNames.Source];

    private static readonly string[] BlockSteps = [.. Steps, TrackingNames.BlockSpec, TrackingNames.BlockSource];

    private const string Block = """
        using ModelGen;
        using TorchSharp.Modules;

        namespace Sample;

        [Block(Residual = true)]
        public partial class ResidualConv
        {
            public const int In = 32, Dilation = 1;

            [CausalConv1d(In, 32, 2, Dilation = Dilation)] private readonly Conv1d conv1;
            [GELU] private readonly GELU act;
            [CausalConv1d(32, 32, 2, Dilation = Dilation)] private readonly Conv1d conv2;
        }
        """;

    private const string Tcn = """
        using ModelGen;
        using TorchSharp.Modules;

        namespace Sample;

        [Model(Input = [64, 5], Output = [8, 1], MultiOutput = true)]
        public partial class DilatedTcn
        {
            [With(nameof(ResidualConv.In), 5)] private readonly ResidualConv block1;
            [With(nameof(ResidualConv.Dilation), 2)] private readonly ResidualConv block2;
            [With(nameof(ResidualConv.Dilation), 4)] private readonly ResidualConv block3;
            [LastStep] [Linear(32, 8)] private readonly Linear head;
        }
        """;

    [Fact]
    public void With_blocks_in_another_file_an_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        (GeneratorRunResult first, GeneratorRunResult second) = RunTwice([Tcn, Block, Sources.Unrelated], 2, Sources.Unrelated.Replace("2 * x", "x + x"));

        Assert.Equal(3, first.GeneratedSources.Length); // the model, the block's part, the model's uses of the block
        foreach (string step in BlockSteps)
        {
            var reasons = second.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran with reason {reason}"));
        }
    }

    [Fact]
    public void Editing_a_block_in_another_file_regenerates_the_model_that_uses_it()
    {
        (_, GeneratorRunResult second) = RunTwice([Tcn, Block, Sources.Unrelated], 1, Block.Replace("Dilation = 1", "Dilation = 3"));

        // The model is not read again (its file did not change), but made again from the block's new template: its summary
        // (the padding the block's convolutions get) and its uses change.
        Assert.All(second.TrackedSteps[TrackingNames.Spec].SelectMany(r => r.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains(second.TrackedSteps[TrackingNames.BlockSpec].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.TrackedSteps[TrackingNames.Resolved].SelectMany(r => r.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string uses = second.GeneratedSources.Single(s => s.HintName == "Sample.DilatedTcn.Sample.ResidualConv.g.cs").SourceText.ToString();
        Assert.Contains("dilation: 3", uses);
        Assert.Contains("dilation: 2", uses);
    }

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        (GeneratorRunResult first, GeneratorRunResult second) = RunTwice(Sources.Unrelated.Replace("2 * x", "x + x"));

        Assert.NotEmpty(first.GeneratedSources);
        foreach (string step in Steps)
        {
            ImmutableArray<IncrementalGeneratorRunStep> runs = second.TrackedSteps[step];
            Assert.NotEmpty(runs);
            var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();
            Assert.All(reasons, reason => Assert.True(
                reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} ran with reason {reason}"));
        }
    }

    [Fact]
    public void Editing_the_model_reruns_the_pipeline()
    {
        // The counterpart of the test above: the same check must see a real change as one.
        (_, GeneratorRunResult second) = RunTwice(Sources.Unrelated, model: Sources.SeedModel.Replace("Linear(32, 5)", "Linear(32, 10)").Replace("[5, 1]", "[10, 1]"));

        Assert.Contains(second.TrackedSteps[TrackingNames.Source].SelectMany(r => r.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Pipeline_outputs_hold_no_symbols_syntax_or_compilations()
    {
        (GeneratorRunResult first, _) = RunTwice([Tcn, Block, Sources.Unrelated], 2, Sources.Unrelated);

        foreach (string step in BlockSteps)
        {
            Assert.NotEmpty(first.TrackedSteps[step]);
            foreach (object value in first.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Value))
                AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    /// <summary>Runs the generator on <paramref name="sources"/>, then again with source <paramref name="edited"/> replaced by <paramref name="text"/>.</summary>
    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(string[] sources, int edited, string text)
    {
        CSharpCompilation compilation = TestCompilation.Create(sources);
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        SyntaxTree tree = compilation.SyntaxTrees.Single(t => t.FilePath == $"User{edited}.cs");
        CSharpCompilation changed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(text, TestCompilation.ParseOptions, path: $"User{edited}.cs"));
        return (first, driver.RunGenerators(changed).GetRunResult().Results.Single());
    }

    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(string editedUnrelated, string? model = null)
    {
        CSharpCompilation compilation = TestCompilation.Create(Sources.SeedModel, Sources.Unrelated);
        GeneratorDriver driver = TestCompilation.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();

        SyntaxTree unrelated = compilation.SyntaxTrees.Single(t => t.FilePath == "User1.cs");
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(unrelated,
            CSharpSyntaxTree.ParseText(editedUnrelated, TestCompilation.ParseOptions, path: "User1.cs"));
        if (model is not null)
        {
            SyntaxTree modelTree = edited.SyntaxTrees.Single(t => t.FilePath == "User0.cs");
            edited = edited.ReplaceSyntaxTree(modelTree, CSharpSyntaxTree.ParseText(model, TestCompilation.ParseOptions, path: "User0.cs"));
        }
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        return (first, second);
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which keeps a compilation alive and defeats caching");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items) AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
