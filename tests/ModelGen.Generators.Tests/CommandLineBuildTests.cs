using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// Real <c>dotnet build</c>s of small projects: what a user sees in a build, where the command-line
/// compiler skips analyzers whenever the compilation has declaration errors.
/// </summary>
public class CommandLineBuildTests
{
    private const string Usings = "using ModelGen;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing Tensor = TorchSharp.torch.Tensor;\n\nnamespace App;\n\n";

    [Fact]
    public void A_model_with_an_MG_error_shows_that_error_in_the_build_and_nothing_else()
    {
        BuildOutput build = CommandLineBuild.Run(new Dictionary<string, string>
        {
            // Its own forward clashes with the generated one (MG0012): without a generated part the class
            // has no base type, and `override` alone would be error CS0115.
            ["OwnForward.cs"] = Usings + """
                [Model(Input = [10, 3], Output = [5, 1])]
                public partial class OwnForward
                {
                    [Gru(3, 32)] private readonly GRU gru;
                    [LastStep][Linear(32, 5)] private readonly Linear fc;
                }

                public partial class OwnForward
                {
                    public override Tensor forward(Tensor x) => x;
                }
                """,
            // A size mismatch (MG0001), with the user's own partial part calling generated members.
            ["Mismatch.cs"] = Usings + """
                [Model(Input = [10, 3], Output = [5, 1])]
                public partial class Mismatch
                {
                    [Gru(3, 32)] private readonly GRU gru;
                    [LastStep][Linear(33, 5)] private readonly Linear fc;
                }

                public partial class Mismatch
                {
                    public Tensor Twice(Tensor x) => forward(forward(x));
                    public int Steps => Horizon;
                }
                """,
            // The user's own parameterless constructor (MG0012): Module<Tensor, Tensor> has none, so the shell takes no base.
            ["OwnConstructor.cs"] = Usings + """
                [Model(Input = [4])]
                public partial class OwnConstructor
                {
                    [Linear(4, 2)] private readonly Linear fc;

                    public OwnConstructor() { fc = null!; }
                }
                """,
            // The summary in a field initialiser, the model from another class, a decoding head's training entry point.
            ["Users.cs"] = Usings + """
                [Model(Input = [10, 3], Output = [5, 1])]
                public partial class BadHead
                {
                    [Gru(3, 32)] private readonly GRU gru;
                    [AutoregressiveGru(32, 1, 5)] private readonly AutoregressiveGruHead head;
                }

                public static class Users
                {
                    public static readonly ModelSummary Summary = Mismatch.Summary(1);

                    public static Tensor Run(Tensor x)
                    {
                        using var model = new Mismatch();
                        model.ExportOnnx("model.onnx");
                        return model.call(x);
                    }

                    public static Tensor Train(Tensor x, Tensor y) => new BadHead().TrainingForward(x, y, 0.5);
                }
                """,
        });

        string[] expected = ["Mismatch.cs: error MG0001", "OwnConstructor.cs: error MG0012", "OwnForward.cs: error MG0012", "Users.cs: error MG0017"];
        Assert.True(expected.SequenceEqual(build.Diagnostics.Select(d => $"{d.File}: {d.Severity} {d.Id}").Order()),
            "expected exactly " + string.Join(", ", expected) + "; the build printed:\n" + string.Join("\n", build.Diagnostics) + "\n\n" + build.Log);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(build.Diagnostics, d => d.Id == "MG0001" && d.Message.Contains("inFeatures = 33") && d.Message.Contains("docs/diagnostics/MG0001.md"));
    }

