using ModelGen.Generators.Layers;

namespace ModelGen.Generators.Core;

/// <summary>What a finding points at in the declaration; analyzers turn it into a source location.</summary>
internal enum TargetKind
{
    /// <summary>The class name.</summary>
    Class,

    /// <summary>An argument of <c>[Model]</c>, named by <see cref="Target.Argument"/>.</summary>
    ModelArgument,

    /// <summary>A field, by index into <see cref="ModelSpec.Fields"/>.</summary>
    Field,

    /// <summary>The layer attribute on a field.</summary>
    LayerAttribute,

    /// <summary>An argument of the layer attribute on a field, named by <see cref="Target.Argument"/>.</summary>
    LayerArgument,

    /// <summary>The step-selection attribute (<c>[LastStep]</c>, <c>[Step]</c>) on a field.</summary>
    StepAttribute,

    /// <summary>The index argument of <c>[Step(index)]</c> on a field.</summary>
    StepArgument,

    /// <summary>A user-written member that conflicts with generated code, by index into <see cref="ModelSpec.ConflictingMembers"/>.</summary>
    Member,
}

internal readonly record struct Target(TargetKind Kind, int Index = -1, string? Argument = null)
{
    public static Target Class => new(TargetKind.Class);

    public static Target ModelArgument(string argument) => new(TargetKind.ModelArgument, -1, argument);

    public static Target Field(int field) => new(TargetKind.Field, field);

    public static Target LayerAttribute(int field) => new(TargetKind.LayerAttribute, field);

    public static Target LayerArgument(int field, string argument) => new(TargetKind.LayerArgument, field, argument);

    public static Target StepAttribute(int field) => new(TargetKind.StepAttribute, field);

    public static Target StepArgument(int field) => new(TargetKind.StepArgument, field, AttributeNames.Argument<global::ModelGen.StepAttribute>(nameof(global::ModelGen.StepAttribute.Index)));

    public static Target Member(int member) => new(TargetKind.Member, member);
}

/// <summary>A problem with a declaration: a diagnostic ID, where it is, and the values its message names.</summary>
internal sealed record Finding(string Id, Target Target, EquatableArray<string> Arguments)
{
    public static Finding Create(string id, Target target, params string[] arguments) =>
        new(id, target, arguments.ToEquatableArray());
}
