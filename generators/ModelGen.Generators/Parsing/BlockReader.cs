using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a <c>[Block]</c> class on its own, for the part ModelGen generates for the class itself (its base
/// type, the <c>forward</c> that runs the use it was created for); each use's layers are generated with the
/// model that uses it.
/// </summary>
internal static class BlockReader
{
    public static BlockClassSpec Read(INamedTypeSymbol block, Compilation compilation, CancellationToken cancellationToken) =>
        new TemplateReader(compilation, cancellationToken).ReadBlock(block).ClassSpec;

    /// <summary>
    /// Members a user wrote that clash with what ModelGen generates in a block: a constructor (the models that
    /// use the block create it), <c>forward</c>, and anything named <c>ModelGen…</c>.
    /// </summary>
    public static IEnumerable<string> ConflictingMembers(INamedTypeSymbol block)
    {
        bool residual = TemplateReader.Residual(block);
        foreach (ISymbol member in block.GetMembers())
        {
            if (member.IsImplicitlyDeclared || ModelParser.IsGeneratedByModelGen(member)) continue;
            if (residual && member.Name == BlockNames.Downsample)
            {
                yield return $"a member named '{BlockNames.Downsample}' (in a residual block, the projection ModelGen adds on the shortcut has that name)";
                continue;
            }
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false }) yield return "a constructor";
            else if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: GeneratedNames.Forward, Parameters.Length: 1 }) yield return "a method forward(Tensor)";
            else if (member.Name.StartsWith("ModelGen", System.StringComparison.Ordinal) && member is not INamedTypeSymbol) yield return $"a member named '{member.Name}'";
        }
    }
}

/// <summary>A <c>[Block]</c> class as its own generated part needs it.</summary>
/// <param name="Namespace">Its namespace, or null.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="ContainingTypes">The types it is nested in, outermost first.</param>
/// <param name="Problems">Ways it cannot take a generated part.</param>
/// <param name="OuterClassName">The containing type that is not partial, if any.</param>
/// <param name="Residual">Whether it is residual (then it holds a shortcut projection for the uses that need one).</param>
/// <param name="Fields">Its instance fields with ModelGen attributes or block types (assigned by each use's constructor).</param>
/// <param name="ConflictingMembers">User members that clash with what ModelGen generates.</param>
/// <param name="HasCompilerErrors">Whether the compiler could not read part of it.</param>
/// <param name="Stacked">Whether it returns a backcast and a forecast (<c>[Block(Backcast = ..., Forecast = ...)]</c>): an N-BEATS block.</param>
internal sealed record BlockClassSpec(
    string? Namespace,
    string ClassName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    ClassProblems Problems,
    string? OuterClassName,
    bool Residual,
    EquatableArray<BlockFieldSpec> Fields,
    EquatableArray<string> ConflictingMembers,
    bool HasCompilerErrors,
    bool Stacked = false)
{
    /// <summary>Whether ModelGen can add its part (the same rule as for a model, see <see cref="ModelSpec.CanHostGeneratedPart"/>).</summary>
    public bool CanHostGeneratedPart =>
        !HasCompilerErrors && ConflictingMembers.Count == 0 &&
        (Problems & (ClassProblems.NotPartial | ClassProblems.Generic | ClassProblems.Nested | ClassProblems.Static
                     | ClassProblems.Record | ClassProblems.ForeignBase | ClassProblems.Abstract | ClassProblems.FileLocal)) == 0;

    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Arity == 0 ? t.Name : $"{t.Name}`{t.Arity}")).Append(ClassName).Where(n => n is not null));
}

/// <summary>A block's field, as its part assigns it when no use created the block.</summary>
internal sealed record BlockFieldSpec(string Name, bool IsNullable);

/// <summary>What keeps a <c>[Block]</c> class from taking a generated part, in words: shared by its own diagnostic and its uses'.</summary>
internal static class BlockProblems
{
    public const string Expected = "a partial, non-generic, non-abstract class with no base class and no constructor of its own, at the top level or nested in partial types";

    public static IEnumerable<(string Found, string Expected)> Of(BlockClassSpec block) => Of(block.Problems, block.OuterClassName, block.ConflictingMembers);

    public static IEnumerable<(string Found, string Expected)> Of(ClassProblems problems, string? outer, IEnumerable<string> conflicting)
    {
        foreach ((ClassProblems flag, string reason) in new[]
        {
            (ClassProblems.NotPartial, "is not partial"),
            (ClassProblems.Generic, "is generic"),
            (ClassProblems.Nested, $"is nested in '{outer}', which is not partial"),
            (ClassProblems.Abstract, "is abstract"),
            (ClassProblems.FileLocal, "is file-local or nested in a file-local type (its generated part, in another file, could not extend it)"),
            (ClassProblems.Static, "is static"),
            (ClassProblems.Record, "is a record"),
            (ClassProblems.ForeignBase, "derives from another class"),
        })
        {
            if ((problems & flag) != 0) yield return (reason, Expected);
        }
        foreach (string member in conflicting)
            yield return ($"declares {member}, which ModelGen generates", "no such member in a [Block] class: ModelGen creates a block for each use");
    }
}
