using MetaRL.Tuning;
using Npgsql;
using Xunit.Abstractions;

namespace MetaRL.Tests.Tuning;

/// <summary>
/// The shared store behaviours against a PostgreSQL server named by the METARL_TEST_POSTGRES connection
/// string (CI starts one). Each test gets its own schema, dropped afterwards. Without the variable the
/// tests return after writing "SKIPPED" (xunit 2 has no runtime skip).
/// </summary>
public sealed class PostgresStorageTests : PersistentStorageBehaviourTests, IDisposable
{
    private const string Variable = "METARL_TEST_POSTGRES";
    private readonly ITestOutputHelper _output;
    private readonly string? _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;
    private readonly string _schema = "metarl_test_" + Guid.NewGuid().ToString("N");
    private bool _created;

    public PostgresStorageTests(ITestOutputHelper output) => _output = output;

    private string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;

    protected override TrialStorage? Open(TimeProvider? time = null)
    {
        if (_server is null)
        {
            _output.WriteLine($"SKIPPED: {Variable} not set");
            return null;
        }
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

    [Fact]
    public void Storage_urls_with_postgres_or_postgresql_open_the_server_store()
    {
        if (Open() is not TrialStorage probe) { return; }
        probe.Dispose();
        foreach (var prefix in new[] { "postgres:", "postgresql:" })
        {
            using var store = TrialStorage.Open(prefix + ConnectionString);
            Assert.IsType<PostgresStorage>(store);
            var info = store.CreateOrLoadStudy("u", StudyDirection.Maximize);
            Assert.Equal(StudyDirection.Maximize, Assert.Single(store.ListStudies()).Direction);
            Assert.Equal(info, store.FindStudy("u"));
        }
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
