using System;
using System.Linq;
using ModelGen.Generators.Layers;

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
    bool HasCompilerErrors,
    bool MultiOutputIntended = false,
    EquatableArray<ContainingTypeSpec> ContainingTypes = default,
    EquatableArray<string> ClashingMembers = default)
{
    /// <summary>Whether the generator can add a partial part to the class (when it has an error, a shell; see <c>ModelEmitter.EmitShell</c>).</summary>
    public bool CanHostGeneratedPart =>
        !HasCompilerErrors && (Problems & (ClassProblems.NotPartial | ClassProblems.Generic | ClassProblems.Nested | ClassProblems.Static
                                           | ClassProblems.Record | ClassProblems.ForeignBase)) == 0;

    /// <summary>The class name with its namespace and containing types, for messages and file names.</summary>
    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Arity == 0 ? t.Name : $"{t.Name}`{t.Arity}")).Append(ClassName).Where(n => n is not null));
}

/// <summary>A type the model class is nested in (outermost first), as its partial declaration repeats it.</summary>
/// <param name="Keyword">The declaration's keyword: <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>, <c>interface</c>.</param>
/// <param name="Name">The type's name, as written (with <c>@</c> for a keyword).</param>
/// <param name="TypeParameters">Its type parameter list, <c>&lt;T&gt;</c>, or empty.</param>
/// <param name="Arity">How many type parameters it has (<c>Outer</c> and <c>Outer&lt;T&gt;</c> are different types).</param>
internal sealed record ContainingTypeSpec(string Keyword, string Name, string TypeParameters, int Arity = 0);

/// <summary>Ways a class cannot host a generated model.</summary>
[Flags]
internal enum ClassProblems
{
    None = 0,
    NotPartial = 1,
    Generic = 2,
    /// <summary>Nested in a type that is not partial (<see cref="ModelSpec.OuterClassName"/> names it), so the generated part cannot be declared.</summary>
    Nested = 4,
    Static = 8,
    Record = 16,
    ForeignBase = 32,
    Abstract = 64,
}

/// <summary>A field (or auto-property backing field) that carries at least one ModelGen attribute.</summary>
/// <param name="Name">The field's name (the property's, for an auto-property): the layer's state_dict prefix.</param>
/// <param name="TypeName">The field's type, fully qualified, without nullable annotation.</param>
/// <param name="IsStatic">Whether the field is static (layers must be instance fields).</param>
/// <param name="LayerAttributes">Short names of the layer attributes on the field (more than one is an error).</param>
/// <param name="Layer">The layer the first layer attribute declares, if any.</param>
/// <param name="StepAttributes">Short names of the step-selection attributes on the field (<c>LastStep</c>, <c>Step</c>).</param>
/// <param name="Step">The selected step (-1 for the last), or null when the layer takes the whole sequence.</param>
/// <param name="IsNullable">Whether the field's type is annotated nullable (<c>GRU?</c>).</param>
/// <param name="HiddenBaseMember">A member of TorchSharp's <c>Module</c> the field's name would hide, if any.</param>
internal sealed record FieldSpec(
    string Name,
    string TypeName,
    bool IsStatic,
    EquatableArray<string> LayerAttributes,
    LayerSpec? Layer,
    EquatableArray<string> StepAttributes,
    int? Step,
    bool IsNullable = false,
    string? HiddenBaseMember = null)
{
    /// <summary>The step selection as written, for messages: <c>[LastStep]</c> or <c>[Step(2)]</c>.</summary>
    public string StepText =>
        StepAttributes.Count > 0 && StepAttributes[0] == AttributeNames.Short(typeof(LastStepAttribute))
            ? $"[{StepAttributes[0]}]"
            : $"[{AttributeNames.Short(typeof(StepAttribute))}({Format.Integer(Step ?? 0)})]";
}
