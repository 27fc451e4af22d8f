using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MetaRL.Tuning;

/// <summary>
/// A study file shared by any number of worker processes. The classic "database is locked" failures of
/// SQLite-backed tuners come from deferred transactions that try to upgrade to a write lock and from
/// short busy timeouts; here every write opens with <c>BEGIN IMMEDIATE</c> (so waiting happens in the
/// busy handler, never as a failed upgrade), the file runs in WAL mode (readers never block the writer),
/// the busy timeout is long, and a whole operation is retried with backoff if SQLite still reports
/// SQLITE_BUSY or SQLITE_LOCKED. Trial numbers are claimed inside the write transaction, so they are
/// unique and gap-free.
/// </summary>
public sealed partial class SqliteStorage : TrialStorage
{
    private const int MaxAttempts = 50;
    private static int s_initialised;
    private readonly SqliteConnection _conn;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public SqliteStorage(string path, TimeProvider? time = null)
    {
        if (Interlocked.Exchange(ref s_initialised, 1) == 0) { SQLitePCL.Batteries_V2.Init(); }
        _time = time ?? TimeProvider.System;
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) { Directory.CreateDirectory(dir); }
        _conn = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 60,
        }.ToString());
        _conn.Open();
        Retry(() =>
        {
            Exec("PRAGMA busy_timeout = 60000;");
            Exec("PRAGMA journal_mode = WAL;");
            Exec("PRAGMA synchronous = NORMAL;");
            Exec("PRAGMA foreign_keys = ON;");
            return 0;
        });
        Write(tx => { Exec(SqliteSchema.Create, tx); return 0; });
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>How many times an operation had to be retried after SQLITE_BUSY / SQLITE_LOCKED (for diagnostics).</summary>
    public int BusyRetries { get; private set; }

    private long Now => _time.GetUtcNow().UtcDateTime.Ticks;

    protected override void Dispose(bool disposing)
    {
        if (disposing) { lock (_lock) { _conn.Dispose(); } }
    }

    private T Retry<T>(Func<T> op)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                lock (_lock) { return op(); }
            }
            catch (SqliteException ex) when ((ex.SqliteErrorCode == 5 || ex.SqliteErrorCode == 6) && attempt < MaxAttempts)
            {
                BusyRetries++;
                Thread.Sleep(Math.Min(1000, 5 << Math.Min(attempt, 8)) + System.Random.Shared.Next(10));
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> inside BEGIN IMMEDIATE … COMMIT, retried as a whole when busy.</summary>
    private T Write<T>(Func<SqliteTransaction, T> body) => Retry(() =>
    {
        using var tx = _conn.BeginTransaction(deferred: false);
        var result = body(tx);
        tx.Commit();
        return result;
    });

    /// <summary>A consistent read snapshot.</summary>
    private T Read<T>(Func<SqliteTransaction, T> body) => Retry(() =>
    {
        using var tx = _conn.BeginTransaction(deferred: true);
        var result = body(tx);
        tx.Commit();
        return result;
    });

    private SqliteCommand Cmd(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) { cmd.Parameters.AddWithValue(name, value ?? DBNull.Value); }
        return cmd;
    }

    private int Exec(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Cmd(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private long Scalar(string sql, SqliteTransaction? tx, params (string, object?)[] args)
    {
        using var cmd = Cmd(sql, tx, args);
        var v = cmd.ExecuteScalar();
        return v is null or DBNull ? -1 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    public override StudyInfo CreateOrLoadStudy(string name, StudyDirection direction) => Write(tx =>
    {
        var found = FindStudy(name, tx);
        if (found is not null)
        {
            return found.Direction == direction ? found
                : throw new InvalidOperationException($"Study '{name}' exists with direction {found.Direction}.");
        }
        Exec("INSERT INTO studies (name, direction, created) VALUES ($n, $d, $t)", tx, ("$n", name), ("$d", (int)direction), ("$t", Now));
        return FindStudy(name, tx)!;
    });

    public override StudyInfo? FindStudy(string name) => Read(tx => FindStudy(name, tx));

    private StudyInfo? FindStudy(string name, SqliteTransaction tx) => ListStudies(tx).FirstOrDefault(s => s.Name == name);

    public override IReadOnlyList<StudyInfo> ListStudies() => Read(ListStudies);

    private List<StudyInfo> ListStudies(SqliteTransaction tx)
    {
        using var cmd = Cmd("SELECT study_id, name, direction FROM studies ORDER BY study_id", tx);
        using var r = cmd.ExecuteReader();
        var list = new List<StudyInfo>();
        while (r.Read()) { list.Add(new StudyInfo(r.GetInt32(0), r.GetString(1), (StudyDirection)r.GetInt32(2))); }
        return list;
    }

    public override FrozenTrial? ClaimTrial(int studyId, string worker, int? maxTrials = null) => Write(tx =>
    {
        long id = Scalar("SELECT trial_id FROM trials WHERE study_id = $s AND state = $w ORDER BY number LIMIT 1", tx,
            ("$s", studyId), ("$w", (int)TrialState.Waiting));
        if (id < 0)
        {
            if (maxTrials is int max && Scalar("SELECT COUNT(*) FROM trials WHERE study_id = $s AND retried = 0", tx, ("$s", studyId)) >= max)
            {
                return null;
            }
            id = InsertWaiting(studyId, tx);
        }
        long now = Now;
        Exec("UPDATE trials SET state = $r, worker = $wk, start = $t, heartbeat = $t WHERE trial_id = $id", tx,
            ("$r", (int)TrialState.Running), ("$wk", worker), ("$t", now), ("$id", id));
        return LoadTrials(tx, "t.trial_id = $id", ("$id", id))[0];
    });

    private long InsertWaiting(int studyId, SqliteTransaction tx)
    {
        long number = Scalar("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = $s", tx, ("$s", studyId));
        Exec("INSERT INTO trials (study_id, number, state) VALUES ($s, $n, $w)", tx, ("$s", studyId), ("$n", number), ("$w", (int)TrialState.Waiting));
        return Scalar("SELECT last_insert_rowid()", tx);
    }

    public override long EnqueueTrial(int studyId, IReadOnlyDictionary<string, double> parameters,
        IReadOnlyDictionary<string, ParamDistribution> distributions, IReadOnlyDictionary<string, string>? systemAttrs = null) => Write(tx =>
    {
        long id = InsertWaiting(studyId, tx);
        foreach (var (k, v) in parameters) { SetParam(tx, id, k, v, distributions[k]); }
        foreach (var (k, v) in systemAttrs ?? new Dictionary<string, string>()) { SetAttr(tx, id, k, v); }
        return id;
    });

    public override void SetParam(long trialId, string name, double internalValue, ParamDistribution distribution) =>
        Write(tx => SetParam(tx, trialId, name, internalValue, distribution));

    private int SetParam(SqliteTransaction tx, long id, string name, double value, ParamDistribution d) =>
        Exec("INSERT OR REPLACE INTO trial_params (trial_id, name, value, distribution) VALUES ($id, $n, $v, $d)", tx,
            ("$id", id), ("$n", name), ("$v", value), ("$d", d.Serialize()));

    public override void SetSystemAttr(long trialId, string key, string value) => Write(tx => SetAttr(tx, trialId, key, value));

    private int SetAttr(SqliteTransaction tx, long id, string key, string value) =>
        Exec("INSERT OR REPLACE INTO trial_attrs (trial_id, key, value) VALUES ($id, $k, $v)", tx, ("$id", id), ("$k", key), ("$v", value));

    public override void SetIntermediate(long trialId, int step, double value) => Write(tx =>
        Exec("INSERT OR REPLACE INTO trial_intermediate (trial_id, step, value) VALUES ($id, $s, $v)", tx, ("$id", trialId), ("$s", step), ("$v", value)));

    public override bool FinishTrial(long trialId, TrialState state, double? value, string? error = null) => Write(tx => Finish(tx, trialId, state, value, error) == 1);

    private int Finish(SqliteTransaction tx, long id, TrialState state, double? value, string? error) =>
        Exec("""
            UPDATE trials SET state = $st, value = $v, error = $e, complete = $t,
                complete_order = (SELECT COALESCE(MAX(complete_order), 0) + 1 FROM trials)
            WHERE trial_id = $id AND state = $r
            """, tx, ("$st", (int)state), ("$v", value), ("$e", error), ("$t", Now), ("$id", id), ("$r", (int)TrialState.Running));

    public override void Heartbeat(long trialId) => Write(tx =>
        Exec("UPDATE trials SET heartbeat = $t WHERE trial_id = $id AND state = $r", tx, ("$t", Now), ("$id", trialId), ("$r", (int)TrialState.Running)));

    public override IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, bool retry) => Write(tx =>
    {
        long now = Now;
        long limit = grace == TimeSpan.MaxValue ? long.MinValue : now - grace.Ticks;
        var stale = LoadTrials(tx, "t.study_id = $s AND t.state = $r AND t.heartbeat < $lim",
            ("$s", studyId), ("$r", (int)TrialState.Running), ("$lim", limit));
        foreach (var t in stale)
        {
            var seconds = (now - t.Heartbeat!.Value.Ticks) / (double)TimeSpan.TicksPerSecond;
            Finish(tx, t.Id, TrialState.Failed, null, string.Create(CultureInfo.InvariantCulture, $"Worker '{t.Worker}' lost its heartbeat (none for {seconds:F1} s)."));
            if (!retry) { continue; }
            Exec("UPDATE trials SET retried = 1 WHERE trial_id = $id", tx, ("$id", t.Id));
            long copy = InsertWaiting(studyId, tx);
            foreach (var (k, v) in t.Params) { SetParam(tx, copy, k, v, t.Distributions[k]); }
            foreach (var (k, v) in t.SystemAttrs) { SetAttr(tx, copy, k, v); }
            SetAttr(tx, copy, "retry_of", t.Number.ToString(CultureInfo.InvariantCulture));
        }
        return stale.Count == 0 ? stale : LoadTrials(tx, $"t.trial_id IN ({string.Join(',', stale.Select(t => t.Id))})");
    });

    public override IReadOnlyList<FrozenTrial> GetFinishedTrials(int studyId, long afterOrder) => Read(tx =>
        LoadTrials(tx, "t.study_id = $s AND t.complete_order > $o", "t.complete_order", ("$s", studyId), ("$o", afterOrder)));

    public override IReadOnlyList<FrozenTrial> GetAllTrials(int studyId) => Read(tx => LoadTrials(tx, "t.study_id = $s", ("$s", studyId)));

    public override FrozenTrial GetTrial(long trialId) => Read(tx =>
    {
        var list = LoadTrials(tx, "t.trial_id = $id", ("$id", trialId));
        return list.Count == 1 ? list[0] : throw new KeyNotFoundException($"No trial with id {trialId}.");
    });

    public override IReadOnlyDictionary<TrialState, int> CountByState(int studyId) => Read(tx =>
    {
        using var cmd = Cmd("SELECT state, COUNT(*) FROM trials WHERE study_id = $s GROUP BY state", tx, ("$s", studyId));
        using var r = cmd.ExecuteReader();
        var counts = new Dictionary<TrialState, int>();
        while (r.Read()) { counts[(TrialState)r.GetInt32(0)] = r.GetInt32(1); }
        return counts;
    });
}
