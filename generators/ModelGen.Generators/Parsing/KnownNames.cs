namespace ModelGen.Generators.Parsing;

/// <summary>Metadata and display names the parser and analyzers look for, other than the layer attributes (<see cref="Layers.LayerKinds"/>).</summary>
internal static class KnownNames
{
    public static readonly string ModelAttribute = typeof(ModelGen.ModelAttribute).FullName!;
    public static readonly string LastStepAttribute = typeof(ModelGen.LastStepAttribute).FullName!;
    public static readonly string StepAttribute = typeof(ModelGen.StepAttribute).FullName!;
    public static readonly string FromAttribute = typeof(ModelGen.FromAttribute).FullName!;
    public static readonly string WithAttribute = typeof(ModelGen.WithAttribute).FullName!;
    public static readonly string BlockAttribute = typeof(ModelGen.BlockAttribute).FullName!;
    public static readonly string ShapeAttribute = typeof(ModelGen.ShapeAttribute).FullName!;
    public static readonly string CategoricalAttribute = typeof(ModelGen.CategoricalAttribute).FullName!;
    public const string ModuleBase = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";
    public const string ModuleBaseMetadata = "TorchSharp.torch+nn+Module`2";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string Stream = "System.IO.Stream";
    public const string TrainingRecord = "ModelGen.Forecasting.TrainingRecord";
    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    /// <summary>The tool name the generator writes into <c>[GeneratedCode]</c>, to tell its members from the user's.</summary>
    public const string Tool = "ModelGen";
}
