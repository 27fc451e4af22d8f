using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace MetaRL.Serving;

/// <summary>
/// The serving log: sessions, every decision (observation, action, behaviour log-probability, model version) and its
/// feedback, in a SQLite file in WAL mode. <see cref="AppendAsync"/> completes only after the row's transaction has
/// committed, so a response sent after it names a row that a kill -9 of the server cannot take back (WAL with
/// <c>synchronous = NORMAL</c> loses committed transactions only to an operating-system crash or power loss). One writer
/// task commits whatever rows have queued up in one transaction (group commit): under load a commit carries many rows,
/// idle it carries one. Rows keyed by (session, step) are written once: a second one is refused, not duplicated.
/// Decisions are appended in commit order and indexed by (session, step) in sorted bulk (<see cref="FeedbackSchema"/>):
/// every <see cref="IndexEvery"/> decisions, at most once per <see cref="IndexIdle"/> when the queue is empty, and on close.
/// </summary>
public sealed class FeedbackLog : IAsyncDisposable
{
    /// <summary>Rows at most in one transaction.</summary>
    public const int MaxBatch = 1024;

    /// <summary>Decisions appended before the writer indexes them.</summary>
    public const int IndexEvery = 4096;

    /// <summary>WAL size past which the writer restarts it (<see cref="CheckpointLoop"/>).</summary>
    private const long WalRestartBytes = 1L << 30;

    /// <summary>How often the WAL is copied back into the database (<see cref="CheckpointLoop"/>).</summary>
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(500);

    /// <summary>How often, at most, the writer indexes what is left when it finds nothing queued.</summary>
    public static readonly TimeSpan IndexIdle = TimeSpan.FromSeconds(1);

    private static int s_initialised;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private readonly Task _loop, _checkpoints;
    private readonly CancellationTokenSource _stop = new();

