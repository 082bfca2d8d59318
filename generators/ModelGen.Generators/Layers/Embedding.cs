using System;
using ModelGen.Generators.Core;
using ModelGen.Generators.Emit;
using static ModelGen.Generators.Emit.OnnxForward;
using static ModelGen.Generators.Core.Format;

namespace ModelGen.Generators.Layers;

/// <summary>
/// <c>[Embedding(numEmbeddings, embeddingDim)]</c>: PyTorch's <c>nn.Embedding</c>, a learned vector per category.
/// It reads a categorical input (int64, one category per sample, <c>[]</c> per sample) and emits <c>[embeddingDim]</c>.
/// </summary>
internal sealed record EmbeddingSpec(int NumEmbeddings, int EmbeddingDim) : LayerSpec
{
    public override Type AttributeType => typeof(EmbeddingAttribute);

    public override string TorchinfoName => "Embedding";

    public override string MessageName => "Embedding";

    public override string FieldType => "TorchSharp.Modules.Embedding";

    public override LayerTraits Traits => LayerTraits.MapsFeatures | LayerTraits.ReadsCategories;

    public override HeadStrategy? Decoding => null;

    public long CountParameters() => checked((long)NumEmbeddings * EmbeddingDim);

    public override bool CheckArguments(LayerContext c) =>
        c.Size(nameof(EmbeddingAttribute.NumEmbeddings), NumEmbeddings) & c.Size(nameof(EmbeddingAttribute.EmbeddingDim), EmbeddingDim);

    public override LayerPlan? Plan(LayerContext c, EquatableArray<int> input)
    {
        if (c.InputCategories is int categories && categories > NumEmbeddings)
        {
            c.Report(DiagnosticIds.CategoricalMismatch, Target.LayerArgument(c.Index, c.Argument(nameof(EmbeddingAttribute.NumEmbeddings))), c.Name,
                $"has numEmbeddings = {Count(NumEmbeddings)}, a row per category, but reads {c.From}, which has {Count(categories)} categories (0 to {Count(categories - 1)})",
                $"numEmbeddings = {Count(categories)} or more");
            return null;
        }
        var output = LayerContext.Shape([.. input, EmbeddingDim]);
        long parameters = CountParameters();
        // torchinfo: a weight's parameters × every output dimension but the last (the batch), as for Linear.
        long positions = 1;
        for (int i = 0; i < output.Count - 1; i++) positions = checked(positions * output[i]);
        return c.Result(input, output, parameters, checked(parameters * positions));
    }

    public override string Describe() => $"Embedding({NumEmbeddings}→{EmbeddingDim})" + (Frozen ? " (frozen)" : "");

    public override string[] TorchSharpSetup() => [];

    public override string TorchSharpFactory() =>
        $"{TorchSharpNames.Nn}.Embedding(num_embeddings: {Integer(NumEmbeddings)}L, embedding_dims: {Integer(EmbeddingDim)}L)";

    public override void WriteTorchSharpForward(TorchSharpForward f) => f.Call();

    public override void WriteOnnx(OnnxForward f)
    {
        f.Comment($"{f.Path}: ONNX Gather of the table's rows by category id.");
        f.Assign(Node("Gather", $"{f.Weight("weight", "weight")}, {Value}", Int("axis", 0)));
    }

    public override string PyTorchConstructor() => $"nn.Embedding({Integer(NumEmbeddings)}, {Integer(EmbeddingDim)})";

    public override string[] PyTorchDefinitions() => [];

    public override void WritePyTorchForward(PyTorchForward f) => f.Call();
}

internal sealed class EmbeddingKind : LayerKind<EmbeddingAttribute>
{
    protected override LayerSpec Read(EmbeddingAttribute a) => new EmbeddingSpec(a.NumEmbeddings, a.EmbeddingDim) { Frozen = a.Frozen };
}
