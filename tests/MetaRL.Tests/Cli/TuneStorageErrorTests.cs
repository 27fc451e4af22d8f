using MetaRL.Cli;
using MetaRL.Tests.Tuning;
using Microsoft.Data.Sqlite;

namespace MetaRL.Tests.Cli;

/// <summary><c>tune</c> and <c>tune show</c> on a study file that is damaged, foreign or missing: one line naming it, exit 2.</summary>
public sealed class TuneStorageErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-tune-damage-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertClearError((int Code, string Out, string Err) result, string path, string expected)
    {
        Assert.Equal(2, result.Code);
        Assert.Contains(path, result.Err, StringComparison.Ordinal);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.DoesNotContain("0 trials", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("holds no study", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SqliteDamageTests.Damage), MemberType = typeof(SqliteDamageTests))]
    public void Tune_and_tune_show_on_a_damaged_study_file_exit_2_naming_it(string kind)
    {
        string path = Path.Combine(_dir, kind + ".db");
        SqliteDamageTests.Apply(kind, path);
        string expected = kind is "garbage" or "text" ? "is not a study file" : "is damaged";

        AssertClearError(Run("tune", "show", "--storage", $"sqlite:{path}"), path, expected);
        AssertClearError(Run("tune", "--objective", "branin", "--trials", "3", "--storage", $"sqlite:{path}"), path, expected);
        AssertClearError(Run("tune", "--objective", "branin", "--trials", "3", "--workers", "2", "--storage", $"sqlite:{path}"), path, expected);
    }

    [Fact]
    public void Tune_show_on_a_missing_file_or_a_folder_and_tune_on_a_folder_exit_2_naming_it()
    {
        string missing = Path.Combine(_dir, "nope.db");
        var (code, _, err) = Run("tune", "show", "--storage", $"sqlite:{missing}");
        Assert.Equal(2, code);
        Assert.Contains("No study file at", err, StringComparison.Ordinal);
        Assert.Contains("nope.db", err, StringComparison.Ordinal);
        Assert.False(File.Exists(missing), "show creates nothing");

        var (showDir, _, dirErr) = Run("tune", "show", "--storage", $"sqlite:{_dir}");
        Assert.Equal(2, showDir);
        Assert.Contains(_dir, dirErr, StringComparison.Ordinal);

        var (tuneDir, _, tuneErr) = Run("tune", "--objective", "branin", "--trials", "2", "--storage", $"sqlite:{_dir}");
        Assert.Equal(2, tuneDir);
        Assert.Contains(_dir, tuneErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", tuneErr, StringComparison.Ordinal);
    }
}
