using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// Reads a layer attribute's arguments into a <see cref="LayerSpec"/>. An argument the compiler could
/// not bind (already an error) marks the read as failed instead of throwing.
/// </summary>
internal sealed class LayerReader
{
    private static readonly Dictionary<string, System.Func<LayerReader, LayerSpec>> Layers = new()
    {
        [KnownNames.GruAttribute] = r => r.Recurrent(RecurrentCell.Gru),
        [KnownNames.LstmAttribute] = r => r.Recurrent(RecurrentCell.Lstm),
        [KnownNames.RnnAttribute] = r => r.Recurrent(r.Named("Nonlinearity", 0) == 1 ? RecurrentCell.RnnRelu : RecurrentCell.RnnTanh),
        [KnownNames.LinearAttribute] = r => new LinearSpec(r.Int(0), r.Int(1), r.Named("Bias", true)) { Frozen = r.Named("Frozen", false) },
        [KnownNames.Conv1dAttribute] = r => new Conv1dSpec(r.Int(0), r.Int(1), r.Int(2), r.Named("Stride", 1), r.Named("Padding", 0),
            r.Named("Dilation", 1), r.Named("Groups", 1), r.Named("Bias", true)) { Frozen = r.Named("Frozen", false) },
        [KnownNames.LayerNormAttribute] = r => new LayerNormSpec(r.Int(0), r.Named("Eps", 1e-5), r.Named("ElementwiseAffine", true)) { Frozen = r.Named("Frozen", false) },
        [KnownNames.DropoutAttribute] = r => new DropoutSpec(r.Double(0)),
        [KnownNames.ReLUAttribute] = _ => new ActivationSpec(ActivationKind.ReLU),
        [KnownNames.TanhAttribute] = _ => new ActivationSpec(ActivationKind.Tanh),
        [KnownNames.GELUAttribute] = _ => new ActivationSpec(ActivationKind.GELU),
        [KnownNames.SigmoidAttribute] = _ => new ActivationSpec(ActivationKind.Sigmoid),
        [KnownNames.FlattenAttribute] = _ => new FlattenSpec(),
        [KnownNames.AutoregressiveGruAttribute] = r => new AutoregressiveSpec(r.Int(0), r.Int(1), r.Int(2), r.NamedInts("FirstInput")),
        [KnownNames.DirRecAttribute] = r => new DirRecSpec(r.Int(0), r.Int(1), r.Int(2)),
    };

    private readonly ImmutableArray<TypedConstant> _arguments;
    private readonly ImmutableArray<KeyValuePair<string, TypedConstant>> _named;

    private LayerReader(AttributeData attribute)
    {
        _arguments = attribute.ConstructorArguments;
        _named = attribute.NamedArguments;
        Failed = attribute.AttributeConstructor is null || _arguments.Any(a => a.Kind == TypedConstantKind.Error);
    }

    /// <summary>Whether some argument could not be read.</summary>
    public bool Failed { get; private set; }

    public static bool IsLayerAttribute(string? name) => name is not null && Layers.ContainsKey(name);

    /// <summary>The layer the attribute declares; null (and <paramref name="failed"/>) when it cannot be read.</summary>
    public static LayerSpec? Read(AttributeData attribute, out bool failed)
    {
        var reader = new LayerReader(attribute);
        LayerSpec? layer = reader.Failed ? null : Layers[attribute.AttributeClass!.ToDisplayString()](reader);
        failed = reader.Failed;
        return failed ? null : layer;
    }

    private RecurrentSpec Recurrent(RecurrentCell cell) =>
        new(cell, Int(0), Int(1), Named("NumLayers", 1), Named("Bias", true), Named("Dropout", 0.0), Named("Bidirectional", false))
        {
            Frozen = Named("Frozen", false),
        };

    private int Int(int position) => Positional(position, 0);

    private double Double(int position) => Positional(position, 0.0);

    private T Positional<T>(int position, T fallback)
    {
        if (position < _arguments.Length && _arguments[position].Value is T value) return value;
        Failed = true;
        return fallback;
    }

    private EquatableArray<int> NamedInts(string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in _named)
        {
            if (argument.Key != name) continue;
            if (argument.Value.IsNull) return EquatableArray<int>.Empty;
            if (argument.Value.Kind == TypedConstantKind.Array && argument.Value.Values.All(v => v.Value is int))
                return argument.Value.Values.Select(v => (int)v.Value!).ToEquatableArray();
            Failed = true;
        }
        return EquatableArray<int>.Empty;
    }

    private T Named<T>(string name, T fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in _named)
        {
            if (argument.Key != name) continue;
            if (argument.Value.Value is T value) return value;
            Failed = true;
        }
        return fallback;
    }
}
