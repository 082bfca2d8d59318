using System.Linq;
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

    /// <summary>The <c>[From]</c> attribute on a field; <see cref="Target.Argument"/> is the position of the name it points at, or null for the whole attribute.</summary>
    FromArgument,

    /// <summary>A <c>[With]</c> attribute on a field: <see cref="Target.Argument"/> is <c>"k:name"</c> or <c>"k:value"</c> for the k-th one.</summary>
    WithArgument,

    /// <summary>A property of the model's inputs record, by index into <see cref="InputsSpec.Properties"/>.</summary>
    InputProperty,
}

/// <summary>
/// Where a finding belongs. <see cref="Path"/> leads from the model's fields into blocks (the index of a
/// block field in the model, then in that block, and so on); the rest is relative to the innermost block.
/// A finding inside a block is reported at the model's field that uses it, with the exact place inside the
/// block as an additional location, so every diagnostic of a model is on its own declaration.
/// </summary>
internal readonly record struct Target(TargetKind Kind, int Index = -1, string? Argument = null, EquatableArray<int> Path = default)
{
    public static Target Class => new(TargetKind.Class);

    public static Target ModelArgument(string argument) => new(TargetKind.ModelArgument, -1, argument);

    public static Target Field(int field) => new(TargetKind.Field, field);

    public static Target LayerAttribute(int field) => new(TargetKind.LayerAttribute, field);

    public static Target LayerArgument(int field, string argument) => new(TargetKind.LayerArgument, field, argument);

    public static Target StepAttribute(int field) => new(TargetKind.StepAttribute, field);

    public static Target StepArgument(int field) => new(TargetKind.StepArgument, field, AttributeNames.Argument<global::ModelGen.StepAttribute>(nameof(global::ModelGen.StepAttribute.Index)));

    public static Target Member(int member) => new(TargetKind.Member, member);

    public static Target From(int field, int? position = null) =>
        new(TargetKind.FromArgument, field, position is int p ? Format.Integer(p) : null);

    public static Target With(int field, int attribute, bool value) =>
        new(TargetKind.WithArgument, field, Format.Integer(attribute) + (value ? ":value" : ":name"));

    public static Target InputProperty(int property) => new(TargetKind.InputProperty, property);

    /// <summary>This target inside the block that the field at <paramref name="field"/> of the enclosing graph uses.</summary>
    public Target Within(int field) => this with { Path = new[] { field }.Concat(Path).ToEquatableArray() };
}

/// <summary>A problem with a declaration: a diagnostic ID, where it is, and the values its message names.</summary>
internal sealed record Finding(string Id, Target Target, EquatableArray<string> Arguments)
{
    public static Finding Create(string id, Target target, params string[] arguments) =>
        new(id, target, arguments.ToEquatableArray());
}
