using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Tuning;

namespace MetaRL.Tests.Cli;

public sealed class TuneCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-tune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Unreachable_postgres_storage_error_does_not_print_the_password()
    {
        var (code, _, err) = Run("tune", "--objective", "sphere:2", "--trials", "1",
            "--storage", "postgres:Host=127.0.0.1;Port=1;Database=x;Username=u;Password=s3cret;Timeout=2");
        Assert.Equal(2, code);
        Assert.Contains("Cannot open study storage", err, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Interrupted_tune_stops_between_trials_keeps_the_study_and_a_rerun_finishes_it()
    {
        string db = Path.Combine(_dir, "cancel.db");
        // 150 ms a trial: 40 trials take 6 s, so the 400 ms cancel lands mid-study even when a loaded machine (the full
        // suite on 2 cores) fires its timer seconds late; at 50 ms a trial a late timer let the whole study finish.
        var settings = new TuneSettings(new Sphere(2), "sphere:2", "random", 40, 1, $"sqlite:{db}", "cancel", null, 150, 1.0, null, 0);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        var error = new StringWriter();
        Assert.Equal(TuneRunner.InterruptedExitCode, TuneRunner.Run(settings, 1, json: false, new StringWriter(), error, cancel.Token));
        Assert.Contains("rerun the same command to continue", error.ToString(), StringComparison.Ordinal);
        using (var store = new SqliteStorage(db))
        {
            var trials = store.GetAllTrials(store.FindStudy("cancel")!.Id);
            Assert.InRange(trials.Count, 1, 39);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        }
        Assert.Equal(0, TuneRunner.Run(settings, 1, json: false, new StringWriter(), new StringWriter()));
        using (var store = new SqliteStorage(db))
        {
            var trials = store.GetAllTrials(store.FindStudy("cancel")!.Id);
            Assert.Equal(40, trials.Count);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        }
    }

    [Fact]
    public void Storage_can_come_from_an_environment_variable()
    {
        string db = Path.Combine(_dir, "env.db");
        const string name = "METARL_TEST_TUNE_STORAGE_ENV";
        Environment.SetEnvironmentVariable(name, $"sqlite:{db}");
        try
        {
            var (code, _, _) = Run("tune", "--objective", "sphere:2", "--trials", "4", "--storage", $"env:{name}", "--study", "env");
            Assert.Equal(0, code);
            var (showCode, shown, _) = Run("tune", "show", "--storage", $"env:{name}");
            Assert.Equal(0, showCode);
            Assert.Equal(4, shown.Split('\n').Count(l => l.Contains("complete", StringComparison.Ordinal)));
        }
        finally { Environment.SetEnvironmentVariable(name, null); }
    }

    [Fact]
    public void Tune_json_prints_the_best_value_params_and_trial_count()
    {
        var (code, output, _) = Run("tune", "--objective", "branin", "--sampler", "tpe", "--trials", "30", "--seed", "3", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(30, root.GetProperty("n_trials").GetInt32());
        double best = root.GetProperty("best_value").GetDouble();
        var p = root.GetProperty("best_params");
        Assert.Equal(best, new Branin().Value([p.GetProperty("x0").GetDouble(), p.GetProperty("x1").GetDouble()]), 9);
        Assert.True(best < 5, $"30 TPE trials on Branin should get below 5 (got {best})");
    }

    [Theory]
    [InlineData("--objective", "sphere", "Objective 'sphere' needs a dimension")]
    [InlineData("--objective", "ackley:3", "Unknown objective")]
    [InlineData("--sampler", "grid", "Unknown sampler")]
    [InlineData("--workers", "2", "needs --storage sqlite:PATH")]
    [InlineData("--workers", "100000", "more than this machine's limit")]
    [InlineData("--workers", "0", "--workers must be at least 1")]
    [InlineData("--storage", "postgres://x", "Unsupported --storage")]
    [InlineData("--objective", "study.yaml", "does not exist")]
    [InlineData("--storage", "env:METARL_TEST_NEVER_SET_7F3A", "METARL_TEST_NEVER_SET_7F3A is not set")]
    public void Bad_tune_input_exits_2_with_one_clear_line(string option, string value, string expected)
    {
        var args = new List<string> { "tune", "--objective", "sphere:2", "--trials", "3" };
        int i = args.IndexOf(option);
        if (i >= 0) { args[i + 1] = value; } else { args.AddRange([option, value]); }
        var (code, _, error) = Run([.. args]);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tune_help_states_the_worker_limit_and_a_run_above_it_names_the_limit()
    {
        var (code, help, _) = Run("tune", "--help");
        Assert.Equal(0, code);
        Assert.Contains("at most 4 per processor and 64 in all", help, StringComparison.Ordinal);
        Assert.Contains($"({TuneRunner.MaxWorkers} on this machine)", help, StringComparison.Ordinal);
        var (over, _, error) = Run("tune", "--objective", "sphere:2", "--workers", (TuneRunner.MaxWorkers + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--storage", $"sqlite:{Path.Combine(_dir, "w.db")}");
        Assert.Equal(2, over);
        Assert.Contains($"limit of {TuneRunner.MaxWorkers} worker processes", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "w.db")), "nothing is started or written above the limit");
        Assert.Equal(TuneRunner.MaxWorkers, Math.Min(64, 4 * Environment.ProcessorCount));
    }

    [Fact]
    public void Tune_show_prints_every_stored_trial_and_the_best()
    {
        string db = Path.Combine(_dir, "show.db");
        var (code, output, _) = Run("tune", "--objective", "sphere:2", "--sampler", "random", "--trials", "12", "--storage", $"sqlite:{db}", "--study", "demo");
        Assert.Equal(0, code);
        Assert.Contains("Best value", output, StringComparison.Ordinal);
        var (showCode, shown, _) = Run("tune", "show", "--storage", $"sqlite:{db}");
        Assert.Equal(0, showCode);
        Assert.Contains("Study 'demo'", shown, StringComparison.Ordinal);
        Assert.Equal(12, shown.Split('\n').Count(l => l.Contains("complete", StringComparison.Ordinal)));
        Assert.Contains("Best: trial", shown, StringComparison.Ordinal);
        var (missing, _, err) = Run("tune", "show", "--storage", $"sqlite:{Path.Combine(_dir, "nope.db")}");
        Assert.Equal(2, missing);
        Assert.Contains("No study file", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Rerunning_a_sqlite_study_resumes_it_up_to_the_trial_budget()
    {
        string db = Path.Combine(_dir, "resume.db");
        Assert.Equal(0, Run("tune", "--objective", "sphere:3", "--sampler", "cmaes", "--trials", "20", "--storage", $"sqlite:{db}").Code);
        var (code, output, _) = Run("tune", "--objective", "sphere:3", "--sampler", "cmaes", "--trials", "50", "--storage", $"sqlite:{db}", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(50, doc.RootElement.GetProperty("n_trials").GetInt32());
        Assert.Equal(50, doc.RootElement.GetProperty("n_complete").GetInt32());
    }
}
