namespace ModelGen.Generators.Diagnostics;

/// <summary>Keys of the properties MG1001 carries for the code fixes (set only when a rewrite applies).</summary>
public static class FixPropertyNames
{
    /// <summary>The autoregressive decoder's state size: the head Linear's input features.</summary>
    public const string HiddenSize = "ModelGen.HiddenSize";

    /// <summary>Values per output step.</summary>
    public const string OutFeatures = "ModelGen.OutFeatures";

    /// <summary>Output steps.</summary>
    public const string Horizon = "ModelGen.Horizon";
}
