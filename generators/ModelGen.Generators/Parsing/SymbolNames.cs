using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ModelGen.Generators.Parsing;

/// <summary>
/// A type's <see cref="ISymbol.ToDisplayString(SymbolDisplayFormat?)"/> with the default format, built from its names
/// where that is plain (a non-generic class, struct, interface, enum or delegate, in namespaces and non-generic types,
/// whose names are not keywords), and formatted by Roslyn otherwise.
/// </summary>
/// <remarks>
/// The generator asks for the names of the same few types (TorchSharp's <c>Tensor</c>, its layer modules) for every
/// input property and field of every model, on every run after an edit. Roslyn formats a nested type from metadata in
/// about 8 µs, which made the display of <c>TorchSharp.torch.Tensor</c> half of what reading a model cost.
/// <c>SymbolNamesTests</c> checks that both paths give the same text for every type of a compilation.
/// </remarks>
internal static class SymbolNames
{
    /// <summary>What <c>type.ToDisplayString()</c> gives.</summary>
    public static string Display(ITypeSymbol type)
    {
        if (!IsPlain(type)) return type.ToDisplayString();
        var text = new StringBuilder(64);
        Append(text, type);
        return text.ToString();
    }

    /// <summary>Whether <c>type.ToDisplayString() == name</c>, compared from the last name back, without formatting.</summary>
    public static bool HasDisplay(ITypeSymbol type, string name)
    {
        if (!IsPlain(type)) return type.ToDisplayString() == name;
        int end = name.Length;
        ISymbol? symbol = type;
        while (symbol is INamedTypeSymbol or INamespaceSymbol { IsGlobalNamespace: false })
        {
            string part = symbol.Name;
            int start = end - part.Length;
            if (start < 0 || string.CompareOrdinal(name, start, part, 0, part.Length) != 0) return false;
            symbol = symbol.ContainingSymbol;
            bool more = symbol is INamedTypeSymbol or INamespaceSymbol { IsGlobalNamespace: false };
            if (more)
            {
                if (start == 0 || name[start - 1] != '.') return false;
                end = start - 1;
            }
            else
            {
                end = start;
            }
        }
        return end == 0;
    }

    /// <summary>A namespace's <c>ToDisplayString()</c>: its names joined by dots.</summary>
    public static string Display(INamespaceSymbol ns)
    {
        if (!IsPlainNamespace(ns)) return ns.ToDisplayString();
        var text = new StringBuilder(32);
        AppendNamespace(text, ns);
        return text.ToString();
    }

    private static void Append(StringBuilder text, ISymbol symbol)
    {
        if (symbol.ContainingSymbol is INamedTypeSymbol outer)
        {
            Append(text, outer);
            text.Append('.');
        }
        else if (symbol.ContainingSymbol is INamespaceSymbol { IsGlobalNamespace: false } ns)
        {
            AppendNamespace(text, ns);
            text.Append('.');
        }
        text.Append(symbol.Name);
    }

    private static void AppendNamespace(StringBuilder text, INamespaceSymbol ns)
    {
        if (ns.ContainingNamespace is { IsGlobalNamespace: false } outer)
        {
            AppendNamespace(text, outer);
            text.Append('.');
        }
        text.Append(ns.Name);
    }

    /// <summary>
    /// A type whose display is its names and dots: no type arguments, keyword (<c>int</c>), <c>?</c>, tuple syntax,
    /// escaped identifier (<c>@event</c>) or error type, along it and its containers.
    /// </summary>
    internal static bool IsPlain(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { SpecialType: SpecialType.None, IsTupleType: false, IsNativeIntegerType: false } named
            || type.NullableAnnotation == NullableAnnotation.Annotated)
            return false;
        for (INamedTypeSymbol? t = named; t is not null; t = t.ContainingType)
        {
            if (t.Arity != 0 || t.TypeKind is TypeKind.Error or TypeKind.Dynamic || !IsPlainName(t.Name)) return false;
            if (t.ContainingType is null && t.ContainingSymbol is INamespaceSymbol ns && !IsPlainNamespace(ns)) return false;
        }
        return true;
    }

    private static bool IsPlainNamespace(INamespaceSymbol ns)
    {
        for (INamespaceSymbol? n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            if (!IsPlainName(n.Name)) return false;
        }
        return true;
    }

    /// <summary>A name Roslyn writes as it is: an identifier that is neither a keyword nor a contextual one.</summary>
    private static bool IsPlainName(string name) =>
        name.Length > 0
        && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
        && SyntaxFacts.GetContextualKeywordKind(name) == SyntaxKind.None
        && SyntaxFacts.IsValidIdentifier(name);
}
