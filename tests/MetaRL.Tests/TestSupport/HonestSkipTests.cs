using System.Text.RegularExpressions;

namespace MetaRL.Tests;

/// <summary>
/// A test that cannot run here (no PostgreSQL, no Chromium) must be reported as skipped with its reason, not
/// return early and count as passed: no test source may print its own "SKIPPED" note, and a test that calls
/// <c>Skip.If</c> is a <c>[SkippableFact]</c> (a plain <c>[Fact]</c> would report the skip as a failure).
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
    public void Tests_that_skip_at_run_time_are_declared_skippable()
    {
        // Each test's text runs from its attribute to the next test attribute; a plain [Fact] there may not skip.
        var skipping = Sources().Where(f => SkipCall().IsMatch(File.ReadAllText(f))).ToList();
        Assert.NotEmpty(skipping);
        foreach (var file in skipping)
        {
            var text = File.ReadAllText(file);
            var starts = TestAttribute().Matches(text).Select(m => m.Index).Append(text.Length).ToList();
            for (int i = 0; i + 1 < starts.Count; i++)
            {
                string test = text[starts[i]..starts[i + 1]];
                Assert.False(PlainFact().IsMatch(test) && SkipCall().IsMatch(test), $"{file}: a plain [Fact] calls Skip.* at offset {starts[i]}");
            }
        }
    }

    [GeneratedRegex(@"\[(Fact|Theory|SkippableFact|SkippableTheory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"\bSkip\.If(Not)?\(")]
    private static partial Regex SkipCall();

    [GeneratedRegex(@"^\s*\[Fact\b")]
    private static partial Regex PlainFact();
}
