using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// Graph declarations (named inputs, [From], blocks) the robustness fuzzer found mishandled: each builds with
/// exactly the diagnostics it should have, and generated code never adds a compiler error or warning.
/// </summary>
public class GraphDeclarationTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp.Modules;\n\nnamespace G;\n\n";

    private static string[] Reported(string source, out BuildResult result)
    {
        result = TestCompilation.Build(Usings + source);
        Assert.Null(result.Run.Results.Single().Exception);
        return result.WarningsAndErrors.Select(d => d.Id).Distinct().Order().ToArray();
    }

    private static void AssertReported(string source, params string[] expected)
    {
        string[] reported = Reported(source, out BuildResult result);
        Assert.True(reported.SequenceEqual(expected.Order()), $"expected [{string.Join(", ", expected)}], got:\n{result.Describe(result.WarningsAndErrors)}");
    }

    [Fact]
    public void A_residual_block_whose_uses_keep_the_width_builds_without_warnings()
    {
        // The projection field of a residual block is read only by uses that need it: none here (CS0414 on it).
        AssertReported("""
            [Block(Residual = true)]
            public partial class Body
            {
                public const int In = 4;
                [Linear(In, In)] private readonly Linear fc;
            }

            [Model(Input = [4])]
            public partial class M { private readonly Body body; }
            """);
    }

    [Fact]
    public void A_block_no_model_uses_yet_builds_without_warnings()
    {
        AssertReported("""
            [Block(Residual = true)]
            public partial class NotUsedYet
            {
                public const int In = 4;
                [Linear(In, 2)] private readonly Linear fc;
                [ReLU] private readonly ReLU? act;
            }
            """);
    }
}
