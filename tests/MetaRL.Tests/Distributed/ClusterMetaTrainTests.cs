using MetaRL.Distributed;
using MetaRL.Learning.Meta;
using MetaRL.Tracking;

namespace MetaRL.Tests.Distributed;

/// <summary>Meta-training whose tasks run on three silos gives the numbers of the single-process run.</summary>
public sealed class ClusterMetaTrainTests(ThreeSiloCluster silos) : IClassFixture<ThreeSiloCluster>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-cluster-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal static MetaSetup Setup(string algo, params (string, string)[] extra) => MetaSetup.Parse(
    [
        ("algo", algo), ("env", "PointNav2D-v0"), ("seed", "5"), ("iterations", "3"), ("meta_batch_size", "6"),
        ("episodes_per_task", "4"), ("hidden", "[16]"), ("pretrain_iterations", "0"), .. extra,
    ]);

    /// <summary>The deterministic series of a run (its wall-clock figures and the cluster's own tags left out).</summary>
    internal static Dictionary<string, double[]> Series(string run)
    {
        var (series, problems) = MetricsJsonlReader.Read(new RunDirectory(run).MetricsPath);
        Assert.Empty(problems);
        return new[] { "meta/return_pre", "meta/return_post", "meta/env_steps" }.ToDictionary(t => t, t => series[t].Select(p => p.Value).ToArray());
    }

    internal static byte[] Model(string run) => File.ReadAllBytes(MetaCheckpoint.ModelPath(new RunDirectory(run))!);

    [Theory]
    [InlineData("maml", "first_order", "false")]
    [InlineData("maml", "first_order", "true")]
    [InlineData("reptile", "inner_steps", "2")]
    public void A_seeded_run_on_three_silos_writes_the_metrics_and_model_of_the_single_process_run(string algo, string key, string value)
    {
        var setup = Setup(algo, (key, value));
        string local = Path.Combine(_root, "local"), cluster = Path.Combine(_root, "cluster");
        Assert.Equal(RunSummary.Completed, new MetaTrainer(setup, local).Run(resume: false).Summary.Status);
        // Attempts wait a minute: on a loaded machine no task is re-sent for being slow (this test is about the numbers).
        var executor = new ClusterMetaBatch(silos.Cluster.Client, setup, new ClusterRetryOptions { MinAttemptTimeout = TimeSpan.FromMinutes(1) });
        Assert.Equal(RunSummary.Completed, new MetaTrainer(setup, cluster, executor).Run(resume: false).Summary.Status);

        var expected = Series(local);
        var actual = Series(cluster);
        Assert.Equal(3, expected["meta/return_post"].Length);
        foreach (var (tag, values) in expected) { Assert.Equal(values, actual[tag]); }
        Assert.Equal(Model(local), Model(cluster));
        // The tasks did run on the silos: all three took a share (tasks i and i+3 share one), none was retried.
        var (series, _) = MetricsJsonlReader.Read(new RunDirectory(cluster).MetricsPath);
        Assert.All(series["cluster/silos"], p => Assert.Equal(3, p.Value));
        Assert.All(series["cluster/retries"], p => Assert.Equal(0, p.Value));
        var perSilo = series.Keys.Where(k => k.EndsWith("/tasks", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, perSilo.Length);
        Assert.All(perSilo, k => Assert.All(series[k], p => Assert.Equal(2, p.Value)));
    }
}
