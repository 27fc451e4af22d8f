using System.Diagnostics;
using MetaRL.Cli.Commands.Tune;
using MetaRL.Distributed;
using MetaRL.Learning.Meta;
using MetaRL.Tracking;

namespace MetaRL.Tests.Distributed;

/// <summary>
/// Real <c>metarl cluster silo</c> processes (localhost clustering on ports of their own, 24311+ and 24411+, and a
/// cluster id per test) and a meta-training run against them: a silo killed with SIGKILL mid-run has its tasks re-run
/// on the other, with the single-process numbers; a run whose last silo dies stops with its last checkpoint intact.
/// Every silo started is killed when the test ends; with <c>--supervised</c> a silo also stops when this process dies.
/// </summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly List<Process> _silos = [];
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-silos-").FullName;
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        foreach (var p in _silos)
        {
            try
            {
                if (!p.HasExited) { p.Kill(entireProcessTree: true); }
                p.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { } // already gone
            p.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Starts silo <paramref name="i"/> (0 is the primary) of a localhost cluster at <paramref name="basePort"/> and
    /// waits for its ready line.</summary>
    private Process StartSilo(int basePort, int i)
    {
        var psi = WorkerLauncher.StartInfo(["cluster", "silo", "--port", $"{basePort + i}", "--gateway-port", $"{basePort + 100 + i}",
            "--primary-port", $"{basePort}", "--cluster-id", _clusterId, "--fast-failure-detection", "--supervised"]);
        psi.RedirectStandardInput = true;
        psi.Environment["DOTNET_TieredCompilation"] = "1"; // a quicker start than the CLI's full-JIT setting, for short test runs
        var p = Process.Start(psi)!;
        _silos.Add(p);
        var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { ready.TrySetResult(false); return; }
            if (e.Data.StartsWith("silo ready", StringComparison.Ordinal)) { ready.TrySetResult(true); }
        };
        p.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Assert.True(ready.Task.Wait(TimeSpan.FromSeconds(90)) && ready.Task.Result, $"silo {i} did not start: {log}");
        return p;
    }

    private static MetaSetup Setup(int iterations) => ClusterMetaTrainTests.Setup("maml", ("iterations", $"{iterations}"), ("meta_batch_size", "4"), ("checkpoint_every", "1"));

    private static readonly ClusterRetryOptions QuickRetry = new() { Retries = 6, Delay = TimeSpan.FromSeconds(0.1), MaxDelay = TimeSpan.FromSeconds(2), MinAttemptTimeout = TimeSpan.FromSeconds(2), CallTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task A_silo_killed_mid_run_has_its_tasks_rerun_on_the_other_with_the_single_process_result()
    {
        const int basePort = 24311;
        StartSilo(basePort, 0);
        var victim = StartSilo(basePort, 1);
        var setup = Setup(5);
        string local = Path.Combine(_root, "local"), cluster = Path.Combine(_root, "cluster");
        new MetaTrainer(setup, local).Run(resume: false);

        using var connection = ClusterClientHost.Connect(ClusterMembership.Localhost(basePort + 100, basePort + 101), _clusterId, QuickRetry);
        var executor = new ClusterMetaBatch(connection.Client, setup, QuickRetry);
        Task? kill = null;
        // After iteration 1 both silos have served; the kill lands while iteration 2's tasks are in flight.
        var result = new MetaTrainer(setup, cluster, executor).Run(resume: false,
            progress: p => kill ??= p.Iteration == 1 ? Task.Run(async () => { await Task.Delay(30); victim.Kill(); }) : null);
        Assert.NotNull(kill);
        await kill!;
        Assert.Equal(RunSummary.Completed, result.Summary.Status);

        var expected = ClusterMetaTrainTests.Series(local);
        var actual = ClusterMetaTrainTests.Series(cluster);
        foreach (var (tag, values) in expected) { Assert.Equal(values, actual[tag]); }
        Assert.Equal(ClusterMetaTrainTests.Model(local), ClusterMetaTrainTests.Model(cluster));
        var (series, _) = MetricsJsonlReader.Read(new RunDirectory(cluster).MetricsPath);
        Assert.Equal([2, 2], series["cluster/silos"].Take(2).Select(p => p.Value));
        Assert.Equal(1, series["cluster/silos"][^1].Value);
        Assert.True(executor.TotalRetries >= 1, "the killed silo's tasks were not retried");
        // Every iteration counted each of its 4 tasks once: the per-silo task counts add up to the meta-batch.
        var perSilo = series.Where(kv => kv.Key.EndsWith("/tasks", StringComparison.Ordinal)).SelectMany(kv => kv.Value).GroupBy(p => p.Step);
        Assert.All(perSilo, g => Assert.Equal(4, g.Sum(p => p.Value)));
        Assert.Equal(5, perSilo.Count());
    }

    [Fact]
    public void A_run_whose_last_silo_dies_stops_with_a_clear_message_and_its_last_checkpoint_intact()
    {
        const int basePort = 24411;
        var only = StartSilo(basePort, 0);
        var setup = Setup(6);
        string run = Path.Combine(_root, "run");
        var retry = new ClusterRetryOptions { Retries = 2, Delay = TimeSpan.FromSeconds(0.1), MinAttemptTimeout = TimeSpan.FromSeconds(1), CallTimeout = TimeSpan.FromSeconds(30) };
        using var connection = ClusterClientHost.Connect(ClusterMembership.Localhost(basePort + 100), _clusterId, retry);
        var result = new MetaTrainer(setup, run, new ClusterMetaBatch(connection.Client, setup, retry)).Run(resume: false,
            progress: p => { if (p.Iteration == 1) { only.Kill(); only.WaitForExit(); } });

        Assert.Equal(2, result.Iterations);
        Assert.Equal(RunSummary.Interrupted, result.Summary.Status);
        Assert.Contains("no silo of the cluster could run the tasks of meta-iteration 2", result.Summary.Error, StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine("checkpoints", "2"), Path.GetDirectoryName(MetaCheckpoint.ModelPath(new RunDirectory(run)))!, StringComparison.Ordinal);
        // The checkpoint is the single-process run's after 2 iterations, and a resume (here, in one process) finishes the run.
        string local = Path.Combine(_root, "local");
        new MetaTrainer(ClusterMetaTrainTests.Setup("maml", ("iterations", "2"), ("meta_batch_size", "4"), ("checkpoint_every", "1")), local).Run(resume: false);
        Assert.Equal(ClusterMetaTrainTests.Model(local), ClusterMetaTrainTests.Model(run));
        Assert.Equal(6, new MetaTrainer(setup, run).Run(resume: true).Iterations);
    }
}
