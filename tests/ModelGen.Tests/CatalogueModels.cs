using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Tests;

/// <summary>
/// The catalogue models (tests/Fixtures/Catalogue/*.cs, compiled into this project), found by reflection
/// so that a model added there is tested everywhere with no list to update.
/// </summary>
internal static class CatalogueModels
{
    private static readonly Dictionary<string, Type> Types = typeof(CatalogueModels).Assembly.GetTypes()
        .Where(t => t.Namespace == "ModelGen.Catalogue" && t.GetCustomAttribute<ModelAttribute>() is not null)
        .ToDictionary(t => t.Name);

    /// <summary>Every catalogue model's class name, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = Types.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    public static nn.Module Create(string name) => ModelRunner.Create(Types[name]);

    /// <summary>The model's class.</summary>
    public static Type TypeOf(string name) => Types[name];

    /// <summary>The generated static <c>Summary(batchSize)</c>.</summary>
    public static ModelSummary Summary(string name, int batchSize) => ModelRunner.Summary(Types[name], batchSize);
}
