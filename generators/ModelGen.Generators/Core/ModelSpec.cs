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
    EquatableArray<string> ClashingMembers = default,
    InputsSpec? Inputs = null,
    EquatableArray<SplitLayerSpec> SplitLayers = default,
    EquatableArray<double>? Quantiles = null,
    int? Distribution = null)
{
    /// <summary>The declared distribution when it is one ModelGen knows (not <c>None</c>), else null.</summary>
    public DistributionKind? DistributionKind => Distribution is int value && Core.DistributionKind.Of(value) is { } kind ? kind : null;

    /// <summary>Whether the model declares quantile levels (<c>Quantiles = [...]</c>), valid or not.</summary>
    public bool DeclaresQuantiles => Quantiles is not null;

    /// <summary>Whether the model declares named inputs (<c>Inputs = typeof(...)</c>) rather than one <c>Input</c>.</summary>
    public bool HasNamedInputs => Inputs is not null;

    /// <summary>Whether the generator can add a partial part to the class (when it has an error, a shell; see <c>ModelEmitter.EmitShell</c>).</summary>
    public bool CanHostGeneratedPart =>
        !HasCompilerErrors && (Problems & (ClassProblems.NotPartial | ClassProblems.Generic | ClassProblems.Nested | ClassProblems.Static
                                           | ClassProblems.Record | ClassProblems.ForeignBase | ClassProblems.FileLocal)) == 0;

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
    /// <summary>File-local (<c>file class</c>), or nested in a file-local type: a generated part, in another file, cannot extend it.</summary>
    FileLocal = 128,
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
/// <param name="From">What <c>[From]</c> names as the layer's sources, or null for the previous layer's output.</param>
/// <param name="Block">The block the field declares when its type is a <c>[Block]</c> class, planned for this use.</param>
/// <param name="Overrides">The <c>[With]</c> attributes on the field, as written.</param>
/// <param name="EvaluationProblem">Inside a block: why an argument could not be computed from the consts in force at this use, if so.</param>
internal sealed record FieldSpec(
    string Name,
    string TypeName,
    bool IsStatic,
    EquatableArray<string> LayerAttributes,
    LayerSpec? Layer,
    EquatableArray<string> StepAttributes,
    int? Step,
    bool IsNullable = false,
    string? HiddenBaseMember = null,
    FromSpec? From = null,
    BlockSpec? Block = null,
    EquatableArray<OverrideSpec> Overrides = default,
    string? EvaluationProblem = null)
{
    /// <summary>Whether the field is a node of the graph: a layer or a block.</summary>
    public bool IsNode => Layer is not null || Block is not null;

    /// <summary>The step selection as written, for messages: <c>[LastStep]</c> or <c>[Step(2)]</c>.</summary>
    public string StepText =>
        StepAttributes.Count > 0 && StepAttributes[0] == AttributeNames.Short(typeof(LastStepAttribute))
            ? $"[{StepAttributes[0]}]"
            : $"[{AttributeNames.Short(typeof(StepAttribute))}({Format.Integer(Step ?? 0)})]";
}

/// <summary>A layer field declared on several partial parts of a class, whose order is then undefined.</summary>
/// <param name="Name">The first field (in the order the parts are read) on another part than the first field's.</param>
/// <param name="FieldIndex">Its index in <see cref="ModelSpec.Fields"/>.</param>
/// <param name="Files">The files the layer fields are spread over.</param>
internal sealed record SplitLayerSpec(string Name, int FieldIndex, EquatableArray<string> Files);

/// <summary>What <c>[From(a, b, ...)]</c> names, as written.</summary>
/// <param name="Sources">The names, in order.</param>
/// <param name="Merge">How several are joined; an undefined value is kept as its number.</param>
internal sealed record FromSpec(EquatableArray<string> Sources, Merge Merge)
{
    /// <summary><c>[From(names)]</c>: concatenated.</summary>
    public static FromSpec Joined(params string[] names) => new(names.ToEquatableArray(), Merge.Concat);

    /// <summary><c>[From(names, Merge = Merge.Add)]</c>: summed.</summary>
    public static FromSpec Summed(params string[] names) => new(names.ToEquatableArray(), Merge.Add);
}

/// <summary>
/// The named inputs of a model: the record <c>Inputs = typeof(...)</c> names and its shaped properties, in
/// declaration order, or the reason it cannot serve as inputs.
/// </summary>
/// <param name="TypeName">The record's fully qualified name for generated code (<c>global::Sample.SalesInputs</c>).</param>
/// <param name="DisplayName">Its name as messages show it (<c>SalesInputs</c>).</param>
/// <param name="Problem">Why the type cannot be the inputs (not a record, generic, less accessible than the model, no properties), or null.</param>
/// <param name="Properties">Its public instance properties.</param>
/// <param name="IsValueType">Whether it is a record struct (then it is never null).</param>
/// <param name="IsNameable">Whether generated code can name the type in signatures (not void, a pointer, an unbound generic, static, file-local or less accessible than the model).</param>
internal sealed record InputsSpec(string TypeName, string DisplayName, string? Problem, EquatableArray<InputPropertySpec> Properties, bool IsValueType = false,
    bool IsNameable = true);

/// <summary>One property of a model's inputs record.</summary>
/// <param name="Name">The property's name: the input's name in <c>[From]</c>, ONNX and the PyTorch twin.</param>
/// <param name="IsTensor">Whether its type is TorchSharp's <c>Tensor</c>.</param>
/// <param name="Shape">The <c>[Shape(...)]</c> dimensions, when it has that attribute.</param>
/// <param name="Categories">The <c>[Categorical(n)]</c> count, when it has that attribute.</param>
/// <param name="TypeName">Its type, for messages.</param>
/// <param name="IsSettable">Whether it has a set or init accessor, so a <c>with</c> expression can set it (Sample repeats each input per path).</param>
internal sealed record InputPropertySpec(string Name, bool IsTensor, EquatableArray<int>? Shape, int? Categories, string TypeName, bool IsSettable = true);

/// <summary>
/// One use of a <c>[Block]</c> class: the class and its layer fields with every argument evaluated for the
/// consts in force at this use (its declared values, with the use's <c>[With]</c> overrides).
/// </summary>
/// <param name="ClassName">The block class's name.</param>
/// <param name="Namespace">Its namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">The types it is nested in, outermost first.</param>
/// <param name="Problems">Ways the class cannot take a generated part.</param>
/// <param name="OuterClassName">The containing type that is not partial, for <see cref="ClassProblems.Nested"/>.</param>
/// <param name="Residual">Whether <c>[Block(Residual = true)]</c>.</param>
/// <param name="Fields">Its fields with ModelGen attributes, in declaration order.</param>
/// <param name="Consts">Its public consts and their values at this use.</param>
/// <param name="Problem">Why it cannot be used here at all (it contains itself, it is nested too deep, it is declared in another assembly), or null.</param>
/// <param name="ConflictingMembers">User members that clash with what ModelGen generates in a block.</param>
internal sealed record BlockSpec(
    string ClassName,
    string? Namespace,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    ClassProblems Problems,
    string? OuterClassName,
    bool Residual,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<ConstSpec> Consts,
    string? Problem = null,
    EquatableArray<string> ConflictingMembers = default,
    string? Backcast = null,
    string? Forecast = null,
    bool ChannelIndependent = false)
{
    /// <summary>Whether the block returns a backcast and a forecast (both named): an N-BEATS block, a member of a doubly residual stack.</summary>
    public bool Stacked => Backcast is not null && Forecast is not null;

    /// <summary>Whether the block names either output, so its use checks what an N-BEATS block declares.</summary>
    public bool NamesStackOutputs => Backcast is not null || Forecast is not null;

    /// <summary>The class name with its namespace and containing types.</summary>
    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Name)).Append(ClassName).Where(n => n is not null));

    /// <summary>The class as generated code names it: <c>global::Sample.ResidualConv</c>.</summary>
    public string QualifiedName => "global::" + FullName;
}

/// <summary>A block's public const and its value at one use.</summary>
/// <param name="Name">The const's name.</param>
/// <param name="Value">Its value, as C# writes it (<c>5</c>, <c>0.1</c>, <c>true</c>).</param>
/// <param name="Overridden">Whether the use sets it with <c>[With]</c> (or sets a const it is computed from).</param>
internal sealed record ConstSpec(string Name, string Value, bool Overridden);

/// <summary>One <c>[With(name, value)]</c> on a field, and what is wrong with it, if anything.</summary>
/// <param name="Name">The const it names.</param>
/// <param name="Value">The value, as C# writes it.</param>
/// <param name="Problem">What is wrong (the const does not exist, has another type, is set twice; the field is not a block), or null.</param>
/// <param name="Expected">What was expected, for the message.</param>
/// <param name="AtValue">Whether the problem is the value (rather than the name).</param>
internal sealed record OverrideSpec(string Name, string Value, string? Problem = null, string? Expected = null, bool AtValue = false);
