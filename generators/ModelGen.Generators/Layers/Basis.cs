using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[TrendBasis(degree, length)]</c> and <c>[SeasonalityBasis(length)]</c>: N-BEATS's fixed bases (the runtime's
/// <c>ModelGen.Basis</c>, one never-trained parameter <c>basis</c> <c>[coefficients, length]</c>), a vector of expansion
/// coefficients times the basis.
/// </summary>
internal sealed record BasisSpec(bool Seasonal, int Degree, int Length) : LayerSpec
{
    public override Type AttributeType => Seasonal ? typeof(SeasonalityBasisAttribute) : typeof(TrendBasisAttribute);

    public override string TorchinfoName => Seasonal ? "SeasonalityBasis" : "TrendBasis";

    public override string MessageName => TorchinfoName;

    public override string FieldType => "ModelGen.Basis";

    public override LayerTraits Traits => LayerTraits.MapsFeatures;

    public override HeadStrategy? Decoding => null;

    /// <summary>The coefficients the basis reads: degree + 1, or 2·⌊length / 2 − 1⌋ + 1 (darts' counts).</summary>
    private int Coefficients => Seasonal ? 2 * Harmonics + 1 : Degree + 1;

    private int Harmonics => (int)(Length / 2.0 - 1);

    public override bool CheckArguments(LayerContext c) =>
        (Seasonal || c.Range(nameof(TrendBasisAttribute.Degree), Degree, 0, 32, "a polynomial degree from 0 to 32"))
        & c.Size(Seasonal ? nameof(SeasonalityBasisAttribute.Length) : nameof(TrendBasisAttribute.Length), Length);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (input.Count != 1)
        {
            c.InvalidLayer("its input", $"is {(c.From.Length > 0 ? c.From : Shape(input))}",
                $"a vector of {Count(Coefficients)} expansion coefficients per sample (a [Linear] to them before it)");
            return null;
        }
        if (input[0] != Coefficients)
        {
            if (!Seasonal) c.Mismatch(nameof(TrendBasisAttribute.Degree), Degree, input[0] - 1);
            else
                c.InvalidLayer("its input", $"is {c.From}",
                    $"[{Count(Coefficients)}]: a seasonality basis over {Count(Length)} values reads 2·{Count(Harmonics)} + 1 coefficients (a constant, {Count(Harmonics)} cosines, {Count(Harmonics)} sines)");
            return null;
        }
        // torchinfo counts mult-adds only for parameters named weight or bias: none for the basis, as here.
        return c.Result(input, LayerContext.Shape(Length), checked((long)Coefficients * Length), 0);
    }

    public override string Describe() =>
        Seasonal ? $"seasonality basis({Coefficients}→{Length}, {Harmonics} harmonics)" : $"trend basis(degree {Degree}, {Coefficients}→{Length})";

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        Seasonal ? $"global::ModelGen.Basis.Seasonality(length: {Integer(Length)})" : $"global::ModelGen.Basis.Trend(degree: {Integer(Degree)}, length: {Integer(Length)})";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: the coefficients times the fixed {(Seasonal ? "Fourier" : "polynomial")} basis, one MatMul.");
        f.Assign(Node("MatMul", $"{Value}, {f.Weight("basis", "basis")}"));
    }

    public override string PyTorchConstructor() => Seasonal ? $"SeasonalityBasis({Integer(Length)})" : $"TrendBasis({Integer(Degree)}, {Integer(Length)})";

    /// <summary>The basis classes, computed as darts' _TrendGenerator and _SeasonalityGenerator compute them.</summary>
    public override string[] PyTorchDefinitions() => Seasonal ?
    [
        string.Join("\n",
            "class SeasonalityBasis(nn.Module):",
            "    \"\"\"N-BEATS's Fourier basis (darts' _SeasonalityGenerator): a constant, then cosines and sines of frequencies 1 ... int(length / 2 - 1); never trained.\"\"\"",
            "",
            "    def __init__(self, length):",
            "        super().__init__()",
            "        t, pi = torch.arange(length) / length, 3.141592653589793",
            "        harmonics = range(1, int(length / 2 - 1) + 1)",
            "        rows = [torch.ones(length)] + [torch.cos(t * 2 * pi * i) for i in harmonics] + [torch.sin(t * 2 * pi * i) for i in harmonics]",
            "        self.basis = nn.Parameter(torch.stack(rows), requires_grad=False)",
            "",
            "    def forward(self, x):",
            "        return torch.matmul(x, self.basis)"),
    ] :
    [
        string.Join("\n",
            "class TrendBasis(nn.Module):",
            "    \"\"\"N-BEATS's polynomial basis (darts' _TrendGenerator): row i is (t / length) ** i; never trained.\"\"\"",
            "",
            "    def __init__(self, degree, length):",
            "        super().__init__()",
            "        t = torch.arange(length) / length",
            "        self.basis = nn.Parameter(torch.stack([t ** i for i in range(degree + 1)]), requires_grad=False)",
            "",
            "    def forward(self, x):",
            "        return torch.matmul(x, self.basis)"),
    ];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class TrendBasisKind : LayerKind<TrendBasisAttribute>
{
    protected override LayerSpec Read(TrendBasisAttribute a) => new BasisSpec(false, a.Degree, a.Length) { Frozen = true };
}

internal sealed class SeasonalityBasisKind : LayerKind<SeasonalityBasisAttribute>
{
    protected override LayerSpec Read(SeasonalityBasisAttribute a) => new BasisSpec(true, 0, a.Length) { Frozen = true };
}
