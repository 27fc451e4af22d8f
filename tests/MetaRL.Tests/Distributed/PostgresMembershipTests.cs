using MetaRL.Distributed;
using MetaRL.Learning.Meta;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MetaRL.Tests.Distributed;

/// <summary>
/// Two silos and a run on PostgreSQL membership (the server METARL_TEST_POSTGRES names; skipped with a message without
/// one): the project creates the membership tables itself, both silos join, and the run has the single-process numbers.
/// </summary>
public sealed class PostgresMembershipTests : IDisposable
{
    private const string Variable = "METARL_TEST_POSTGRES";
    private readonly string? _server = Environment.GetEnvironmentVariable(Variable);
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-pg-cluster-").FullName;
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        if (_server is null) { return; }
        using var db = new NpgsqlConnection(_server);
        db.Open();
        foreach (var table in new[] { "OrleansMembershipTable", "OrleansMembershipVersionTable" })
        {
            using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE DeploymentId = @id", db);
            delete.Parameters.AddWithValue("id", _clusterId);
            delete.ExecuteNonQuery();
        }
    }

    [SkippableFact]
    public void Two_silos_on_postgres_membership_run_a_meta_batch_with_the_single_process_numbers()
    {
        Skip.If(_server is null, $"{Variable} is not set: no PostgreSQL server to test against (.ci/run starts one).");
        var membership = ClusterMembership.Parse("postgres:" + _server);
        using var first = SiloHost.Build(new SiloHostOptions { Membership = membership, Port = 24511, GatewayPort = 24611, ClusterId = _clusterId });
        using var second = SiloHost.Build(new SiloHostOptions { Membership = membership, Port = 24512, GatewayPort = 24612, ClusterId = _clusterId });
        first.StartAsync().GetAwaiter().GetResult();
        second.StartAsync().GetAwaiter().GetResult();
        try
        {
            using (var db = new NpgsqlConnection(_server))
            {
                db.Open();
                using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = 3", db);
                count.Parameters.AddWithValue("id", _clusterId);
                Assert.Equal(2L, (long)count.ExecuteScalar()!); // both Active
            }
            var setup = ClusterMetaTrainTests.Setup("reptile", ("iterations", "2"));
            string local = Path.Combine(_root, "local"), cluster = Path.Combine(_root, "cluster");
            new MetaTrainer(setup, local).Run(resume: false);
            using var connection = ClusterClientHost.Connect(membership, _clusterId);
            new MetaTrainer(setup, cluster, new ClusterMetaBatch(connection.Client, setup)).Run(resume: false);
            var expected = ClusterMetaTrainTests.Series(local);
            var actual = ClusterMetaTrainTests.Series(cluster);
            foreach (var (tag, values) in expected) { Assert.Equal(values, actual[tag]); }
            Assert.Equal(ClusterMetaTrainTests.Model(local), ClusterMetaTrainTests.Model(cluster));
        }
        finally
        {
            second.StopAsync().GetAwaiter().GetResult();
            first.StopAsync().GetAwaiter().GetResult();
        }
    }
}
