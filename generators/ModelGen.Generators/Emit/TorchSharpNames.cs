using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators.Core;

namespace ModelGen.Generators.Emit;

/// <summary>Names and shapes as they appear in generated C#.</summary>
internal static class TorchSharpNames
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";

    /// <summary>TorchSharp's <c>torch.nn</c>, where the module factories live.</summary>
    public const string Nn = "global::TorchSharp.torch.nn";

    /// <summary>A C# identifier for a name, escaped with <c>@</c> when it is a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A shape with its batch dimension, for comments: <c>[batch, 10, 3]</c>.</summary>
    public static string BatchShape(EquatableArray<int> shape) => "[batch" + string.Concat(shape.Select(d => ", " + Format.Integer(d))) + "]";
}
