using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// <see cref="SymbolNames"/> builds a type's display from its names where Roslyn's formatting is plain: it must give
/// Roslyn's text for every type, or the parser would stop recognising <c>Tensor</c> or report other type names.
/// </summary>
public class SymbolNamesTests
{
    private const string Unusual = """
        #nullable enable
        namespace @event.Inner
        {
            public class @class { public class Nested { } }
            public class record { }
            public class var { public struct Deep { public enum Deeper { A } } }
            public class Generic<T> { public class Inside { } }
            public delegate void Handler();
            public interface IThing { }
        }
        public class AtTheRoot { public class Nested { } }
        namespace Plain.Names { public sealed record Row(int A); public class Holder { public TorchSharp.torch.Tensor? Maybe = null; } }
        """;

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (INamedTypeSymbol type in AllTypes(ns)) yield return type;
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (INamedTypeSymbol nested in AllTypes(type)) yield return nested;
            }
        }
    }

    [Fact]
    public void Every_type_of_a_compilation_with_TorchSharp_has_Roslyns_display()
    {
        Compilation compilation = TestCompilation.Create(Unusual);
        var types = AllTypes(compilation.GlobalNamespace).ToList();
        var wrong = new List<string>();
        int plain = 0;
        foreach (INamedTypeSymbol type in types)
        {
            string expected = type.ToDisplayString();
            if (SymbolNames.IsPlain(type)) plain++;
            if (SymbolNames.Display(type) != expected) wrong.Add($"{expected} displayed as {SymbolNames.Display(type)}");
            if (!SymbolNames.HasDisplay(type, expected)) wrong.Add($"{expected} does not have its own display");
            // The same name one character shorter at either end, or with another container, is not the type's.
            if (SymbolNames.HasDisplay(type, expected[1..]) || SymbolNames.HasDisplay(type, expected[..^1]) || SymbolNames.HasDisplay(type, "X." + expected))
                wrong.Add($"{expected} matched a name that differs from it");
            if (wrong.Count > 20) break;
        }

        Assert.Empty(wrong);
        // Most types take the fast path, and so do the ones the parser asks about; the rest are Roslyn's.
        Assert.True(plain > types.Count / 2, $"only {plain} of {types.Count} types were plain");
        Assert.True(types.Count > 3_000, $"only {types.Count} types were read");
        Assert.True(SymbolNames.IsPlain(compilation.GetTypeByMetadataName("TorchSharp.torch+Tensor")!));
        Assert.False(SymbolNames.IsPlain(compilation.GetTypeByMetadataName("event.Inner.class")!));
        Assert.False(SymbolNames.IsPlain(compilation.GetTypeByMetadataName("event.Inner.Generic`1+Inside")!));
    }

    [Fact]
    public void Annotated_keyword_and_generic_types_are_formatted_by_Roslyn()
    {
        Compilation compilation = TestCompilation.Create(Unusual);
        ITypeSymbol maybe = compilation.GetTypeByMetadataName("Plain.Names.Holder")!.GetMembers("Maybe").OfType<IFieldSymbol>().Single().Type;
        ITypeSymbol[] types =
        [
            maybe,
            maybe.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
            compilation.GetSpecialType(SpecialType.System_Int32),
            compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!,
            compilation.GetTypeByMetadataName("event.Inner.var+Deep+Deeper")!,
            compilation.CreateArrayTypeSymbol(compilation.GetSpecialType(SpecialType.System_Single)),
        ];

        Assert.Equal(
            ["TorchSharp.torch.Tensor?", "TorchSharp.torch.Tensor", "int", "System.Collections.Generic.List<T>", "@event.Inner.var.Deep.Deeper", "float[]"],
            types.Select(SymbolNames.Display));
        Assert.All(types, t => Assert.True(SymbolNames.HasDisplay(t, t.ToDisplayString())));
        Assert.False(SymbolNames.HasDisplay(maybe, "TorchSharp.torch.Tensor"));
        Assert.True(SymbolNames.HasDisplay(types[1], "TorchSharp.torch.Tensor"));
    }

    [Fact]
    public void A_namespace_displays_as_Roslyn_does()
    {
        Compilation compilation = TestCompilation.Create(Unusual);
        INamespaceSymbol[] namespaces =
        [
            compilation.GetTypeByMetadataName("Plain.Names.Row")!.ContainingNamespace,
            compilation.GetTypeByMetadataName("event.Inner.record")!.ContainingNamespace,
            compilation.GetTypeByMetadataName("TorchSharp.torch")!.ContainingNamespace,
        ];

        Assert.Equal(namespaces.Select(n => n.ToDisplayString()), namespaces.Select(SymbolNames.Display));
        Assert.Equal("Plain.Names", SymbolNames.Display(namespaces[0]));
    }
}
