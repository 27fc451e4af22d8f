using System.Diagnostics;
using System.Globalization;
using MetaRL.Cli;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli;

/// <summary>
/// The built <c>metarl</c> as a child process: stop signals end train and meta-train with a checkpoint, status
/// <c>interrupted</c> and exit code 128 + the signal; a second writer on the same run fails at once; a killed run
/// shows as dead and its stale lock is taken over on resume. Unix only (signals); each test takes a few seconds.
/// </summary>
public sealed class RunSignalProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-signals-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool Unix => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A PPO run far longer than any test waits for: it is stopped by a signal, never by its budget.</summary>
    private static string[] LongTrain(string dir) =>
        ["train", "--algo", "ppo", "--env", "CartPole-v1", "--seed", "2", "--set", "total_steps=5000000", "--out", dir];

    private sealed class Child : IDisposable
    {
        public Child(string[] args)
        {
            Process = Process.Start(WorkerLauncher.StartInfo(args))!;
            Output = Process.StandardOutput.ReadToEndAsync();
            Errors = Process.StandardError.ReadToEndAsync();
        }

        public Process Process { get; }

        public Task<string> Output { get; }

        public Task<string> Errors { get; }

        /// <summary>Waits until the child holds the run's lock and has written a summary saying running.</summary>
        public void WaitUntilRunning(RunDirectory run)
        {
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(60) && !Process.HasExited)
            {
                if (RunLock.ReadOwner(run.Root)?.Pid == Process.Id && File.Exists(run.SummaryPath)
                    && RunSummary.Load(run.SummaryPath).Status == RunSummary.Running)
                {
                    Thread.Sleep(300); // a few iterations in
                    return;
                }
                Thread.Sleep(50);
            }
            Assert.Fail($"the child did not start its run: {(Process.HasExited ? Errors.Result : "still starting")}");
        }

        public void Signal(string name)
        {
            using var kill = Process.Start("kill", ["-" + name, Process.Id.ToString(CultureInfo.InvariantCulture)])!;
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public int Exit()
        {
            Assert.True(Process.WaitForExit(60_000), "the child should stop after the signal");
            Process.WaitForExit();
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) { Process.Kill(entireProcessTree: true); Process.WaitForExit(); }
            Process.Dispose();
        }
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    [InlineData("INT", 130)]
    public async Task A_stop_signal_ends_train_with_a_checkpoint_status_interrupted_and_exit_128_plus_the_signal(string signal, int expected)
    {
        if (!Unix) { return; }
        var run = new RunDirectory(Path.Combine(_root, signal));
        using var child = new Child(LongTrain(run.Root));
        child.WaitUntilRunning(run);
        child.Signal(signal);
        Assert.Equal(expected, child.Exit());

        var summary = RunSummary.Load(run.SummaryPath);
        Assert.Equal(RunSummary.Interrupted, summary.Status);
        long stopped = summary.TotalSteps!.Value;
        Assert.InRange(stopped, 512, 4_999_999);
        Assert.Equal(stopped, run.Checkpoints.Steps().First());
        Assert.Contains($"Interrupted at step {stopped:N0}", await child.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(run.LockPath));
        Assert.Equal(RunSummary.Interrupted, new RunDirectory(run.Root).Status);

        // Resumable: the next session continues from the checkpoint, not from step 0.
        var resumed = Cli("train", "--out", run.Root, "--resume", "--stop-at", (stopped + 1).ToString(CultureInfo.InvariantCulture));
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains($"resuming from the checkpoint at step {stopped:N0}", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(stopped + 512, RunSummary.Load(run.SummaryPath).TotalSteps);
        var steps = RunScalars.Load(run.Root).Series["charts/learning_rate"].Select(p => p.Step).ToArray();
        Assert.Equal(steps.Order().Distinct(), steps); // the TensorBoard stream never goes back
    }

    [Fact]
    public void A_second_writer_on_a_live_run_fails_at_once_with_exit_2_naming_the_owner_and_the_first_is_unaffected()
    {
        if (!Unix) { return; }
        var run = new RunDirectory(Path.Combine(_root, "busy"));
        using var child = new Child(LongTrain(run.Root));
        child.WaitUntilRunning(run);
        string owner = $"pid {child.Process.Id} on host {Environment.MachineName}";
        foreach (var args in new[] { LongTrain(run.Root), ["train", "--out", run.Root, "--resume"], [.. LongTrain(run.Root), "--overwrite"],
            ["meta-train", "--algo", "reptile", "--env", "PointNav2D-v0", "--set", "iterations=1", "--out", run.Root, "--overwrite"] })
        {
            var clock = Stopwatch.StartNew();
            var second = Cli(args);
            Assert.Equal(2, second.Code);
            Assert.Contains("is in use by another writer (" + owner, second.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", second.Err, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the second writer took {clock.Elapsed}");
            Assert.True(run.HasRun && !child.Process.HasExited, "the first writer's run must be left alone");
        }
        Assert.Equal(RunSummary.Running, new RunDirectory(run.Root).Status);

        child.Signal("TERM");
        Assert.Equal(143, child.Exit());
        Assert.Equal(RunSummary.Interrupted, RunSummary.Load(run.SummaryPath).Status);
        Assert.NotEmpty(run.Checkpoints.Steps());
    }

    [Fact]
    public void A_killed_run_reads_dead_and_resume_takes_over_its_stale_lock_with_a_notice()
    {
        if (!Unix) { return; }
        var run = new RunDirectory(Path.Combine(_root, "killed"));
        using (var child = new Child(LongTrain(run.Root)))
        {
            child.WaitUntilRunning(run);
            var wait = Stopwatch.StartNew();
            while (!RunScalars.Load(run.Root).Series.ContainsKey("charts/learning_rate") && wait.Elapsed < TimeSpan.FromSeconds(30)) { Thread.Sleep(100); }
            Assert.True(RunScalars.Load(run.Root).Series.ContainsKey("charts/learning_rate"), "the killed session should have logged events");
            child.Process.Kill(); // SIGKILL: no handler runs, the lock stays behind
            child.Process.WaitForExit();
        }
        Assert.True(File.Exists(run.LockPath));
        Assert.Equal(RunStatus.Dead, new RunDirectory(run.Root).Status);
        var list = Cli("runs", "list", _root);
        Assert.Matches(@"killed\s.*\sdead", list.Out);

        // Its config is kept and the stale lock taken over; --stop-at keeps the resumed session short.
        var resumed = Cli("train", "--out", run.Root, "--resume", "--stop-at", "1");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("took over the stale lock of pid", resumed.Out, StringComparison.Ordinal);
        Assert.Contains("no checkpoint to resume from", resumed.Out, StringComparison.Ordinal); // no periodic checkpoints by default
        Assert.All(RunScalars.Load(run.Root).Series["charts/learning_rate"], p => Assert.Equal(512, p.Step)); // nothing of the killed session
        Assert.Equal(RunSummary.Interrupted, new RunDirectory(run.Root).Status);
        Assert.False(File.Exists(run.LockPath));
    }

    [Fact]
    public async Task Sigterm_ends_meta_train_with_a_checkpoint_status_interrupted_and_exit_143()
    {
        if (!Unix) { return; }
        var run = new RunDirectory(Path.Combine(_root, "meta"));
        using var child = new Child(["meta-train", "--algo", "reptile", "--env", "PointNav2D-v0", "--set", "iterations=1000000", "--set", "max_steps=8",
            "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=0", "--out", run.Root]);
        child.WaitUntilRunning(run);
        child.Signal("TERM");
        Assert.Equal(143, child.Exit());
        var summary = RunSummary.Load(run.SummaryPath);
        Assert.Equal(RunSummary.Interrupted, summary.Status);
        long reached = run.Checkpoints.Steps().First();
        Assert.InRange(reached, 1, 999_999);
        Assert.Contains($"stopped at iteration {reached}", await child.Output, StringComparison.Ordinal);
        Assert.Equal(reached, File.ReadAllLines(run.MetricsPath).Count(l => l.Contains("meta/return_post", StringComparison.Ordinal)));
        Assert.False(File.Exists(run.LockPath));
    }
}
