using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MetaRL.Tests.Packaging;

/// <summary>What the packages promise (docs/packaging.md): a public API list per library, no public surface in the tool
/// or the kernels, samples that take the packages by version.</summary>
public sealed class PackagingTests
{
    private static IEnumerable<string> LibraryProjects() =>
        Directory.GetFiles(RepoPaths.Of("src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !File.ReadAllText(p).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal));

    [Fact]
    public void Every_library_project_lists_its_public_api_in_shipped_and_unshipped_files()
    {
        var libraries = LibraryProjects().ToArray();
        Assert.Contains(libraries, p => p.EndsWith("MetaRL.Core.csproj", StringComparison.Ordinal));
        foreach (var project in libraries)
        {
            var dir = Path.GetDirectoryName(project)!;
            foreach (var name in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
            {
                var path = Path.Combine(dir, name);
                Assert.True(File.Exists(path), $"{path} is missing: run .ci/update-public-api.sh");
                Assert.Equal("#nullable enable", File.ReadLines(path).First());
            }
        }
    }

    [Fact]
    public void The_tool_and_the_kernels_have_no_public_types()
    {
        Assert.Empty(typeof(MetaRL.Cli.CliApp).Assembly.GetExportedTypes());
        var core = typeof(MetaRL.Tensors.Tensor).Assembly.GetExportedTypes();
        Assert.NotEmpty(core);
        Assert.DoesNotContain(core, t => t.Namespace == "MetaRL.Kernels");
    }

    [Fact]
    public void Samples_reference_the_packages_by_version_never_by_project()
    {
        var samples = Directory.GetFiles(RepoPaths.Of("samples"), "Sample.*.csproj", SearchOption.AllDirectories);
        Assert.Equal(4, samples.Length);
        foreach (var sample in samples)
        {
            var xml = XDocument.Load(sample);
            Assert.Empty(xml.Descendants("ProjectReference"));
            var packages = xml.Descendants("PackageReference").Where(e => ((string?)e.Attribute("Include"))?.StartsWith("MetaRL.", StringComparison.Ordinal) == true).ToArray();
            Assert.NotEmpty(packages);
            Assert.All(packages, p => Assert.Equal("$(MetaRLVersion)", (string?)p.Attribute("Version")));
        }
        // The version they take is the one every package is built with.
        var version = Regex.Match(File.ReadAllText(RepoPaths.Of("Version.props")), "<MetaRLVersion>([^<]+)</MetaRLVersion>");
        Assert.True(version.Success);
        Assert.Contains("<Version>$(MetaRLVersion)</Version>", File.ReadAllText(RepoPaths.Of("Directory.Build.props")), StringComparison.Ordinal);
    }
}