    [Fact]
    public void Valid_models_build_clean_under_strict_analysis_and_their_layer_fields_are_not_CA2213()
    {
        BuildOutput build = CommandLineBuild.Run(new Dictionary<string, string>
        {
            ["Models.cs"] = Usings + """
                [Model(Input = [10, 3], Output = [5, 1], MultiOutput = true)]
                public partial class Seed
                {
                    [Gru(3, 32, NumLayers = 2)] private readonly GRU encoder;
                    [LastStep][Linear(32, 5)] private readonly Linear fc;
                }

                internal static partial class Experiments
                {
                    internal static partial class Runs
                    {
                        [Model(Input = [12, 2], Output = [4, 1])]
                        internal sealed partial class Nested
                        {
                            [Lstm(2, 8)] private readonly LSTM encoder;
                            [field: Dropout(0.1)] public Dropout Regulariser { get; }
                            [LastStep][AutoregressiveGru(8, 1, 4, FirstInput = [0])] private readonly AutoregressiveGruHead decoder;
                        }
                    }

                    public static IForecastModel Create() => new Runs.Nested();
                }
                """,
        }, properties: "<AnalysisMode>All</AnalysisMode><TreatWarningsAsErrors>true</TreatWarningsAsErrors>");

        Assert.True(build.ExitCode == 0 && build.Diagnostics.Length == 0, "the strict build failed or warned:\n" + string.Join("\n", build.Diagnostics) + "\n\n" + build.Log);
        // CA2213 did fire on the layer fields, and the suppressor took each one back.
        JsonElement[] ca2213 = JsonDocument.Parse(build.Sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(result => result.GetProperty("ruleId").GetString() == "CA2213")
            .ToArray();
        string[] fields = ca2213.Select(result => result.GetProperty("message").GetProperty("text").GetString()!).ToArray();
        Assert.Contains(fields, message => message.StartsWith("'Seed' contains field 'encoder'", StringComparison.Ordinal));
        Assert.Contains(fields, message => message.StartsWith("'Seed' contains field 'fc'", StringComparison.Ordinal));
        Assert.Contains(fields, message => message.StartsWith("'Nested' contains field 'decoder'", StringComparison.Ordinal));
        Assert.All(ca2213, result => Assert.Contains(
            result.TryGetProperty("suppressions", out JsonElement suppressions) ? suppressions.EnumerateArray() : [],
            suppression => suppression.GetProperty("properties").GetProperty("suppressionType").GetString()!.Contains("Suppression Id: MGSP2213", StringComparison.Ordinal)));
    }

    [Fact]
    public void Quantile_and_distribution_models_build_clean_with_documentation_and_their_errors_show_at_the_argument()
    {
        BuildOutput clean = CommandLineBuild.Run(new Dictionary<string, string>
        {
            ["Models.cs"] = Usings + """
                /// <summary>Quantiles.</summary>
                [Model(Input = [48, 3], Output = [12, 1], Quantiles = [0.1, 0.5, 0.9], MultiOutput = true)]
                public partial class Quantile
                {
                    [Gru(3, 16)] private readonly GRU encoder;
                    [LastStep][Linear(16, 36)] private readonly Linear head;
                }

                /// <summary>A distribution.</summary>
                [Model(Input = [48, 3], Output = [12, 1], Distribution = OutputDistribution.StudentT, MultiOutput = true)]
                public partial class Student
                {
                    [Gru(3, 16)] private readonly GRU encoder;
                    [LastStep][Linear(16, 36)] private readonly Linear head;
                }
                """,
        }, properties: "<AnalysisMode>All</AnalysisMode><TreatWarningsAsErrors>true</TreatWarningsAsErrors><GenerateDocumentationFile>true</GenerateDocumentationFile>");

        Assert.True(clean.ExitCode == 0 && clean.Diagnostics.Length == 0, "the strict build failed or warned:\n" + string.Join("\n", clean.Diagnostics) + "\n\n" + clean.Log);

        BuildOutput errors = CommandLineBuild.Run(new Dictionary<string, string>
        {
            ["Crossed.cs"] = Usings + """
                [Model(Input = [48, 3], Output = [12, 1], Quantiles = [0.5, 0.1, 0.9], MultiOutput = true)]
                public partial class Crossed
                {
                    [Gru(3, 16)] private readonly GRU encoder;
                    [LastStep][Linear(16, 36)] private readonly Linear head;
                }
                """,
            ["Both.cs"] = Usings + """
                [Model(Input = [48, 3], Output = [12, 1], Quantiles = [0.1, 0.9], Distribution = OutputDistribution.Normal, MultiOutput = true)]
                public partial class Both
                {
                    [Gru(3, 16)] private readonly GRU encoder;
                    [LastStep][Linear(16, 24)] private readonly Linear head;
                }
                """,
            ["Users.cs"] = Usings + """
                public static class Users
                {
                    public static Tensor Loss(Tensor x, Tensor y) => Losses.Pinball(new Crossed().call(x), y, Crossed.Quantiles);
                }
                """,
        });

        string[] expected = ["Both.cs: error MG0028", "Crossed.cs: error MG0027"];
        Assert.True(expected.SequenceEqual(errors.Diagnostics.Select(d => $"{d.File}: {d.Severity} {d.Id}").Order()),
            "expected exactly " + string.Join(", ", expected) + "; the build printed:\n" + string.Join("\n", errors.Diagnostics) + "\n\n" + errors.Log);
        Assert.Contains(errors.Diagnostics, d => d.Id == "MG0027" && d.Message.Contains("which is not increasing (0.5 before 0.1)") && d.Message.Contains("docs/diagnostics/MG0027.md"));
        Assert.Contains(errors.Diagnostics, d => d.Id == "MG0028" && d.Message.Contains("with Quantiles as well"));
    }

    [Fact]
    public void Models_with_named_inputs_or_blocks_and_an_MG_error_show_that_error_alone_to_the_code_that_uses_them()
    {
        BuildOutput build = CommandLineBuild.Run(new Dictionary<string, string>
        {
            // A name [From] cannot find (MG0019), in a model whose forward takes a record of named inputs.
            ["Named.cs"] = Usings + """
                public sealed record SalesInputs([property: Shape(8, 2)] Tensor Past, [property: Categorical(3)] Tensor Store);

                [Model(Inputs = typeof(SalesInputs), Output = [2])]
                public partial class Named
                {
                    [From(nameof(SalesInputs.Store))] [Embedding(3, 2)] private readonly Embedding store;
                    [From(nameof(SalesInputs.Past), "stor")] [Gru(4, 8)] private readonly GRU encoder;
                    [LastStep] [Linear(8, 2)] private readonly Linear head;
                }
                """,
            // A const the block does not have (MG0025): the block itself is fine and gets its part.
            ["Blocks.cs"] = Usings + """
                [Block(Residual = true)]
                public partial class Residual
                {
                    public const int In = 4;
                    [Linear(In, 4)] private readonly Linear fc;
                }

                [Model(Input = [4])]
                public partial class WithBlock
                {
                    [With("Width", 3)] private readonly Residual block;
                }
                """,
            ["Users.cs"] = Usings + """
                public static class Users
                {
                    public static readonly ModelSummary Summary = Named.Summary(1);

                    public static Tensor Run(SalesInputs inputs)
                    {
                        using var model = new Named();
                        IForecastModel<SalesInputs> forecaster = model;
                        return forecaster.Forecast(inputs, null).add(model.call(inputs));
                    }

                    public static Tensor RunBlock(Tensor x)
                    {
                        using var model = new WithBlock();
                        return model.call(x);
                    }
                }
                """,
        });

        string[] expected = ["Blocks.cs: error MG0025", "Named.cs: error MG0019"];
        Assert.True(expected.SequenceEqual(build.Diagnostics.Select(d => $"{d.File}: {d.Severity} {d.Id}").Order()),
            "expected exactly " + string.Join(", ", expected) + "; the build printed:\n" + string.Join("\n", build.Diagnostics) + "\n\n" + build.Log);
        Assert.Contains(build.Diagnostics, d => d.Id == "MG0019" && d.Message.Contains("names 'stor'") && d.Message.Contains("'store'"));
    }

    [Fact]
    public void Models_with_named_inputs_and_blocks_build_clean_under_strict_analysis()
    {
        BuildOutput build = CommandLineBuild.Run(new Dictionary<string, string>
        {
            ["Models.cs"] = Usings + """
                public sealed record SalesInputs(
                    [property: Shape(48, 4)] Tensor Past,
                    [property: Shape(12, 3)] Tensor Future,
                    [property: Categorical(20)] Tensor Store);

                [Model(Inputs = typeof(SalesInputs), Output = [12, 1], MultiOutput = true)]
                public partial class SalesForecaster
                {
                    [From(nameof(SalesInputs.Store))] [Embedding(20, 4)] private readonly Embedding store;
                    [From(nameof(SalesInputs.Past), nameof(store))] [Gru(8, 64, NumLayers = 2)] private readonly GRU encoder;
                    [LastStep] [Linear(64, 32)] private readonly Linear context;
                    [From(nameof(SalesInputs.Future), nameof(context))] [Linear(35, 1)] private readonly Linear head;
                }

                [Block(Residual = true)]
                public partial class ResidualConv
                {
                    public const int In = 32, Dilation = 1;
                    [CausalConv1d(In, 32, 2, Dilation = Dilation)] private readonly Conv1d conv1;
                    [GELU] private readonly GELU act;
                    [CausalConv1d(32, 32, 2, Dilation = Dilation)] private readonly Conv1d conv2;
                }

                [Model(Input = [64, 5], Output = [8, 1], MultiOutput = true)]
                public partial class DilatedTcn
                {
                    [With(nameof(ResidualConv.In), 5)] private readonly ResidualConv block1;
                    [With(nameof(ResidualConv.Dilation), 2)] private readonly ResidualConv block2;
                    [With(nameof(ResidualConv.Dilation), 4)] private readonly ResidualConv block3;
                    [LastStep] [Linear(32, 8)] private readonly Linear head;
                }
                """,
        }, properties: "<AnalysisMode>All</AnalysisMode><TreatWarningsAsErrors>true</TreatWarningsAsErrors>");

        Assert.True(build.ExitCode == 0 && build.Diagnostics.Length == 0, "the strict build failed or warned:\n" + string.Join("\n", build.Diagnostics) + "\n\n" + build.Log);
        string[] ca2213 = JsonDocument.Parse(build.Sarif).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(result => result.GetProperty("ruleId").GetString() == "CA2213")
            .Select(result => result.GetProperty("message").GetProperty("text").GetString()!).ToArray();
        // CA2213 fired on the block fields of the model and the layer fields of the block, and was suppressed (else the build failed above).
        Assert.Contains(ca2213, message => message.StartsWith("'DilatedTcn' contains field 'block1'", StringComparison.Ordinal));
        Assert.Contains(ca2213, message => message.StartsWith("'ResidualConv' contains field 'conv1'", StringComparison.Ordinal));
    }
}
