using System.Collections.Generic;
using System.Linq;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Layers;

/// <summary>
/// What a layer kind sees while it is checked and planned: the field it sits on, where its input comes
/// from, and helpers that report findings at the right argument with the usual wording. Arguments are
/// named by the attribute property that holds them (<c>nameof(LinearAttribute.InFeatures)</c>); the
/// helpers turn that into the argument as written (<c>inFeatures</c>).
/// </summary>
/// <remarks>
/// Inside a block, <paramref name="path"/> leads from the model to the block and <paramref name="qualifiedName"/>
/// is the layer's state_dict path (<c>block1.conv1</c>), so findings name it as the model holds it.
/// </remarks>
internal sealed class LayerContext(int index, FieldSpec layerField, EquatableArray<int> modelInput, string from, List<Finding> findings,
    string? qualifiedName = null, EquatableArray<int> path = default, int? inputCategories = null)
{
    private readonly LayerSpec _layer = layerField.Layer!;

    /// <summary>Index of the field in <see cref="ModelSpec.Fields"/>.</summary>
    public int Index => index;

    public FieldSpec Field => layerField;

    /// <summary>The model's per-sample Input (a decoder may read its last step).</summary>
    public EquatableArray<int> ModelInput => modelInput;

    /// <summary>Whether the model's single Input is missing or invalid (MG0004): then nothing is checked against it.</summary>
    public bool ModelInputHasError { get; init; }

    /// <summary>The layer as messages name it: <c>Linear 'fc'</c>, or <c>Conv1d 'block1.conv1'</c> inside a block.</summary>
    public string Name => $"{_layer.MessageName} '{qualifiedName ?? layerField.Name}'";

    /// <summary>The category count when the layer's input is a categorical (int64) input; null for float values.</summary>
    public int? InputCategories => inputCategories;

    /// <summary>The input and where it comes from, for messages: <c>[32], the last step of GRU 'GRU'</c>.</summary>
    public string From => from;

    /// <summary>The values the layer reads beside its input (<see cref="LayerSpec.SideInputs"/>), by property: their shapes and descriptions.</summary>
    public IReadOnlyDictionary<string, (EquatableArray<int> Shape, string Description)> Side { get; init; } =
        new Dictionary<string, (EquatableArray<int> Shape, string Description)>();

    /// <summary>The shape of the side value named by <paramref name="property"/>, when the layer has it.</summary>
    public EquatableArray<int>? SideShape(string property) => Side.TryGetValue(property, out var side) ? side.Shape : null;

    /// <summary>The argument as written for an attribute property: <c>inFeatures</c> for <c>InFeatures</c>.</summary>
    public string Argument(string property) => AttributeNames.Argument(_layer.AttributeType, property);

    /// <summary>Reports a finding.</summary>
    public void Report(string id, Target target, params string[] arguments) =>
        findings.Add(Finding.Create(id, target with { Path = path.Concat(target.Path).ToEquatableArray() }, arguments));

    /// <summary>MG0003 at the argument: <c>{Name}: {argument} {found}; expected {expected}</c>.</summary>
    public void InvalidArgument(string property, string found, string expected) =>
        Report(DiagnosticIds.InvalidLayerArgument, Target.LayerArgument(index, Argument(property)), Name, Argument(property), found, expected);

    /// <summary>MG0003 on the whole attribute, for a problem no single argument causes.</summary>
    public void InvalidLayer(string what, string found, string expected) =>
        Report(DiagnosticIds.InvalidLayerArgument, Target.LayerAttribute(index), Name, what, found, expected);

    /// <summary>A size: a positive integer no larger than <paramref name="max"/>.</summary>
    public bool Size(string property, int value, int max = ModelPlanner.MaxSize) =>
        Range(property, value, 1, max, $"a positive integer no larger than {Format.Count(max)}");

    public bool Range(string property, int value, int min, int max, string expected)
    {
        if (value >= min && value <= max) return true;
        InvalidArgument(property, "is " + Format.Count(value), expected);
        return false;
    }

    public bool Probability(string property, double value)
    {
        if (value >= 0 && value <= 1) return true; // false for NaN too
        InvalidArgument(property, "is " + Format.Real(value), "a probability between 0 and 1");
        return false;
    }

    /// <summary>A finite positive real, such as a normalisation's epsilon.</summary>
    public bool PositiveReal(string property, double value, string expected)
    {
        if (value > 0 && !double.IsInfinity(value)) return true; // false for NaN too
        InvalidArgument(property, "is " + Format.Real(value), expected);
        return false;
    }

    /// <summary>MG0001: the argument does not match the input it receives.</summary>
    public void Mismatch(string property, int value, int expected) =>
        Report(DiagnosticIds.LayerInputMismatch, Target.LayerArgument(index, Argument(property)),
            Name, Argument(property), Format.Count(value), from, Format.Count(expected));

    /// <summary>The layer's plan from its shapes and counts (trainable parameters follow <see cref="LayerSpec.Frozen"/>).</summary>
    /// <remarks><paramref name="resolved"/>: the spec with what only its input tells (RevIN's features), in place of the declared one.</remarks>
    public LayerPlan Result(EquatableArray<int> input, EquatableArray<int> output, long parameters, long multAddsPerSample,
        EquatableArray<int>? moduleInput = null, EquatableArray<int>? moduleOutput = null, EquatableArray<SubLayerPlan> children = default,
        LayerSpec? resolved = null) =>
        new(index, layerField.Name, resolved ?? _layer, layerField.Step, input, output, moduleInput ?? input, moduleOutput ?? output,
            parameters, _layer.Frozen ? 0 : parameters, multAddsPerSample, children);

    /// <summary>A shape from its dimensions.</summary>
    public static EquatableArray<int> Shape(params int[] dimensions) => dimensions.ToEquatableArray();
}
