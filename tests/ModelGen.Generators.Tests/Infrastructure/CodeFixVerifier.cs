using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>Applies a code fix to MG1001 with Microsoft.CodeAnalysis.Testing and compares the result with the expected source.</summary>
internal static class CodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string markup, string fixedSource, int codeActionIndex = 0)
    {
        var test = new CSharpCodeFixTest<ModelAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = markup,
            FixedCode = fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeActionIndex = fixedSource == markup ? null : codeActionIndex,
        };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.FixedState.AdditionalReferences.AddRange(TestCompilation.References);
        return test.RunAsync();
    }

    /// <summary>Checks that the fix is not offered for the markup (which must still report its MG1001).</summary>
    public static Task VerifyNotOfferedAsync(string markup) => VerifyAsync(markup, markup);
}
