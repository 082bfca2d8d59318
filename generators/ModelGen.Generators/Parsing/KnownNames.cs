namespace ModelGen.Generators.Parsing;

/// <summary>Metadata and display names the parser and analyzers look for.</summary>
internal static class KnownNames
{
    public const string ModelAttribute = "ModelGen.ModelAttribute";
    public const string GruAttribute = "ModelGen.GruAttribute";
    public const string LinearAttribute = "ModelGen.LinearAttribute";
    public const string LastStepAttribute = "ModelGen.LastStepAttribute";
    public const string ModuleBase = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    /// <summary>The tool name the generator writes into <c>[GeneratedCode]</c>, to tell its members from the user's.</summary>
    public const string Tool = "ModelGen";
}
