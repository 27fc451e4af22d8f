using System.Data.Common;

namespace MetaRL.Tuning;

/// <summary>
/// The study store over a SQL database, shared by the SQLite file store and the PostgreSQL server store.
/// The SQL here is dialect-neutral (named <c>@</c> parameters, <c>INSERT … ON CONFLICT … DO UPDATE</c>,
/// <c>INSERT … RETURNING</c>); a dialect supplies the connection, the schema, how a write transaction
/// takes the database's single writer lock (so trial numbers and completion orders are claimed inside
/// it, unique and gap-free) and which errors mean "busy, try the whole operation again".
/// </summary>
public abstract partial class SqlStorage : TrialStorage
{
    private const int MaxAttempts = 50;
    private readonly DbConnection _conn;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    private protected SqlStorage(DbConnection connection, TimeProvider? time)
    {
        _conn = connection;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many times an operation had to be retried because the database was busy (for diagnostics).</summary>
    public int BusyRetries { get; private set; }

    private protected DbConnection Connection => _conn;

    private long Now => _time.GetUtcNow().UtcDateTime.Ticks;

    /// <summary>Opens a transaction that holds the database's writer lock from its first statement.</summary>
    private protected abstract DbTransaction BeginWrite();

    /// <summary>Opens a transaction that reads one consistent snapshot.</summary>
    private protected abstract DbTransaction BeginRead();

    /// <summary>Whether the error means the database was busy and the whole operation may be retried.</summary>
    private protected abstract bool IsBusy(Exception ex);

    protected override void Dispose(bool disposing)
    {
        if (disposing) { lock (_lock) { _conn.Dispose(); } }
    }

    /// <summary>
    /// The error to raise instead of <paramref name="ex"/> when it says the store itself is unusable (a damaged
    /// or foreign file), so that the caller learns which file is broken; null to let it through.
    /// </summary>
    private protected virtual StudyStorageException? Unusable(Exception ex) => null;

    private protected T Retry<T>(Func<T> op)
    {
        StudyStorageException? unusable = null;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                lock (_lock) { return op(); }
            }
            catch (Exception ex) when (IsBusy(ex) && attempt < MaxAttempts)
            {
                BusyRetries++;
                Thread.Sleep(Math.Min(1000, 5 << Math.Min(attempt, 8)) + System.Random.Shared.Next(10));
            }
            catch (Exception ex) when ((unusable = Unusable(ex)) is not null)
            {
                throw unusable;
            }
        }
    }

    /// <summary>Runs <paramref name="body"/> inside a write transaction, retried as a whole when busy.</summary>
    private protected T Write<T>(Func<DbTransaction, T> body) => Retry(() =>
    {
        using var tx = BeginWrite();
        var result = body(tx);
        tx.Commit();
        return result;
    });

    private T Read<T>(Func<DbTransaction, T> body) => Retry(() =>
    {
        using var tx = BeginRead();
        var result = body(tx);
        tx.Commit();
        return result;
    });

    private DbCommand Cmd(string sql, DbTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private protected int Exec(string sql, DbTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Cmd(sql, tx, args);
        return cmd.ExecuteNonQuery();
    }

    private protected long Scalar(string sql, DbTransaction? tx, params (string, object?)[] args)
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
        Exec("INSERT INTO studies (name, direction, created) VALUES (@n, @d, @t)", tx, ("@n", name), ("@d", (int)direction), ("@t", Now));
        return FindStudy(name, tx)!;
    });

    public override StudyInfo? FindStudy(string name) => Read(tx => FindStudy(name, tx));

    private StudyInfo? FindStudy(string name, DbTransaction tx) => ListStudies(tx).FirstOrDefault(s => s.Name == name);

    public override IReadOnlyList<StudyInfo> ListStudies() => Read(ListStudies);

    private List<StudyInfo> ListStudies(DbTransaction tx)
    {
        using var cmd = Cmd("SELECT study_id, name, direction FROM studies ORDER BY study_id", tx);
        using var r = cmd.ExecuteReader();
        var list = new List<StudyInfo>();
        while (r.Read()) { list.Add(new StudyInfo(r.GetInt32(0), r.GetString(1), (StudyDirection)r.GetInt32(2))); }
        return list;
    }

    public override FrozenTrial? ClaimTrial(int studyId, string worker, int? maxTrials = null) => Write(tx =>
    {
        long id = Scalar("SELECT trial_id FROM trials WHERE study_id = @s AND state = @w ORDER BY number LIMIT 1", tx,
            ("@s", studyId), ("@w", (int)TrialState.Waiting));
        if (id < 0)
        {
            if (maxTrials is int max && Scalar("SELECT COUNT(*) FROM trials WHERE study_id = @s AND retried = 0", tx, ("@s", studyId)) >= max)
            {
                return null;
            }
            id = InsertWaiting(studyId, tx);
        }
        long now = Now;
        Exec("UPDATE trials SET state = @r, worker = @wk, start = @t, heartbeat = @t WHERE trial_id = @id", tx,
            ("@r", (int)TrialState.Running), ("@wk", worker), ("@t", now), ("@id", id));
        return LoadTrials(tx, "t.trial_id = @id", ("@id", id))[0];
    });

    private long InsertWaiting(int studyId, DbTransaction tx)
    {
        int number = (int)Scalar("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = @s", tx, ("@s", studyId));
        return Scalar("INSERT INTO trials (study_id, number, state) VALUES (@s, @n, @w) RETURNING trial_id", tx,
            ("@s", studyId), ("@n", number), ("@w", (int)TrialState.Waiting));
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

    private int SetParam(DbTransaction tx, long id, string name, double value, ParamDistribution d) =>
        Exec("""
            INSERT INTO trial_params (trial_id, name, value, distribution) VALUES (@id, @n, @v, @d)
            ON CONFLICT (trial_id, name) DO UPDATE SET value = excluded.value, distribution = excluded.distribution
            """, tx, ("@id", id), ("@n", name), ("@v", value), ("@d", d.Serialize()));

    public override void SetSystemAttr(long trialId, string key, string value) => Write(tx => SetAttr(tx, trialId, key, value));

    private int SetAttr(DbTransaction tx, long id, string key, string value) =>
        Exec("INSERT INTO trial_attrs (trial_id, key, value) VALUES (@id, @k, @v) ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value",
            tx, ("@id", id), ("@k", key), ("@v", value));

    public override void SetIntermediate(long trialId, int step, double value) => Write(tx =>
        Exec("INSERT INTO trial_intermediate (trial_id, step, value) VALUES (@id, @s, @v) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
            tx, ("@id", trialId), ("@s", step), ("@v", value)));

    public override bool FinishTrial(long trialId, TrialState state, double? value, string? error = null) => Write(tx => Finish(tx, trialId, state, value, error) == 1);

    private int Finish(DbTransaction tx, long id, TrialState state, double? value, string? error) =>
        Exec("""
            UPDATE trials SET state = @st, value = @v, error = @e, complete = @t,
                complete_order = (SELECT COALESCE(MAX(complete_order), 0) + 1 FROM trials)
            WHERE trial_id = @id AND state = @r
            """, tx, ("@st", (int)state), ("@v", value), ("@e", error), ("@t", Now), ("@id", id), ("@r", (int)TrialState.Running));

    public override void Heartbeat(long trialId) => Write(tx =>
        Exec("UPDATE trials SET heartbeat = @t WHERE trial_id = @id AND state = @r", tx, ("@t", Now), ("@id", trialId), ("@r", (int)TrialState.Running)));

    public override IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, bool retry) => Write(tx =>
    {
        long now = Now;
        long limit = grace == TimeSpan.MaxValue ? long.MinValue : now - grace.Ticks;
        var stale = LoadTrials(tx, "t.study_id = @s AND t.state = @r AND t.heartbeat < @lim",
            ("@s", studyId), ("@r", (int)TrialState.Running), ("@lim", limit));
        foreach (var t in stale)
        {
            var seconds = (now - t.Heartbeat!.Value.Ticks) / (double)TimeSpan.TicksPerSecond;
            Finish(tx, t.Id, TrialState.Failed, null, string.Create(CultureInfo.InvariantCulture, $"Worker '{t.Worker}' lost its heartbeat (none for {seconds:F1} s)."));
            if (!retry) { continue; }
            Exec("UPDATE trials SET retried = 1 WHERE trial_id = @id", tx, ("@id", t.Id));
            long copy = InsertWaiting(studyId, tx);
            foreach (var (k, v) in t.Params) { SetParam(tx, copy, k, v, t.Distributions[k]); }
            foreach (var (k, v) in t.SystemAttrs) { SetAttr(tx, copy, k, v); }
            SetAttr(tx, copy, "retry_of", t.Number.ToString(CultureInfo.InvariantCulture));
        }
        return stale.Count == 0 ? stale : LoadTrials(tx, $"t.trial_id IN ({string.Join(',', stale.Select(t => t.Id))})");
    });

    public override IReadOnlyList<FrozenTrial> FailWorkerTrials(int studyId, string worker, string error) => Write(tx =>
    {
        var held = LoadTrials(tx, "t.study_id = @s AND t.state = @r AND t.worker = @wk", ("@s", studyId), ("@r", (int)TrialState.Running), ("@wk", worker));
        foreach (var t in held) { Finish(tx, t.Id, TrialState.Failed, null, error); }
        return held.Count == 0 ? held : LoadTrials(tx, $"t.trial_id IN ({string.Join(',', held.Select(t => t.Id))})");
    });

    public override long NextInSequence(int studyId, string sequence) => Write(tx => Scalar("""
        INSERT INTO study_sequences (study_id, name, value) VALUES (@s, @n, 1)
        ON CONFLICT (study_id, name) DO UPDATE SET value = study_sequences.value + 1
        RETURNING value
        """, tx, ("@s", studyId), ("@n", sequence)) - 1);

    public override IReadOnlyList<FrozenTrial> GetTrials(int studyId, TrialState state) => Read(tx =>
        LoadTrials(tx, "t.study_id = @s AND t.state = @st", ("@s", studyId), ("@st", (int)state)));

    public override IReadOnlyList<FrozenTrial> GetFinishedTrials(int studyId, long afterOrder) => Read(tx =>
        LoadTrials(tx, "t.study_id = @s AND t.complete_order > @o", "t.complete_order", ("@s", studyId), ("@o", afterOrder)));

    public override IReadOnlyList<FrozenTrial> GetAllTrials(int studyId) => Read(tx => LoadTrials(tx, "t.study_id = @s", ("@s", studyId)));

    public override FrozenTrial GetTrial(long trialId) => Read(tx =>
    {
        var list = LoadTrials(tx, "t.trial_id = @id", ("@id", trialId));
        return list.Count == 1 ? list[0] : throw new KeyNotFoundException($"No trial with id {trialId}.");
    });

    public override IReadOnlyDictionary<TrialState, int> CountByState(int studyId) => Read(tx =>
    {
        using var cmd = Cmd("SELECT state, COUNT(*) FROM trials WHERE study_id = @s GROUP BY state", tx, ("@s", studyId));
        using var r = cmd.ExecuteReader();
        var counts = new Dictionary<TrialState, int>();
        while (r.Read()) { counts[(TrialState)r.GetInt32(0)] = Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture); }
        return counts;
    });
}