    private FeedbackLog(string path, TimeSpan indexIdle)
    {
        _indexIdle = indexIdle;
        if (Interlocked.Exchange(ref s_initialised, 1) == 0) { SQLitePCL.Batteries_V2.Init(); }
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 60 }.ToString();
        // the writer's own, unpooled: its settings (a 64 MiB cache, no automatic checkpoint) stay with it, and closing it closes
        _writer = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            _writer.Open();
            Exec(_writer, "PRAGMA busy_timeout = 60000;");
            Verify();
            Exec(_writer, "PRAGMA journal_mode = WAL;");
            Exec(_writer, "PRAGMA synchronous = NORMAL;");
            Exec(_writer, "PRAGMA wal_autocheckpoint = 0;"); // CheckpointLoop copies the WAL back, off the writer's path
            Exec(_writer, $"PRAGMA journal_size_limit = {WalRestartBytes};");
            Exec(_writer, "PRAGMA cache_size = -65536;"); // 64 MiB: the sessions' index pages stay in memory between index batches
            CreateOrMigrate();
            using (var page = _writer.CreateCommand())
            {
                page.CommandText = "PRAGMA page_size";
                _pageBytes = (long)page.ExecuteScalar()!;
            }
        }
        catch (SqliteException ex)
        {
            _writer.Dispose();
            throw new FeedbackLogException($"cannot open the feedback log '{Path}': {ex.Message}", ex);
        }
        catch
        {
            _writer.Dispose();
            throw;
        }
        // Threads of their own: both block in SQLite (the checkpoint in fsync), which on the thread pool of a 2-core
        // machine would leave Kestrel's requests one worker until the pool noticed and added threads.
        _loop = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _checkpoints = Task.Factory.StartNew(CheckpointLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Rows acknowledged since the log was opened.</summary>
    public long Written => Interlocked.Read(ref _written);

    private long _written;
    private Task? _idleTick;
    private readonly TimeSpan _indexIdle;
    private int _restartWal;
    private readonly long _pageBytes;

    /// <summary>Opens (creating if needed) the log named by <paramref name="store"/>: <c>sqlite:PATH</c> or a plain path.</summary>
    /// <exception cref="FeedbackLogException">The store cannot be opened, is damaged, or is another program's database.</exception>
    public static FeedbackLog Open(string store) => Open(store, IndexIdle);

    /// <summary><see cref="Open(string)"/> with another idle indexing period (tests hold the tail unindexed).</summary>
    internal static FeedbackLog Open(string store, TimeSpan indexIdle)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.StartsWith("postgres:", StringComparison.Ordinal))
        {
            throw new FeedbackLogException("--store postgres:… is not implemented yet; use sqlite:PATH (docs/serving.md)");
        }
        string path = store.StartsWith("sqlite:", StringComparison.Ordinal) ? store["sqlite:".Length..] : store;
        if (path.Length == 0) { throw new FeedbackLogException("--store sqlite: needs a file path (sqlite:serve.db)"); }
        return new FeedbackLog(path, indexIdle);
    }

    /// <summary>Writes <paramref name="row"/>; completes with true once it has committed, false when a row with its key
    /// was there already (nothing written).</summary>
    /// <exception cref="FeedbackLogException">The log could not be written.</exception>
    public Task<bool> AppendAsync(LogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var pending = new Pending(row, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) { throw new FeedbackLogException("the feedback log is closed"); }
        return pending.Done.Task;
    }

    /// <summary>The version id of (<paramref name="run"/>, <paramref name="checkpoint"/>): the one registered before, or a
    /// new <c>v{n}</c>.</summary>
    public string RegisterVersion(string run, string checkpoint)
    {
        using var c = Read();
        using (var find = c.CreateCommand())
        {
            find.CommandText = "SELECT version FROM model_versions WHERE run = $run AND checkpoint = $cp ORDER BY created LIMIT 1";
            find.Parameters.AddWithValue("$run", run);
            find.Parameters.AddWithValue("$cp", checkpoint);
            if (find.ExecuteScalar() is string existing) { return existing; }
        }
        using var insert = c.CreateCommand();
        insert.CommandText = "INSERT INTO model_versions (version, run, checkpoint, created) "
            + "SELECT 'v' || (COUNT(*) + 1), $run, $cp, $time FROM model_versions RETURNING version";
        insert.Parameters.AddWithValue("$run", run);
        insert.Parameters.AddWithValue("$cp", checkpoint);
        insert.Parameters.AddWithValue("$time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return (string)insert.ExecuteScalar()!;
    }

    /// <summary>The session's counts as logged, or null for an id the log has never seen.</summary>
    public SessionCounts? Counts(string session)
    {
        using var c = Read();
        using var cmd = c.CreateCommand();
        // steps are logged without gaps from 0 (FeedbackSchema), so the newest step counts them
        cmd.CommandText = """
            SELECT s.model_version, k.last_step,
                   (SELECT COUNT(*) FROM feedback f WHERE f.session = s.id),
                   EXISTS (SELECT 1 FROM feedback f WHERE f.session = s.id AND f.step = k.last_step)
            FROM sessions s JOIN session_steps k ON k.session = s.id WHERE s.id = $id
            """;
        cmd.Parameters.AddWithValue("$id", session);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) { return null; }
        long last = r.GetInt64(1);
        return new SessionCounts(session, last + 1, r.GetInt64(2), r.GetString(0), last, r.GetInt64(3) != 0);
    }

    /// <summary>Sessions logged.</summary>
    public long SessionCount() => Scalar("SELECT COUNT(*) FROM sessions");

    /// <summary>Feedback rows logged.</summary>
    public long FeedbackCount() => Scalar("SELECT COUNT(*) FROM feedback");

    /// <summary>The logged decision at <paramref name="step"/> of <paramref name="session"/>, with its reward if answered.</summary>
    public LoggedDecision? Decision(string session, long step)
    {
        using var c = Read();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT d.obs, d.decision, d.model_version, f.reward FROM decisions d LEFT JOIN feedback f ON f.session = d.session AND f.step = d.step WHERE d.seq = "
            + FeedbackSchema.DecisionSeq;
        cmd.Parameters.AddWithValue("$s", session);
        cmd.Parameters.AddWithValue("$t", step);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) { return null; }
        var obs = System.Text.Json.JsonSerializer.Deserialize(r.GetString(0), ServeJson.Default.SingleArray)!;
        return new LoggedDecision(session, step, obs, r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetDouble(3));
    }

    /// <summary>Every feedback row's key, in key order (what the kill tests compare with what was acknowledged).</summary>
    public IReadOnlyList<(string Session, long Step, double Reward)> FeedbackKeys()
    {
        using var c = Read();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT session, step, reward FROM feedback ORDER BY session, step";
        using var r = cmd.ExecuteReader();
        var rows = new List<(string, long, double)>();
        while (r.Read()) { rows.Add((r.GetString(0), r.GetInt64(1), r.GetDouble(2))); }
        return rows;
    }

    /// <summary>Commits what is queued and stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try { await _loop.ConfigureAwait(false); }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            try { await _checkpoints.ConfigureAwait(false); }
            finally
            {
                _stop.Dispose();
                _writer.Dispose();
            }
        }
    }

    /// <summary>The writer thread: <see cref="Write"/>, and if that fails outside a batch, the log closes with the error
    /// and every row still queued fails with it (a request waits on its row; none may wait forever).</summary>
    private void WriteLoop()
    {
        try { Write(); }
        catch (Exception ex)
        {
            var failure = new FeedbackLogException($"the feedback log stopped: {ex.Message}", ex);
            _queue.Writer.TryComplete(failure);
            while (_queue.Reader.TryRead(out var p)) { p.Done.TrySetException(failure); }
        }
    }

    private void Write()
    {
        var batch = new List<Pending>(MaxBatch);
        var results = new bool[MaxBatch];
        using var statements = new FeedbackStatements(_writer);
        var reader = _queue.Reader;
        int unindexed = 0;
        while (Wait(reader, unindexed))
        {
            if (!reader.TryPeek(out _))
            {
                unindexed = IndexTail(); // the idle tick found nothing queued
                continue;
            }
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var p)) { batch.Add(p); }
            try
            {
                statements.Transaction(() =>
                {
                    for (int i = 0; i < batch.Count; i++) { results[i] = statements.Insert(batch[i].Row); }
                });
                Interlocked.Add(ref _written, batch.Count);
                for (int i = 0; i < batch.Count; i++)
                {
                    if (results[i] && batch[i].Row is DecisionRow) { unindexed++; }
                    batch[i].Done.TrySetResult(results[i]);
                }
            }
            catch (Exception ex) // any failure fails its batch; a loop that died would leave every later request waiting
            {
                var failure = new FeedbackLogException($"the feedback log could not be written: {ex.Message}", ex);
                foreach (var p in batch) { p.Done.TrySetException(failure); }
            }
            if (unindexed >= IndexEvery) { unindexed = IndexTail(); }
            if (Interlocked.Exchange(ref _restartWal, 0) == 1) { RestartWal(); }
        }
        IndexTail();
    }

    /// <summary>True when rows are queued, or when <paramref name="unindexed"/> decisions wait and the queue is empty as
    /// the idle tick (one pending <see cref="IndexIdle"/> delay, not one per wait) comes; false once the queue is closed
    /// and drained.</summary>
    private bool Wait(ChannelReader<Pending> reader, int unindexed)
    {
        var next = reader.WaitToReadAsync();
        if (next.IsCompleted) { return next.Result; }
        var ready = next.AsTask();
        if (unindexed == 0) { return ready.GetAwaiter().GetResult(); }
        _idleTick ??= Task.Delay(_indexIdle);
        if (Task.WaitAny(ready, _idleTick) == 0) { return ready.GetAwaiter().GetResult(); }
        _idleTick = null;
        return true;
    }

    /// <summary>
    /// Copies committed WAL frames back into the database every <see cref="CheckpointEvery"/> on a connection of its own
    /// (a passive checkpoint never waits for the writer or the readers). SQLite's automatic checkpoint would run inside
    /// the writer's commit, fsync included, and every request in flight would wait for it. Under steady load a passive
    /// checkpoint never finds the whole WAL copied, so the file would only grow: past <see cref="WalRestartBytes"/> the
    /// writer restarts it between two batches (it then copies only the few frames this loop has not).
    /// </summary>
    private void CheckpointLoop()
    {
        try
        {
            using var c = Read();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            while (!_stop.Token.WaitHandle.WaitOne(CheckpointEvery))
            {
                try
                {
                    using var r = cmd.ExecuteReader(); // (busy, frames in the WAL, frames copied)
                    if (r.Read() && r.GetInt64(1) * _pageBytes > WalRestartBytes) { Volatile.Write(ref _restartWal, 1); }
                }
                catch (SqliteException) { } // busy or failed: the next tick tries again
            }
        }
        catch (SqliteException) { } // the log could not be opened for reading: the writer's restarts still bound the WAL
    }

    /// <summary>Indexes the decisions appended since the last time; 0, or what is still unindexed after a failure (the
    /// lookups read the tail either way, and the next try takes it).</summary>
    private int IndexTail()
    {
        try
        {
            using var tx = _writer.BeginTransaction();
            Exec(_writer, FeedbackSchema.IndexTail);
            tx.Commit();
            return 0;
        }
        catch (SqliteException)
        {
            return IndexEvery;
        }
    }

    /// <summary>Copies what is left of the WAL back and starts it again from its beginning (truncated to
    /// <see cref="WalRestartBytes"/>). It waits at most 20 ms for a reader or the checkpointer (with the usual 60 s every
    /// request in flight waited behind it); when it cannot restart, the checkpointer asks again at its next tick.</summary>
    private void RestartWal()
    {
        try
        {
            Exec(_writer, "PRAGMA busy_timeout = 20;");
            Exec(_writer, "PRAGMA wal_checkpoint(RESTART);");
        }
        catch (SqliteException) { }
        finally { Exec(_writer, "PRAGMA busy_timeout = 60000;"); }
    }

    /// <summary>Creates the tables of a new log, or brings an older layout to <see cref="FeedbackSchema.Version"/>.</summary>
    private void CreateOrMigrate()
    {
        long version;
        bool layout1;
        using (var cmd = _writer.CreateCommand())
        {
            cmd.CommandText = "PRAGMA user_version";
            version = (long)cmd.ExecuteScalar()!;
            cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('decisions')";
            long columns = (long)cmd.ExecuteScalar()!;
            cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('decisions') WHERE name = 'seq'";
            layout1 = columns > 0 && (long)cmd.ExecuteScalar()! == 0;
        }
        if (version > FeedbackSchema.Version)
        {
            throw new FeedbackLogException($"the feedback log '{Path}' has layout {version}; this metarl reads layouts up to {FeedbackSchema.Version}");
        }
        if (version == FeedbackSchema.Version) { return; }
        using var tx = _writer.BeginTransaction();
        Exec(_writer, layout1 ? FeedbackSchema.FromVersion1 : FeedbackSchema.Sqlite);
        Exec(_writer, FeedbackSchema.IndexTail);
        Exec(_writer, $"PRAGMA user_version = {FeedbackSchema.Version};");
        tx.Commit();
    }

    /// <summary>Refuses a damaged file and another program's database before anything is written to it.</summary>
    private void Verify()
    {
        using (var check = _writer.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            if (check.ExecuteScalar() is string result && result != "ok") { throw new FeedbackLogException($"the feedback log '{Path}' is damaged: {result}"); }
        }
        using var tables = _writer.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ("
            + string.Join(", ", FeedbackSchema.Tables.Select(t => $"'{t}'")) + ")";
        if ((long)tables.ExecuteScalar()! > 0) { throw new FeedbackLogException($"'{Path}' is a SQLite database but not a serving log (it holds other tables)"); }
    }

    private SqliteConnection Read()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private long Scalar(string sql)
    {
        using var c = Read();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private sealed record Pending(LogRow Row, TaskCompletionSource<bool> Done);
}

/// <summary>The feedback log cannot be opened or written: the server answers 503 and the CLI exits with the message.</summary>
public sealed class FeedbackLogException : Exception
{
    public FeedbackLogException(string message) : base(message) { }

    public FeedbackLogException(string message, Exception inner) : base(message, inner) { }

    public FeedbackLogException() { }
}
