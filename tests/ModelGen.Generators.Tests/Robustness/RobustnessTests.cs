using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Generators.Diagnostics;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests.Robustness;

/// <summary>
/// Thousands of random declarations, valid and faulty, through the generator and the analyzers.
/// Seeded and reproducible: MODELGEN_FUZZ_SEED and MODELGEN_FUZZ_CASES override the defaults, and a
/// failure prints the seed, each failing case's source and its diagnostics (the first eight; all of them
/// go to the file MODELGEN_FUZZ_REPORT names, when it is set).
/// </summary>
public class RobustnessTests
{
    private const int DefaultSeed = 20261128;
    private const int DefaultCases = 2000;

    [Fact]
    public void Random_declarations_never_crash_and_are_either_generated_cleanly_or_reported()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MODELGEN_FUZZ_SEED"), out int s) ? s : DefaultSeed;
        int count = int.TryParse(Environment.GetEnvironmentVariable("MODELGEN_FUZZ_CASES"), out int c) ? c : DefaultCases;
        var fuzzer = new DeclarationFuzzer(seed);
        List<FuzzCase> cases = Enumerable.Range(0, count).Select(fuzzer.Next).ToList();
        var failures = new ConcurrentBag<(int Index, string Report)>();

        // As many batches at once as there are cores: more only makes them compete for memory.
        Parallel.ForEach(cases.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, batch => CheckBatch(batch, failures));

