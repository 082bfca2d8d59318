using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ModelGen.Generators.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer with Microsoft.CodeAnalysis.Testing, whose markup (<c>{|MG1001:...|}</c>) pins
/// the exact span of each expected diagnostic and fails on any unexpected one.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string markup, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = markup,
            // Reference assemblies come from Basic.Reference.Assemblies, so nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(TestCompilation.References);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
