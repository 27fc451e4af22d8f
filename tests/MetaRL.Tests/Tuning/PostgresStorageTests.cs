using MetaRL.Cli;
using MetaRL.Tuning;
using Npgsql;

namespace MetaRL.Tests.Tuning;

/// <summary>
/// The shared store behaviours against a PostgreSQL server named by the METARL_TEST_POSTGRES connection
/// string (CI starts one). Each test gets its own schema, dropped afterwards. Without the variable the
/// tests are reported as skipped with that reason.
/// </summary>
public sealed class PostgresStorageTests : PersistentStorageBehaviourTests, IDisposable
{
    private const string Variable = "METARL_TEST_POSTGRES";
    private readonly string? _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;
    private readonly string _schema = "metarl_test_" + Guid.NewGuid().ToString("N");
    private bool _created;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;

    protected override TrialStorage Open(TimeProvider? time = null)
    {
        Skip.If(_server is null, $"{Variable} is not set: no PostgreSQL server to test against (.ci/run starts one).");
        if (!_created)
        {
            Admin($"CREATE SCHEMA {_schema}");
            _created = true;
        }
        return new PostgresStorage(ConnectionString, time);
    }

    private void Admin(string sql)
    {
        using var conn = new NpgsqlConnection(_server);
        conn.Open();
        using var cmd = new NpgsqlCommand(sql, conn);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_created) { Admin($"DROP SCHEMA {_schema} CASCADE"); }
        NpgsqlConnection.ClearAllPools();
    }

    [SkippableFact]
    public void Storage_urls_with_postgres_or_postgresql_open_the_server_store()
    {
        Open().Dispose();
        foreach (var prefix in new[] { "postgres:", "postgresql:" })
        {
            using var store = TrialStorage.Open(prefix + ConnectionString);
            Assert.IsType<PostgresStorage>(store);
            var info = store.CreateOrLoadStudy("u", StudyDirection.Maximize);
            Assert.Equal(StudyDirection.Maximize, Assert.Single(store.ListStudies()).Direction);
            Assert.Equal(info, store.FindStudy("u"));
        }
    }

    [SkippableFact]
    public void Metarl_tune_runs_and_resumes_a_study_in_postgres_and_tune_show_lists_it()
    {
        Open().Dispose();
        string url = "postgres:" + ConnectionString;
        string[] tune = ["tune", "--objective", "sphere:2", "--sampler", "random", "--storage", url, "--study", "cli", "--json"];
        var (out1, err1) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, CliApp.Run([.. tune, "--trials", "6"], out1, err1));
        Assert.Contains("\"n_trials\":6", out1.ToString(), StringComparison.Ordinal);
        var (out2, err2) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, CliApp.Run([.. tune, "--trials", "9"], out2, err2));
        Assert.Contains("\"n_trials\":9", out2.ToString(), StringComparison.Ordinal);
        var show = new StringWriter();
        Assert.Equal(0, CliApp.Run(["tune", "show", "--storage", url, "--study", "cli"], show, new StringWriter()));
        Assert.Contains("Study 'cli' (minimize), 9 trials", show.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres:")]
    [InlineData("postgresql://user@host/db")]
    public void A_postgres_url_without_a_connection_string_is_refused_with_a_clear_message(string url)
    {
        var ex = Assert.Throws<ArgumentException>(() => TrialStorage.Open(url));
        Assert.Contains("Host=", ex.Message, StringComparison.Ordinal);
    }
}
