namespace ModelGen.Tests;

/// <summary>
/// Tests whose assertions depend on the sequence of TorchSharp's global random generator (<c>manual_seed</c>, then a
/// model's initial weights and its training's dropout): xUnit runs test classes in parallel, and another class drawing
/// from the same generator in between would change that sequence. This collection runs on its own, after the others.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomState
{
    public const string Name = "TorchSharp's global random generator";
}
