using System.Diagnostics;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Tuning;

namespace MetaRL.Tests.Cli;

/// <summary>Real worker processes sharing one SQLite study (each test takes a few seconds).</summary>
public sealed class TuneWorkerProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-workers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Each trial sleeps 10 ms so the study outlasts a worker's start-up: without it, a slow-starting
    /// worker (e.g. with tiered compilation off) could find all 200 trials already taken by the other.</summary>
    [Fact]
    public void Two_worker_processes_share_200_trials_without_failure_duplicate_or_loss()
    {
        string db = Path.Combine(_dir, "shared.db");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(["tune", "--objective", "sphere:2", "--sampler", "random", "--trials", "200", "--workers", "2",
            "--storage", $"sqlite:{db}", "--study", "shared", "--delay-ms", "10", "--json"], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.DoesNotContain("exited with an error", error.ToString(), StringComparison.Ordinal);
        using var store = new SqliteStorage(db);
        var trials = store.GetAllTrials(store.FindStudy("shared")!.Id);
        Assert.Equal(Enumerable.Range(0, 200), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(2, t.Params.Count));
        Assert.Equal(2, trials.Select(t => t.Worker!.Split(':')[0]).Distinct().Count());
    }

    /// <summary>
    /// A worker killed (SIGKILL) inside a trial leaves it Running; the surviving worker fails it once its heartbeat has
    /// been silent for the grace period, at its first look after that (it looks before claiming each trial), retries
    /// it, and completes the study. Nothing here depends on how fast processes start or get scheduled: the killed
    /// trial is the one the dead worker left Running (a kill that lands between two trials is tried again), and the
    /// upper bound is stated against the survivor's own looks rather than the wall clock, so a slow start (a loaded
    /// machine) cannot fail it, while a reaper that waited past a look, or failed the trial early, still does.
    /// </summary>
    [Fact]
    public void A_worker_killed_mid_trial_has_its_trial_failed_within_the_grace_period_and_the_study_completes()
    {
        string db = Path.Combine(_dir, "kill.db");
        const double grace = 1.5;
        var settings = new TuneSettings(new Sphere(2), "sphere:2", "random", 12, 1, $"sqlite:{db}", "kill", null, 400, 0.2, grace, 0);
        Assert.DoesNotContain(settings.WorkerArguments(0), a => a.Contains(db, StringComparison.Ordinal));
        using var store = new SqliteStorage(db);
        FrozenTrial? killed = null;
        for (int attempt = 0; attempt < 3 && killed is null; attempt++)
        {
            using var victim = Process.Start(WorkerLauncher.WorkerStartInfo(settings, 0))!;
            string victimName = TuneSettings.WorkerName(0, victim.Id);
            bool inTrial = false;
            var wait = Stopwatch.StartNew();
            while (!inTrial && !victim.HasExited && wait.Elapsed < TimeSpan.FromSeconds(120))
            {
                Thread.Sleep(50);
                var study = store.FindStudy("kill");
                inTrial = study is not null && store.GetAllTrials(study.Id).Any(t => t.State == TrialState.Running && t.Number >= 1 && t.Worker == victimName);
            }
            Assert.True(inTrial, "the victim should have started a trial");
            victim.Kill(); // SIGKILL on Unix: no chance to clean up
            victim.WaitForExit();
            // The trial the dead worker left Running is the one it was killed in (none: the kill fell between two trials).
            killed = store.GetAllTrials(store.FindStudy("kill")!.Id).SingleOrDefault(t => t.State == TrialState.Running && t.Worker == victimName);
        }
        Assert.NotNull(killed);

        using var survivor = Process.Start(WorkerLauncher.WorkerStartInfo(settings, 1))!;
        Assert.True(survivor.WaitForExit(300_000), "the surviving worker should finish the study");
        Assert.Equal(0, survivor.ExitCode);
        string survivorName = TuneSettings.WorkerName(1, survivor.Id);

        var trials = store.GetAllTrials(store.FindStudy("kill")!.Id);
        var failed = trials.Single(t => t.Id == killed!.Id);
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("heartbeat", failed.Error, StringComparison.Ordinal);
        Assert.True(failed.Retried);
        // Not before the grace period: the heartbeat was silent at least that long when the trial was failed.
        DateTime lastBeat = failed.Heartbeat!.Value, reaped = failed.Complete!.Value, deadline = lastBeat.AddSeconds(grace);
        Assert.True(reaped >= deadline, $"failed {(reaped - lastBeat).TotalSeconds:F2} s after its last heartbeat, within the {grace} s grace period");
        // Not after the survivor's first look past it: every trial the survivor claimed after the deadline was claimed
        // after the failure (each claim is preceded by a look at the heartbeats).
        var survivorTrials = trials.Where(t => t.Worker == survivorName).ToArray();
        Assert.NotEmpty(survivorTrials);
        Assert.DoesNotContain(survivorTrials, t => t.Start > deadline && t.Start < reaped);
        Assert.Contains(survivorTrials, t => t.Start >= reaped); // it did look after the failure: the retry ran
        Assert.Equal(12, trials.Count(t => t.State == TrialState.Complete));
        Assert.Contains(trials, t => t.SystemAttrs.GetValueOrDefault("retry_of") == failed.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) && t.State == TrialState.Complete);
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running || t.State == TrialState.Waiting);
    }

    [Fact]
    public async Task Sigint_stops_a_tune_process_between_trials_with_exit_code_130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) { return; }
        string db = Path.Combine(_dir, "sigint.db");
        var psi = WorkerLauncher.StartInfo(["tune", "--objective", "sphere:2", "--sampler", "random", "--trials", "500",
            "--delay-ms", "30", "--storage", $"sqlite:{db}", "--study", "sigint"]);
        using var tune = Process.Start(psi)!;
        var errors = tune.StandardError.ReadToEndAsync();
        _ = tune.StandardOutput.ReadToEndAsync();
        var wait = Stopwatch.StartNew();
        int done = 0;
        while (done < 3 && wait.Elapsed < TimeSpan.FromSeconds(60) && !tune.HasExited)
        {
            Thread.Sleep(100);
            if (!File.Exists(db)) { continue; }
            using var peek = new SqliteStorage(db);
            if (peek.FindStudy("sigint") is { } study) { done = peek.GetAllTrials(study.Id).Count(t => t.State == TrialState.Complete); }
        }
        Assert.True(done >= 3, "the study should have finished a few trials before the signal");
        using (var kill = Process.Start("kill", ["-INT", tune.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) { kill.WaitForExit(); }
        Assert.True(tune.WaitForExit(30_000), "tune should stop after SIGINT");
        string stderr = await errors;
        Assert.Equal(130, tune.ExitCode);
        Assert.Contains("interrupted", stderr, StringComparison.Ordinal);
        using var store = new SqliteStorage(db);
        var trials = store.GetAllTrials(store.FindStudy("sigint")!.Id);
        Assert.InRange(trials.Count, 3, 499);
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
    }
}
