using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using ModelGen.Generators.Parsing;

namespace ModelGen.Generators;

/// <summary>
/// Generates the TorchSharp module for every <c>[Model]</c> class. A model with an MG error gets only a
/// shell whose members throw (see <see cref="ModelEmitter.EmitShell"/>); the analyzer reports why, so
/// the user sees one clear MG diagnostic rather than compiler errors in or around generated code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    private static readonly string ToolVersion =
        typeof(ModelGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? typeof(ModelGenerator).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Models and blocks are read on their own, each into plain values (their fields as templates), then put together:
        // an edit to one file reads only what it declares, and a model is made again only when it or a block changes.
        IncrementalValuesProvider<ModelSource> sources = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.ModelAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => ModelParser.Read((INamedTypeSymbol)ctx.TargetSymbol, ctx.SemanticModel.Compilation, ct))
            .WithTrackingName(TrackingNames.Spec);

        IncrementalValuesProvider<BlockTemplate> blocks = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownNames.BlockAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: static (ctx, ct) => new TemplateReader(ctx.SemanticModel.Compilation, ct).ReadBlock((INamedTypeSymbol)ctx.TargetSymbol))
            .WithTrackingName(TrackingNames.BlockSpec);

        IncrementalValueProvider<BlockTemplates> allBlocks = blocks.Collect().Select(static (all, _) => new BlockTemplates(all));

        IncrementalValuesProvider<ModelSpec> specs = sources
            .Combine(allBlocks)
            .Select(static (pair, ct) => ModelParser.Resolve(pair.Left, pair.Right.Find, ct))
            .WithTrackingName(TrackingNames.Resolved);

        IncrementalValuesProvider<ModelPlan> plans = specs
            .Select(static (spec, _) => ModelPlanner.Plan(spec))
            .WithTrackingName(TrackingNames.Plan);

        // A valid model is generated; one with an MG error gets a shell, so code that uses it still
        // compiles and the build shows the MG error rather than compiler errors that would hide it.
        IncrementalValuesProvider<GeneratedFile> modelFiles = plans
            .Where(static plan => plan.IsValid || plan.Spec.CanHostGeneratedPart)
            .SelectMany(static (plan, _) => plan.IsValid
                ? ModelEmitter.EmitAll(plan, ToolVersion).Select(f => new GeneratedFile(f.HintName, f.Text)).ToImmutableArray()
                : ImmutableArray.Create(new GeneratedFile(ModelEmitter.HintName(plan.Spec), ModelEmitter.EmitShell(plan, ToolVersion))))
            .WithTrackingName(TrackingNames.Source);

        // Every [Block] class gets its own part (its module base type and the forward that runs its use),
        // whether or not a model uses it; the uses themselves come with the models above.
        IncrementalValuesProvider<GeneratedFile> blockFiles = blocks
            .Select(static (block, _) => block.ClassSpec)
            .Where(static block => block.CanHostGeneratedPart)
            .Select(static (block, _) => new GeneratedFile(block.FullName.Replace("@", "").Replace('`', '-') + ".g.cs", ModelEmitter.EmitBlockClass(block, ToolVersion)))
            .WithTrackingName(TrackingNames.BlockSource);

        // Collected so that file names stay unique: Roslyn compares them ignoring case, and a class
        // with [Model] on two of its parts (CS0579) arrives twice. The texts are already made above.
        context.RegisterSourceOutput(modelFiles.Collect().Combine(blockFiles.Collect()), static (spc, both) =>
        {
            ImmutableArray<GeneratedFile> all = both.Left.AddRange(both.Right);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var written = new HashSet<GeneratedFile>();
            foreach (GeneratedFile file in all.OrderBy(f => f.HintName, StringComparer.Ordinal).ThenBy(f => f.Text, StringComparer.Ordinal))
            {
                // The same class twice (CS0579) gives the same file: once. Two classes with one name get two files.
                if (!written.Add(file)) continue;
                string hintName = file.HintName;
                for (int n = 2; !used.Add(hintName); n++)
                    hintName = file.HintName.Substring(0, file.HintName.Length - ".g.cs".Length) + "." + n + ".g.cs";
                spc.AddSource(hintName, SourceText.From(file.Text, Encoding.UTF8));
            }
        });
    }

    private sealed record GeneratedFile(string HintName, string Text);

    /// <summary>The project's block templates by key, compared by value so that an unchanged set leaves every model cached.</summary>
    private sealed class BlockTemplates(ImmutableArray<BlockTemplate> all) : IEquatable<BlockTemplates>
    {
        private readonly ImmutableArray<BlockTemplate> _all = all;
        private readonly Dictionary<string, BlockTemplate> _byKey = all.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public BlockTemplate? Find(string key) => _byKey.TryGetValue(key, out BlockTemplate? template) ? template : null;

        public bool Equals(BlockTemplates? other) => other is not null && _all.SequenceEqual(other._all);

        public override bool Equals(object? obj) => Equals(obj as BlockTemplates);

        public override int GetHashCode() => _all.Length;
    }
}
