using System.Diagnostics;
using System.Globalization;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Tuning;

namespace MetaRL.Tests.Cli;

/// <summary>
/// A multi-worker <c>metarl tune</c> as a real child process, stopped by a signal sent to it alone (as <c>kill</c>,
/// <c>timeout</c> and schedulers do): it and every worker exit within seconds and no trial is left Running.
/// Each test takes a few seconds.
/// </summary>
public sealed class TuneSignalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-tune-signal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void SkipUnlessLinux() => Skip.IfNot(OperatingSystem.IsLinux(), "needs Linux: signals by kill(1) and process states from /proc");

    private (Process Tune, Task<string> Errors, string Db) StartTune(string study, int delayMs, int trials = 5000)
    {
        string db = Path.Combine(_dir, study + ".db");
        var psi = WorkerLauncher.StartInfo(["tune", "--objective", "sphere:2", "--sampler", "random", "--trials", trials.ToString(CultureInfo.InvariantCulture),
            "--workers", "2", "--delay-ms", delayMs.ToString(CultureInfo.InvariantCulture), "--storage", $"sqlite:{db}", "--study", study]);
        var tune = Process.Start(psi)!;
        _ = tune.StandardOutput.ReadToEndAsync();
        return (tune, tune.StandardError.ReadToEndAsync(), db);
    }

    /// <summary>Waits until <paramref name="ready"/> holds for the study's trials; returns the worker process ids seen.</summary>
    private static List<int> WaitForTrials(string db, string study, Func<IReadOnlyList<FrozenTrial>, bool> ready)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(90))
        {
            Thread.Sleep(100);
            if (!File.Exists(db)) { continue; }
            using var peek = new SqliteStorage(db);
            if (peek.FindStudy(study) is not { } info) { continue; }
            var trials = peek.GetAllTrials(info.Id);
            if (!ready(trials)) { continue; }
            return [.. trials.Select(t => t.Worker!).Distinct().Select(w => int.Parse(w.Split(':')[1], CultureInfo.InvariantCulture))];
        }
        throw new TimeoutException("the study never got going");
    }

    private static void Signal(Process p, string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", p.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Whether the process runs (a zombie, exited but not yet reaped, counts as gone).</summary>
    private static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException) { return false; }
    }

    private static void AssertGone(IEnumerable<int> pids, TimeSpan within)
    {
        var wait = Stopwatch.StartNew();
        while (pids.Any(Alive) && wait.Elapsed < within) { Thread.Sleep(50); }
        Assert.True(!pids.Any(Alive), $"worker processes still running: {string.Join(", ", pids.Where(Alive))}");
    }

    private static IReadOnlyList<FrozenTrial> Trials(string db, string study)
    {
        using var store = new SqliteStorage(db);
        return store.GetAllTrials(store.FindStudy(study)!.Id);
    }

    [SkippableTheory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_to_a_multi_worker_tune_stops_it_and_every_worker_within_seconds(string signal, int exitCode)
    {
        SkipUnlessLinux();
        string study = "sig" + signal;
        var (tune, errors, db) = StartTune(study, delayMs: 30);
        using var _ = tune;
        var workers = WaitForTrials(db, study, trials => trials.Count(t => t.State == TrialState.Complete) >= 10
            && trials.Select(t => t.Worker).Distinct().Count() == 2);

        var stopwatch = Stopwatch.StartNew();
        Signal(tune, signal);
        Assert.True(tune.WaitForExit(15_000), "tune should stop within seconds");

        Assert.True(stopwatch.Elapsed < WorkerLauncher.InterruptGrace, $"took {stopwatch.Elapsed.TotalSeconds:F1} s, as long as killing would");
        Assert.Equal(exitCode, tune.ExitCode);
        Assert.Contains("interrupted", await errors, StringComparison.Ordinal);
        AssertGone(workers, TimeSpan.FromSeconds(2));
        var trials = Trials(db, study);
        Assert.DoesNotContain(trials, t => t.State is TrialState.Running or TrialState.Waiting);
        Assert.InRange(trials.Count, 10, 4999);
    }

    [SkippableFact]
    public async Task Workers_stuck_in_long_trials_are_killed_after_the_grace_and_their_trials_failed_as_interrupted()
    {
        SkipUnlessLinux();
        var (tune, errors, db) = StartTune("stuck", delayMs: 600_000, trials: 10);
        using var _ = tune;
        var workers = WaitForTrials(db, "stuck", trials => trials.Count(t => t.State == TrialState.Running) == 2);

        var stopwatch = Stopwatch.StartNew();
        Signal(tune, "INT");
        Assert.True(tune.WaitForExit(30_000), "tune should stop after the grace period");

        Assert.InRange(stopwatch.Elapsed, WorkerLauncher.InterruptGrace, WorkerLauncher.InterruptGrace + TimeSpan.FromSeconds(5));
        Assert.Equal(130, tune.ExitCode);
        Assert.Contains("interrupted", await errors, StringComparison.Ordinal);
        AssertGone(workers, TimeSpan.FromSeconds(2));
        var trials = Trials(db, "stuck");
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal((TrialState.Failed, Study.InterruptedError), (t.State, t.Error)));
    }

    [SkippableFact]
    public void Workers_stop_on_their_own_when_their_supervisor_is_killed()
    {
        SkipUnlessLinux();
        var (tune, _, db) = StartTune("orphans", delayMs: 30);
        using var _ = tune;
        var workers = WaitForTrials(db, "orphans", trials => trials.Count(t => t.State == TrialState.Complete) >= 10
            && trials.Select(t => t.Worker).Distinct().Count() == 2);

        tune.Kill(); // SIGKILL: the supervisor cannot tell anyone
        tune.WaitForExit();

        AssertGone(workers, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(Trials(db, "orphans"), t => t.State == TrialState.Running);
    }

    /// <summary>The report of issue 24: two <c>metarl tune</c> commands typed alike on one study file.</summary>
    [SkippableFact]
    public void Two_tune_commands_with_one_seed_on_one_study_sample_no_duplicate_parameter_sets()
    {
        SkipUnlessLinux();
        string db = Path.Combine(_dir, "twice.db");
        string[] args = ["tune", "--objective", "branin", "--sampler", "random", "--trials", "40", "--seed", "1",
            "--storage", $"sqlite:{db}", "--study", "twice", "--delay-ms", "100", "--json"];
        var runs = Enumerable.Range(0, 2).Select(_ => Process.Start(WorkerLauncher.StartInfo(args))!).ToList();
        foreach (var p in runs)
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
        }
        foreach (var p in runs)
        {
            Assert.True(p.WaitForExit(120_000));
            Assert.Equal(0, p.ExitCode);
            p.Dispose();
        }

        var trials = Trials(db, "twice");
        Assert.Equal(40, trials.Count);
        Assert.Equal(2, trials.Select(t => t.Worker).Distinct().Count());
        Assert.Equal(40, trials.Select(t => FormattableString.Invariant($"{t.Params["x0"]:R},{t.Params["x1"]:R}")).Distinct().Count());
    }
}
