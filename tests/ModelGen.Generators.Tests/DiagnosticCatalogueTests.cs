using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Generators.Diagnostics;

namespace ModelGen.Generators.Tests;

public class DiagnosticCatalogueTests
{
    private static readonly DiagnosticDescriptor[] All =
        new ModelAnalyzer().SupportedDiagnostics.ToArray();

    public static TheoryData<string> Ids() => new(All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_has_a_help_page_and_a_link_to_it(string id)
    {
        DiagnosticDescriptor descriptor = All.Single(d => d.Id == id);
        string page = Path.Combine(RepoRoot(), "docs", "diagnostics", id + ".md");

        Assert.True(File.Exists(page), $"missing help page {page}");
        Assert.StartsWith($"# {id}: ", File.ReadAllText(page));
        // No public address yet: no link that would lead nowhere, and the message names the page.
        Assert.Equal("", descriptor.HelpLinkUri);
        Assert.Contains($"docs/diagnostics/{id}.md", descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("https://example.org/modelgen/", "https://example.org/modelgen/blob/main/docs/diagnostics/MG0001.md")]
    public void A_repository_address_turns_the_help_links_on(string? repository, string? link)
    {
        string? baseUrl = Descriptors.HelpLinkBaseFor(repository);

        Assert.Equal(link, baseUrl is null ? null : baseUrl + Descriptors.Page("MG0001"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_diagnostic_is_tracked_in_the_analyzer_release_files(string id)
    {
        string generators = Path.Combine(RepoRoot(), "generators", "ModelGen.Generators");
        string tracked = File.ReadAllText(Path.Combine(generators, "AnalyzerReleases.Shipped.md"))
                       + File.ReadAllText(Path.Combine(generators, "AnalyzerReleases.Unshipped.md"));

        Assert.Contains($"{id} | ", tracked);
    }

    [Fact]
    public void Ids_are_unique_and_errors_are_MG0_warnings_MG1()
    {
        Assert.Equal(All.Length, All.Select(d => d.Id).Distinct().Count());
        Assert.All(All, d => Assert.Equal(d.Id.StartsWith("MG0", StringComparison.Ordinal) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, d.DefaultSeverity));
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ModelGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("ModelGen.sln not found above " + AppContext.BaseDirectory);
    }
}
