namespace ModelGen.Generators.Parsing;

/// <summary>Metadata and display names the parser and analyzers look for.</summary>
internal static class KnownNames
{
    public const string ModelAttribute = "ModelGen.ModelAttribute";
    public const string GruAttribute = "ModelGen.GruAttribute";
    public const string LstmAttribute = "ModelGen.LstmAttribute";
    public const string RnnAttribute = "ModelGen.RnnAttribute";
    public const string LinearAttribute = "ModelGen.LinearAttribute";
    public const string Conv1dAttribute = "ModelGen.Conv1dAttribute";
    public const string LayerNormAttribute = "ModelGen.LayerNormAttribute";
    public const string DropoutAttribute = "ModelGen.DropoutAttribute";
    public const string ReLUAttribute = "ModelGen.ReLUAttribute";
    public const string TanhAttribute = "ModelGen.TanhAttribute";
    public const string GELUAttribute = "ModelGen.GELUAttribute";
    public const string SigmoidAttribute = "ModelGen.SigmoidAttribute";
    public const string FlattenAttribute = "ModelGen.FlattenAttribute";
    public const string AutoregressiveGruAttribute = "ModelGen.AutoregressiveGruAttribute";
    public const string DirRecAttribute = "ModelGen.DirRecAttribute";
    public const string LastStepAttribute = "ModelGen.LastStepAttribute";
    public const string StepAttribute = "ModelGen.StepAttribute";
    public const string ModuleBase = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";
    public const string ModuleBaseMetadata = "TorchSharp.torch+nn+Module`2";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string GeneratedCodeAttribute = "System.CodeDom.Compiler.GeneratedCodeAttribute";

    /// <summary>The tool name the generator writes into <c>[GeneratedCode]</c>, to tell its members from the user's.</summary>
    public const string Tool = "ModelGen";
}
