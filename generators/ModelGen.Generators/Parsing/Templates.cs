using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

// What the compiler says about a model's or block's fields, read once and kept as plain values. A model's spec is made
// from its templates and those of the blocks it uses (FieldReader), with no compilation: a block is read once, however
// many uses it has, and an edit elsewhere leaves every template equal, so the generator does nothing again.

/// <summary>
/// A model class as read from the compilation: everything but its fields, and its fields as templates, with each use
/// of a block still a reference to the block's template.
/// </summary>
/// <param name="Model">The spec with no fields yet.</param>
/// <param name="Fields">The fields, in declaration order.</param>
internal sealed record ModelSource(ModelSpec Model, EquatableArray<FieldTemplate> Fields);

/// <summary>A field of a model or block, with what depends on a use's consts kept as templates.</summary>
/// <param name="Name">The field's name (the property's, for an auto-property).</param>
/// <param name="TypeName">The field's type, fully qualified, without nullable annotation.</param>
/// <param name="IsStatic">Whether the field is static.</param>
/// <param name="LayerAttributes">Short names of its layer attributes.</param>
/// <param name="StepAttributes">Short names of its step-selection attributes.</param>
/// <param name="IsNullable">Whether its type is annotated nullable.</param>
/// <param name="HiddenBaseMember">A member of TorchSharp's <c>Module</c> its name would hide, if any.</param>
/// <param name="From">What <c>[From]</c> names, if it has one.</param>
/// <param name="HasCompilerErrors">Whether the compiler could not read part of it (its type, <c>[From]</c>).</param>
/// <param name="Layer">Its first layer attribute, when its type is not a block.</param>
/// <param name="Step">Its first step selection, if any.</param>
/// <param name="Withs">Its <c>[With]</c> attributes.</param>
/// <param name="Block">The block it uses, when its type is a <c>[Block]</c> class.</param>
internal sealed record FieldTemplate(
    string Name,
    string TypeName,
    bool IsStatic,
    EquatableArray<string> LayerAttributes,
    EquatableArray<string> StepAttributes,
    bool IsNullable,
    string? HiddenBaseMember,
    FromSpec? From,
    bool HasCompilerErrors,
    LayerTemplate? Layer,
    StepTemplate? Step,
    EquatableArray<WithTemplate> Withs,
    BlockUseTemplate? Block);

/// <summary>
/// A layer attribute: its arguments as the compiler computed them (converted to the attribute class's parameter and
/// property types), and the expressions of those that read the block's consts, to compute again at a use that changes them.
/// </summary>
/// <param name="Attribute">The attribute class's metadata name (<c>ModelGen.LinearAttribute</c>).</param>
/// <param name="Readable">Whether every argument could be read (if not, the compiler reports why).</param>
/// <param name="Parameters">The names of the constructor's parameters, which pick the constructor.</param>
/// <param name="Arguments">The constructor's arguments, in parameter order.</param>
/// <param name="Properties">The named arguments, in order.</param>
/// <param name="Expressions">The arguments (by parameter or property name) that read the block's consts.</param>
internal sealed record LayerTemplate(
    string Attribute,
    bool Readable,
    EquatableArray<string> Parameters,
    EquatableArray<ConstValue> Arguments,
    EquatableArray<NamedValue> Properties,
    EquatableArray<ArgumentExpression> Expressions);

/// <summary>A named argument's value.</summary>
internal sealed record NamedValue(string Name, ConstValue Value);

/// <summary>An argument, written by position, <c>name:</c> (then <paramref name="IsProperty"/> is false) or <c>Name =</c>, that reads the block's consts.</summary>
/// <param name="Name">The parameter's or property's name; empty for an element of a <c>params</c> array.</param>
internal sealed record ArgumentExpression(string Name, bool IsProperty, ConstExpression Expression);

/// <summary><c>[LastStep]</c>, or <c>[Step(i)]</c> with the compiler's value and, when it reads the block's consts, its expression.</summary>
internal sealed record StepTemplate(bool IsLast, ConstValue? Declared, ConstExpression? Expression);

/// <summary>One <c>[With(name, value)]</c>.</summary>
/// <param name="Name">The const it names; null when the attribute is malformed (the compiler reports it).</param>
/// <param name="DisplayName">The name for messages (<c>?</c> when there is none).</param>
/// <param name="Declared">The value as the compiler computed it, if it has one.</param>
/// <param name="Expression">The value's expression, when it reads the enclosing block's consts.</param>
/// <param name="ValueText">The compiler's value as C# writes it.</param>
/// <param name="ValueSource">The value as written (<c>In / Div</c>).</param>
internal sealed record WithTemplate(string? Name, string DisplayName, ConstValue? Declared, ConstExpression? Expression, string ValueText, string ValueSource);

/// <summary>A field's use of a block: the block's key, and what a use needs when the block has no template here.</summary>
/// <param name="Key">The block class's fully qualified name, as <see cref="BlockTemplate.Key"/>.</param>
/// <param name="ForeignAssembly">The assembly the block is declared in, when it is not this project (then it has no template).</param>
/// <param name="ForeignHeader">The block class, when it is declared in another assembly.</param>
/// <param name="ForeignConsts">Its public consts, when it is declared in another assembly (for the use's <c>[With]</c>s).</param>
internal sealed record BlockUseTemplate(string Key, string? ForeignAssembly = null, BlockHeader? ForeignHeader = null, EquatableArray<ConstTemplate> ForeignConsts = default);

/// <summary>A block class itself: its names and what keeps it from taking a generated part.</summary>
internal sealed record BlockHeader(
    string ClassName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    ClassProblems Problems,
    string? OuterClassName,
    bool Residual,
    EquatableArray<string> ConflictingMembers,
    string? Backcast = null,
    string? Forecast = null,
    bool ChannelIndependent = false);

/// <summary>A const of a block: its declared value, and its initializer when that reads other consts of the block.</summary>
/// <param name="Name">The const's name.</param>
/// <param name="IsPublic">Whether it is public (a parameter <c>[With]</c> can set).</param>
/// <param name="Type">Its type.</param>
/// <param name="Declared">Its declared value, if the compiler has one.</param>
/// <param name="Initializer">Its initializer, when it reads the block's consts.</param>
internal sealed record ConstTemplate(string Name, bool IsPublic, ConstType Type, ConstValue? Declared, ConstExpression? Initializer);

/// <summary>
/// A <c>[Block]</c> class, read once: its header, consts and fields as templates, from which each use is made
/// (<see cref="FieldReader"/>), and what its own generated part needs (<see cref="ClassSpec"/>).
/// </summary>
/// <param name="Key">Its fully qualified name: how uses find it.</param>
/// <param name="Header">The class.</param>
/// <param name="Consts">Its consts, in declaration order.</param>
/// <param name="Fields">Its fields with ModelGen attributes or block types, in declaration order.</param>
/// <param name="SplitProblem">Why its layers' order is undefined (declared in several files), or null.</param>
/// <param name="ClassSpec">The class as its own generated part needs it.</param>
internal sealed record BlockTemplate(
    string Key,
    BlockHeader Header,
    EquatableArray<ConstTemplate> Consts,
    EquatableArray<FieldTemplate> Fields,
    string? SplitProblem,
    BlockClassSpec ClassSpec)
{
    public EquatableArray<ConstTemplate> PublicConsts => Consts.Where(c => c.IsPublic).ToEquatableArray();
}