        int valid = cases.Count(x => x.Valid);
        Assert.InRange(valid, count / 4, count - count / 4); // both kinds are well represented
        if (count >= DefaultCases)
        {
            Assert.Empty(DeclarationFuzzer.Faults.Except(cases.Select(x => x.Fault))); // every fault kind is exercised
            // every layer kind the generator knows is declared, valid, in some case
            var declared = cases.Where(x => x.Valid).SelectMany(x => AttributeUse.Matches(x.Source).Select(m => m.Groups[1].Value)).ToHashSet();
            Assert.Empty(LayerKinds.All.Select(k => AttributeNames.Short(k.AttributeType)).Except(declared));
            // and every kind of graph: joins, skips, blocks nested and shared, consts computed per use, …
            Assert.Empty(DeclarationFuzzer.GraphFeatures.Except(cases.Where(x => x.Valid).SelectMany(x => x.Features ?? [])));
            Assert.InRange(cases.Count(x => x.Graph), count / 4, count - count / 4);
        }
        // MODELGEN_FUZZ_REPORT=path writes every failure there, not only the first few.
        if (Environment.GetEnvironmentVariable("MODELGEN_FUZZ_REPORT") is { Length: > 0 } reportPath)
            System.IO.File.WriteAllText(reportPath, string.Join("\n\n", failures.OrderBy(f => f.Index).Select(f => f.Report)));
        Assert.True(failures.IsEmpty,
            $"{failures.Count} of {count} cases failed (seed {seed}; {valid} built valid); by kind: " +
            string.Join(", ", failures.GroupBy(f => f.Report[(f.Report.IndexOf('(') + 1)..f.Report.IndexOf(')')]).Select(g => $"{g.Key} × {g.Count()}")) + "\n\n" +
            string.Join("\n\n", failures.OrderBy(f => f.Index).Take(8).Select(f => f.Report)));
    }

    private static void CheckBatch(FuzzCase[] batch, ConcurrentBag<(int, string)> failures)
    {
        CSharpCompilation input = CSharpCompilation.Create(
            "Fuzz",
            batch.SelectMany(c => c.Sources.Select((source, part) => CSharpSyntaxTree.ParseText(source, TestCompilation.ParseOptions, path: FuzzCase.FileName(c.Index, part)))),
            TestCompilation.References,
            TestCompilation.Create().Options);
        GeneratorDriver driver = TestCompilation.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        ImmutableArray<Diagnostic> diagnostics = output
            .WithAnalyzers([new ModelAnalyzer()])
            .GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

        if (run.Exception is not null || generatorDiagnostics.Any(d => d.Id == "CS8785"))
        {
            foreach (FuzzCase c in batch) failures.Add((c.Index, $"generator threw in the batch with case {c.Index}: {run.Exception}\n{string.Join("\n", generatorDiagnostics)}"));
            return;
        }

        foreach (FuzzCase c in batch)
        {
            string prefix = c.Namespace + ".";
            // A model with an error may get a shell (its members throw), never a generated model. (Its block
            // classes get their own parts whether or not a model can use them: those are not the model's.)
            bool generated = run.GeneratedSources.Any(g => g.HintName.StartsWith(prefix, StringComparison.Ordinal) && g.HintName.EndsWith(".M.g.cs", StringComparison.Ordinal)
                                                           && !g.SourceText.ToString().Contains(Emit.ModelEmitter.ShellMarker, StringComparison.Ordinal));
            Diagnostic[] mine = diagnostics.Where(d => BelongsTo(d, c, prefix)).ToArray();
            Diagnostic[] mgErrors = mine.Where(d => d.Id.StartsWith("MG0", StringComparison.Ordinal)).ToArray();
            Diagnostic[] compilerErrors = mine.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)).ToArray();
            var problems = new List<string>();

            if (mine.Any(d => d.Id == "AD0001")) problems.Add("an analyzer threw (AD0001)");
            if (c.Valid)
            {
                if (mgErrors.Length > 0) problems.Add("built valid, but ModelGen reported an error");
                if (compilerErrors.Length > 0) problems.Add("built valid, but the code does not compile");
                if (!generated) problems.Add("built valid, but nothing was generated");
                if (mine.Any(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
                    problems.Add("the generated code has warnings");
                if (c.EndsWithDecodingHead && mine.Any(d => d.Id == "MG1001"))
                    problems.Add("MG1001 on a model whose decoding head conditions each step on the earlier ones");
                else if (!c.MayWarnUnconditioned && mine.Any(d => d.Id == "MG1001"))
                    problems.Add("MG1001 on a model without a multi-step head (or with MultiOutput = true)");
                // MG1002 and MG1003 exactly where the fuzzer left an input or a layer unread on purpose.
                string[] unused = mine.Where(d => d.Id is "MG1002" or "MG1003").Select(d => d.Id).Distinct().Order().ToArray();
                if (!unused.SequenceEqual(c.ExpectedWarnings ?? []))
                    problems.Add($"expected warnings [{string.Join(", ", c.ExpectedWarnings ?? [])}], got [{string.Join(", ", unused)}]");
                if (mine.Any(d => d.Severity == DiagnosticSeverity.Warning && d.Id is not ("MG1001" or "MG1002" or "MG1003")
                                  && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) != true))
                    problems.Add("the declaration has warnings");
            }
            else
            {
                if (!mgErrors.Any(d => d.Id == c.ExpectedId)) problems.Add($"fault '{c.Fault}' was not reported as {c.ExpectedId}");
                string[] others = mgErrors.Select(d => d.Id).Where(id => id != c.ExpectedId && !(c.AlsoAllowed ?? []).Contains(id)).Distinct().Order().ToArray();
                if (others.Length > 0) problems.Add($"fault '{c.Fault}' ({c.ExpectedId}) was also reported as {string.Join(", ", others)}");
                if (generated) problems.Add($"fault '{c.Fault}': code was generated for an invalid model");
            }
            if (compilerErrors.Length > 0 && mgErrors.Length == 0) problems.Add("compiler errors with no MG diagnostic to explain them");
            // Whatever the declaration, what ModelGen writes compiles: a shell or nothing for an invalid model.
            if (compilerErrors.Any(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
                problems.Add("compiler errors in generated code");

            if (problems.Count > 0)
            {
                failures.Add((c.Index, $"case {c.Index} ({(c.Valid ? "valid" : "fault " + c.Fault)}): {string.Join("; ", problems)}\n" +
                                       c.Source + string.Join("\n", mine.Select(d => "  " + d))));
            }
        }
    }

    /// <summary>An attribute as the fuzzer writes it: <c>[Gru(</c>, <c>, ReLU]</c>.</summary>
    private static readonly System.Text.RegularExpressions.Regex AttributeUse = new(@"[\[,] ?([A-Z][A-Za-z0-9]*)[(\],]");

    /// <summary>A diagnostic in the case's own file, or in code generated for it.</summary>
    private static bool BelongsTo(Diagnostic diagnostic, FuzzCase c, string prefix)
    {
        string? path = diagnostic.Location.SourceTree?.FilePath;
        if (path is null) return diagnostic.Id == "AD0001";
        return Enumerable.Range(0, c.Sources.Length).Any(part => path == FuzzCase.FileName(c.Index, part))
               || path.Contains("/" + prefix, StringComparison.Ordinal) || path.EndsWith("\\" + prefix, StringComparison.Ordinal);
    }
}
