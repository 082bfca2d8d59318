using System;

namespace ModelGen.Generators.Core;

/// <summary>
/// Everything a <c>[Model]</c> class declares, read out of the compilation into plain values (no
/// symbols, syntax or compilation), so it compares by value and caches across generator runs.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    ClassProblems Problems,
    string? OuterClassName,
    string? BaseClassName,
    EquatableArray<int> Input,
    EquatableArray<int> Output,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<string> ConflictingMembers,
    bool HasCompilerErrors)
{
    /// <summary>The class name with its namespace, for messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;
}

/// <summary>Ways a class cannot host a generated model.</summary>
[Flags]
internal enum ClassProblems
{
    None = 0,
    NotPartial = 1,
    Generic = 2,
    Nested = 4,
    Static = 8,
    Record = 16,
    ForeignBase = 32,
}

/// <summary>A field that carries at least one ModelGen attribute.</summary>
/// <param name="Name">The field's name: the layer's state_dict prefix.</param>
/// <param name="TypeName">The field's type, fully qualified, for messages and checks.</param>
/// <param name="IsStatic">Whether the field is static (layers must be instance fields).</param>
/// <param name="LayerAttributes">Short names of the layer attributes on the field (more than one is an error).</param>
/// <param name="Layer">The layer the first layer attribute declares, if any.</param>
/// <param name="LastStep">Whether the field has <c>[LastStep]</c>.</param>
/// <param name="IsNullable">Whether the field's type is annotated nullable (<c>GRU?</c>).</param>
internal sealed record FieldSpec(
    string Name,
    string TypeName,
    bool IsStatic,
    EquatableArray<string> LayerAttributes,
    LayerSpec? Layer,
    bool LastStep,
    bool IsNullable = false);
