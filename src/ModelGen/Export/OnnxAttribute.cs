using System;
using System.Collections.Generic;
using Onnx;

namespace ModelGen.Export;

/// <summary>An attribute of an ONNX node (<c>perm</c>, <c>hidden_size</c>, …), as generated export code writes it.</summary>
public readonly struct OnnxAttribute
{
    private readonly AttributeProto _proto;

    private OnnxAttribute(AttributeProto proto) => _proto = proto;

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A list of integers.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new(proto);
    }

    /// <summary>A real attribute.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A string attribute.</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(value) });

    /// <summary>A list of strings.</summary>
    public static OnnxAttribute Strings(string name, params string[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        foreach (string value in values) proto.Strings.Add(Google.Protobuf.ByteString.CopyFromUtf8(value));
        return new(proto);
    }

    internal AttributeProto Proto => _proto ?? throw new InvalidOperationException("An OnnxAttribute must be made with one of its factory methods.");
}
