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
    private static readonly string[] Steps = [TrackingNames.Spec, TrackingNames.Plan, TrackingNames.Source];

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
        (GeneratorRunResult first, _) = RunTwice(Sources.Unrelated);

        foreach (string step in Steps)
        {
            foreach (object value in first.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Value))
                AssertNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
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
