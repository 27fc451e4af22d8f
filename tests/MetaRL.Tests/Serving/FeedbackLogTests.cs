using Microsoft.Data.Sqlite;
using MetaRL.Serving;

namespace MetaRL.Tests.Serving;

public sealed class FeedbackLogTests
{
    private static readonly ServedDecision Decision = new([1f], [0.25, 0.75], null, null, 0.5, Math.Log(0.75));

    [Fact]
    public async Task A_decision_is_found_in_the_unindexed_tail_and_after_it_is_indexed()
    {
        using var dir = new TempDir();
        string db = Path.Combine(dir.Path, "log.db");
        await using (var log = FeedbackLog.Open("sqlite:" + db, TimeSpan.FromHours(1))) // no idle indexing while the test runs
        {
            await log.AppendAsync(new SessionRow("s1", null, "v1", DateTimeOffset.UnixEpoch));
            await log.AppendAsync(new SessionRow("s2", null, "v1", DateTimeOffset.UnixEpoch));
            for (int step = 0; step < 3; step++)
            {
                Assert.True(await log.AppendAsync(new DecisionRow("s1", step, [step, 1f], Decision, "v1", DateTimeOffset.UnixEpoch)));
                Assert.True(await log.AppendAsync(new DecisionRow("s2", step, [step, 2f], Decision, "v1", DateTimeOffset.UnixEpoch)));
            }
            Assert.Equal(0, Scalar(db, "SELECT COUNT(*) FROM decision_keys")); // still the tail
            Assert.Equal([2f, 2f], log.Decision("s2", 2)!.Observation);
            Assert.Null(log.Decision("s2", 3));
        }
        Assert.Equal(6, Scalar(db, "SELECT COUNT(*) FROM decision_keys")); // closing indexes the tail
        await using (var log = FeedbackLog.Open("sqlite:" + db))
        {
            Assert.Equal([1f, 1f], log.Decision("s1", 1)!.Observation);
            Assert.Equal([0f, 2f], log.Decision("s2", 0)!.Observation);
            Assert.Equal(3, log.Counts("s1")!.Steps);
        }
    }

    [Fact]
    public async Task An_idle_writer_indexes_what_it_appended()
    {
        using var dir = new TempDir();
        string db = Path.Combine(dir.Path, "log.db");
        await using var log = FeedbackLog.Open("sqlite:" + db);
        await log.AppendAsync(new SessionRow("s", null, "v1", DateTimeOffset.UnixEpoch));
        Assert.True(await log.AppendAsync(new DecisionRow("s", 0, [0f], Decision, "v1", DateTimeOffset.UnixEpoch)));
        var deadline = DateTime.UtcNow + FeedbackLog.IndexIdle * 20;
        while (Scalar(db, "SELECT COUNT(*) FROM decision_keys") == 0 && DateTime.UtcNow < deadline) { await Task.Delay(50); }
        Assert.Equal(1, Scalar(db, "SELECT value FROM log_state WHERE name = 'indexed_seq'"));
    }

    [Fact]
    public async Task A_decision_that_is_not_its_sessions_next_step_is_refused()
    {
        using var dir = new TempDir();
        await using var log = FeedbackLog.Open("sqlite:" + Path.Combine(dir.Path, "log.db"));
        await log.AppendAsync(new SessionRow("s", null, "v1", DateTimeOffset.UnixEpoch));
        Assert.False(await log.AppendAsync(new DecisionRow("s", 1, [0f], Decision, "v1", DateTimeOffset.UnixEpoch))); // a gap
        Assert.True(await log.AppendAsync(new DecisionRow("s", 0, [0f], Decision, "v1", DateTimeOffset.UnixEpoch)));
        Assert.False(await log.AppendAsync(new DecisionRow("s", 0, [9f], Decision, "v1", DateTimeOffset.UnixEpoch))); // twice
        Assert.False(await log.AppendAsync(new DecisionRow("unknown", 0, [0f], Decision, "v1", DateTimeOffset.UnixEpoch)));
        Assert.Equal([0f], log.Decision("s", 0)!.Observation);
        Assert.Equal(1, log.Counts("s")!.Steps);
    }

    [Fact]
    public async Task A_log_of_layout_1_is_migrated_with_its_decisions_counts_and_feedback()
    {
        using var dir = new TempDir();
        string db = Path.Combine(dir.Path, "old.db");
        using (var c = new SqliteConnection($"Data Source={db}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE model_versions (version TEXT PRIMARY KEY, run TEXT NOT NULL, checkpoint TEXT NOT NULL, created TEXT NOT NULL, evidence TEXT);
                CREATE TABLE sessions (id TEXT PRIMARY KEY, task TEXT, model_version TEXT NOT NULL, created TEXT NOT NULL);
                CREATE TABLE decisions (session TEXT NOT NULL, step INTEGER NOT NULL, obs TEXT NOT NULL, decision TEXT NOT NULL, log_prob REAL NOT NULL,
                    model_version TEXT NOT NULL, time TEXT NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
                CREATE TABLE feedback (session TEXT NOT NULL, step INTEGER NOT NULL, reward REAL NOT NULL, terminated INTEGER NOT NULL,
                    truncated INTEGER NOT NULL, time TEXT NOT NULL, PRIMARY KEY (session, step)) WITHOUT ROWID;
                INSERT INTO sessions VALUES ('a', NULL, 'v1', 't0'), ('b', NULL, 'v1', 't0');
                INSERT INTO decisions VALUES ('a', 0, '[1]', '{"action":0}', -0.5, 'v1', 't1'), ('a', 1, '[2]', '{"action":1}', -0.7, 'v1', 't2');
                INSERT INTO feedback VALUES ('a', 1, 3.5, 0, 0, 't3');
                """;
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        await using (var log = FeedbackLog.Open("sqlite:" + db))
        {
            var a = log.Counts("a")!;
            Assert.Equal((2L, 1L, 1L, true), (a.Steps, a.Feedback, a.LastStep, a.LastStepAnswered));
            Assert.Equal(0, log.Counts("b")!.Steps);
            var second = log.Decision("a", 1)!;
            Assert.Equal([2f], second.Observation);
            Assert.Equal(3.5, second.Reward);
            Assert.True(await log.AppendAsync(new DecisionRow("a", 2, [3f], Decision, "v1", DateTimeOffset.UnixEpoch)));
            Assert.False(await log.AppendAsync(new DecisionRow("a", 1, [3f], Decision, "v1", DateTimeOffset.UnixEpoch)));
        }
        Assert.Equal(FeedbackSchema.Version, Scalar(db, "PRAGMA user_version"));
    }

    [Fact]
    public void A_log_of_a_newer_layout_is_refused_by_name()
    {
        using var dir = new TempDir();
        string db = Path.Combine(dir.Path, "new.db");
        using (var c = new SqliteConnection($"Data Source={db}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 99";
            cmd.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();
        var error = Assert.Throws<FeedbackLogException>(() => FeedbackLog.Open("sqlite:" + db));
        Assert.Contains("layout 99", error.Message, StringComparison.Ordinal);
    }

    private static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"metarl-log-{Guid.NewGuid():N}");

        public TempDir() => Directory.CreateDirectory(Path);

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
