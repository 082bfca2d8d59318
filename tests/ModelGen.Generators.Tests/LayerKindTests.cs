using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Generators.Core;
using ModelGen.Generators.Layers;
using ModelGen.Generators.Parsing;
using ModelGen.Generators.Tests.Infrastructure;

namespace ModelGen.Generators.Tests;

/// <summary>
/// The set of layer kinds (<see cref="LayerKinds.All"/>) against the runtime's attributes and the tests:
/// a kind without its attribute, its catalogue model or its PyTorch check fails here.
/// </summary>
public class LayerKindTests
{
    // Names, not nameof: this project sees the attribute classes twice (the runtime, and the copy compiled into the generator).
    private static readonly string[] NotLayers =
        ["ModelAttribute", "LastStepAttribute", "StepAttribute", "FromAttribute", "WithAttribute", "BlockAttribute", "ShapeAttribute", "CategoricalAttribute"];

    public static TheoryData<string> Kinds() => new(LayerKinds.All.Select(k => k.AttributeType.Name));

    [Fact]
    public void Every_layer_attribute_of_the_runtime_has_exactly_one_kind()
    {
        // The runtime's own assembly, not the copy compiled into the generator.
        string[] runtime = typeof(ModelSummary).Assembly.GetExportedTypes()
            .Where(t => typeof(Attribute).IsAssignableFrom(t) && !t.IsAbstract && !NotLayers.Contains(t.Name))
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(runtime, LayerKinds.All.Select(k => k.AttributeType.FullName!).Order(StringComparer.Ordinal));
        Assert.True(runtime.Length >= 15, "the runtime's attributes were not found");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Constructor_arguments_are_named_after_the_properties_that_keep_them(string attribute)
    {
        Type type = Kind(attribute).AttributeType;

        foreach (ParameterInfo parameter in type.GetConstructors().SelectMany(c => c.GetParameters()))
        {
            PropertyInfo? property = type.GetProperties().SingleOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            Assert.True(property is not null, $"{attribute}: constructor parameter '{parameter.Name}' has no property of that name");
            Assert.Equal(parameter.Name, AttributeNames.Argument(type, property.Name));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_reads_its_attribute_into_a_spec_that_names_real_types(string attribute)
    {
        LayerSpec spec = SomeSpec(Kind(attribute));

        Assert.Equal(attribute, spec.AttributeType.Name);
        Assert.Equal(AttributeNames.Short(attribute), spec.AttributeName);
        // The field type exists: TorchSharp's module, or one of ModelGen's heads.
        Type? field = typeof(TorchSharp.torch).Assembly.GetType(spec.FieldType) ?? typeof(ModelSummary).Assembly.GetType(spec.FieldType);
        Assert.True(field is not null, $"{attribute}: field type {spec.FieldType} does not exist");
        Assert.False(string.IsNullOrWhiteSpace(spec.TorchinfoName));
        Assert.False(string.IsNullOrWhiteSpace(spec.MessageName));
        // Traits that go together.
        Assert.False(spec.Has(LayerTraits.NeedsSequence) && spec.Has(LayerTraits.NeedsVector));
        if (spec.DecodesStepByStep) Assert.True(spec.Has(LayerTraits.MapsFeatures | LayerTraits.NeedsVector), attribute);
        if (spec.Has(LayerTraits.Recurrent)) Assert.True(spec.Has(LayerTraits.MapsFeatures | LayerTraits.MixesSteps | LayerTraits.NeedsSequence), attribute);
        // A kind that may be frozen says so in its attribute, and reads it.
        bool freezable = spec.AttributeType.GetProperty("Frozen") is not null;
        if (freezable) Assert.True(SomeSpec(Kind(attribute), frozen: true).Frozen, $"{attribute}: Frozen = true is not read");
    }

    [Fact]
    public void The_catalogue_declares_every_kind_and_sets_every_option()
    {
        // (attribute, named argument) pairs, as written in tests/Fixtures/Catalogue/*.cs.
        var used = new HashSet<(string Attribute, string Argument)>();
        foreach (string file in CatalogueFiles())
        {
            foreach (AttributeSyntax attribute in CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot().DescendantNodes().OfType<AttributeSyntax>())
            {
                string name = attribute.Name.ToString();
                used.Add((name, ""));
                foreach (AttributeArgumentSyntax argument in attribute.ArgumentList?.Arguments ?? default)
                {
                    if (argument.NameEquals is { } named) used.Add((name, named.Name.Identifier.ValueText));
                }
            }
        }

        var missing = new List<string>();
        foreach (LayerKind kind in LayerKinds.All)
        {
            string name = AttributeNames.Short(kind.AttributeType);
            if (!used.Contains((name, ""))) missing.Add($"[{name}]");
            // An option declared on a shared base class (the recurrent layers') counts once for all that share it.
            foreach (PropertyInfo option in kind.AttributeType.GetProperties().Where(p => p.SetMethod is { IsPublic: true }))
            {
                bool set = LayerKinds.All.Any(other => option.DeclaringType!.IsAssignableFrom(other.AttributeType)
                                                       && used.Contains((AttributeNames.Short(other.AttributeType), option.Name)));
                if (!set) missing.Add($"{option.DeclaringType!.Name}.{option.Name}");
            }
        }
        Assert.True(missing.Count == 0, "no catalogue model declares: " + string.Join(", ", missing.Distinct()));
    }

    public static TheoryData<string> CatalogueModels() => new(CatalogueFiles().Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(CatalogueModels))]
    public void Planned_parameters_are_PyTorchs_for_every_layer_of_every_catalogue_model(string name)
    {
        ModelPlan plan = Plan(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogue", name + ".cs")));
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogue", name + ".json")));
        // PyTorch's named_parameters(), summed by top-level module (the layer's field).
        var pytorch = fixture.RootElement.GetProperty("parameters").EnumerateArray()
            .GroupBy(p => p.GetProperty("name").GetString()!.Split('.')[0])
            .ToDictionary(g => g.Key, g => (All: g.Sum(p => p.GetProperty("numel").GetInt64()),
                                             Trainable: g.Where(p => p.GetProperty("requires_grad").GetBoolean()).Sum(p => p.GetProperty("numel").GetInt64())));

        Assert.True(plan.IsValid, string.Join("; ", plan.Findings));
        foreach (LayerPlan layer in plan.Layers)
            Assert.Equal(pytorch.GetValueOrDefault(layer.Name), (layer.Parameters, layer.TrainableParameters));
        Assert.Equal(pytorch.Keys.Order(StringComparer.Ordinal), plan.Layers.Where(l => l.Parameters > 0).Select(l => l.Name).Order(StringComparer.Ordinal));
    }

    private static LayerKind Kind(string attribute) => LayerKinds.All.Single(k => k.AttributeType.Name == attribute);

    /// <summary>A spec from an attribute built with every size 2 (and every probability 0.5).</summary>
    private static LayerSpec SomeSpec(LayerKind kind, bool frozen = false)
    {
        ConstructorInfo constructor = kind.AttributeType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        object?[] arguments = constructor.GetParameters().Select(p => p.ParameterType == typeof(double) ? 0.5 : (object)2).ToArray();
        var attribute = (Attribute)constructor.Invoke(arguments);
        if (frozen) kind.AttributeType.GetProperty("Frozen")!.SetValue(attribute, true);
        return kind.Read(attribute);
    }

    private static IEnumerable<string> CatalogueFiles() => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Catalogue"), "*.cs");

    /// <summary>The plan the generator makes for the one [Model] class in <paramref name="source"/>.</summary>
    private static ModelPlan Plan(string source)
    {
        CSharpCompilation compilation = TestCompilation.Create(source);
        INamedTypeSymbol type = compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Select(c => compilation.GetSemanticModel(c.SyntaxTree).GetDeclaredSymbol(c)!)
            .Single(t => t.GetAttributes().Any(a => a.AttributeClass?.Name == "ModelAttribute"));
        return ModelPlanner.Plan(ModelParser.Parse(type, compilation, default));
    }
}
