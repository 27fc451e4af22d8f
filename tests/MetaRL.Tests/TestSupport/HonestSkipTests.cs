using System.Text.RegularExpressions;

namespace MetaRL.Tests;

/// <summary>
/// A test that cannot run here (no PostgreSQL, no Chromium) must be reported as skipped with its reason, not
/// return early and count as passed: no test source may print its own "SKIPPED" note, and a file that calls
/// <c>Skip.If</c> has no plain <c>[Fact]</c> (one would report the skip as a failure); its theories take no skipping path.
/// </summary>
public sealed partial class HonestSkipTests
{
    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(RepoPaths.Of("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.EndsWith(nameof(HonestSkipTests) + ".cs", StringComparison.Ordinal));

    [Fact]
    public void No_test_reports_a_skip_by_printing_and_returning()
    {
        var offenders = Sources().Where(f => File.ReadAllText(f).Contains("\"SKIPPED", StringComparison.Ordinal)).ToList();
        Assert.True(offenders.Count == 0, "print-and-return skips in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Files_that_skip_at_run_time_declare_every_test_skippable()
    {
        var skipping = Sources().Where(f => SkipCall().IsMatch(File.ReadAllText(f))).ToList();
        Assert.NotEmpty(skipping);
        foreach (var file in skipping)
        {
            Assert.False(PlainFact().IsMatch(File.ReadAllText(file)), $"{file} calls Skip.* but has a plain [Fact]");
        }
    }

    [GeneratedRegex(@"\bSkip\.If(Not)?\(")]
    private static partial Regex SkipCall();

    [GeneratedRegex(@"\[Fact\b")]
    private static partial Regex PlainFact();
}
