using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// The catalogue models (tests/Fixtures/Catalogue, one per layer kind and option that changes code
/// or shapes; run against PyTorch in ModelGen.Tests): reviewed generated source, clean compile.
/// </summary>
public class CatalogueGenerationTests
{
    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Catalogue"), "*.cs").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n)!);

    [Theory]
    [MemberData(nameof(Models))]
    public void Catalogue_model_generates_the_reviewed_source(string name)
    {
        BuildResult result = TestCompilation.Build(Source(name));

        Snapshot.Match(result.GeneratedSource($"ModelGen.Catalogue.{name}.g.cs"), name);
        // A model that uses blocks also writes, for each block class, the model's uses of it (NAME.Block), and the
        // class has a part of its own (Block.block).
        const string ns = "ModelGen.Catalogue.";
        foreach (GeneratedSourceResult other in result.Run.Results.Single().GeneratedSources.Where(s => s.HintName != $"{ns}{name}.g.cs"))
        {
            string stem = other.HintName.Substring(0, other.HintName.Length - ".g.cs".Length);
            Snapshot.Match(other.SourceText.ToString(), stem.StartsWith($"{ns}{name}.{ns}", StringComparison.Ordinal)
                ? $"{name}.{stem.Substring($"{ns}{name}.{ns}".Length)}"
                : $"{stem.Substring(ns.Length)}.block");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Catalogue_model_compiles_with_no_error_or_warning_but_MG1001(string name)
    {
        BuildResult result = TestCompilation.Build(Source(name));

        Diagnostic[] problems = result.WarningsAndErrors.Where(d => d.Id != "MG1001").ToArray();
        Assert.True(problems.Length == 0, result.Describe(problems));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void MG1001_fires_exactly_on_the_catalogue_models_whose_steps_are_not_conditioned(string name)
    {
        using var heads = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogue", "heads.json")));
        bool expected = heads.RootElement.GetProperty(name).GetProperty("mg1001").GetBoolean();

        BuildResult result = TestCompilation.Build(Source(name));

        Assert.Equal(expected, result.Diagnostics.Any(d => d.Id == "MG1001"));
    }

    [Fact]
    public void The_catalogue_selects_steps_every_way_and_uses_the_non_default_values()
    {
        // Every kind and option is checked against the set of kinds in LayerKindTests; these are the
        // values beyond an option's name that change generated code.
        string all = string.Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Catalogue"), "*.cs").Select(File.ReadAllText));
        string[] uses = ["[LastStep]", "[Step(0)]", "[Step(-2)]", "Bidirectional = true", "Frozen = true", "Bias = false", "Nonlinearity = RnnNonlinearity.Relu",
                         "Inputs = typeof(", "[property: Categorical(", "[From(", "Merge = Merge.Add", "[Block(Residual = true)]", "[Block]", "[With("];

        Assert.All(uses, a => Assert.Contains(a, all));
    }

    private static string Source(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogue", name + ".cs"));
}
