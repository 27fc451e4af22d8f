using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace MetaRL.Serving;

/// <summary>The writer's prepared statements, reused across transactions, bound and stepped through SQLite's own API: no
/// command objects, boxed parameters or strings per row on the act path (the log writes every decision). A row that
/// would be written twice writes nothing, and <see cref="Insert"/> says so: a session or feedback row whose key is taken
/// (<c>INSERT OR IGNORE</c>), a decision that is not its session's next step (<see cref="FeedbackSchema"/>).</summary>
internal sealed class FeedbackStatements : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin, _commit, _rollback, _session, _sessionSteps, _advance, _decision, _feedback;
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private readonly Utf8JsonWriter _writer;

    public FeedbackStatements(SqliteConnection connection)
    {
        _db = connection.Handle!;
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _session = Prepare("INSERT OR IGNORE INTO sessions (id, task, model_version, created) VALUES (?1, ?2, ?3, ?4)");
        _sessionSteps = Prepare("INSERT OR IGNORE INTO session_steps (session, last_step) VALUES (?1, -1)");
        _advance = Prepare("UPDATE session_steps SET last_step = ?2 WHERE session = ?1 AND last_step = ?2 - 1");
        _decision = Prepare("INSERT INTO decisions (session, step, obs, decision, log_prob, model_version, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _feedback = Prepare("INSERT OR IGNORE INTO feedback (session, step, reward, terminated, truncated, time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        _writer = new Utf8JsonWriter(_json);
    }

    /// <summary>Runs <paramref name="write"/> in one write transaction: committed when it returns, rolled back when it
    /// throws.</summary>
    public void Transaction(Action write)
    {
        Step(_begin);
        try
        {
            write();
            Step(_commit);
        }
        catch
        {
            if (raw.sqlite3_get_autocommit(_db) == 0) { Step(_rollback); }
            throw;
        }
    }

    /// <summary>Writes <paramref name="row"/>; false when that would write it twice (nothing written).</summary>
    public bool Insert(LogRow row)
    {
        switch (row)
        {
            case SessionRow s:
                Text(_session, 1, s.Id);
                if (s.Task is null) { raw.sqlite3_bind_null(_session, 2); } else { Text(_session, 2, s.Task); }
                Text(_session, 3, s.ModelVersion);
                Time(_session, 4, s.Time);
                if (!Step(_session)) { return false; }
                Text(_sessionSteps, 1, s.Id);
                return Step(_sessionSteps);
            case DecisionRow d:
                Text(_advance, 1, d.Session);
                raw.sqlite3_bind_int64(_advance, 2, d.Step);
                if (!Step(_advance)) { return false; }
                Text(_decision, 1, d.Session);
                raw.sqlite3_bind_int64(_decision, 2, d.Step);
                Observation(_decision, 3, d.Observation);
                raw.sqlite3_bind_text(_decision, 4, d.Decision.Json);
                raw.sqlite3_bind_double(_decision, 5, d.Decision.LogProb);
                Text(_decision, 6, d.ModelVersion);
                Time(_decision, 7, d.Time);
                return Step(_decision);
            case FeedbackRow f:
                Text(_feedback, 1, f.Session);
                raw.sqlite3_bind_int64(_feedback, 2, f.Step);
                raw.sqlite3_bind_double(_feedback, 3, f.Reward);
                raw.sqlite3_bind_int(_feedback, 4, f.Terminated ? 1 : 0);
                raw.sqlite3_bind_int(_feedback, 5, f.Truncated ? 1 : 0);
                Time(_feedback, 6, f.Time);
                return Step(_feedback);
            default:
                throw new ArgumentException($"unknown row {row.GetType().Name}", nameof(row));
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        _session.Dispose();
        _sessionSteps.Dispose();
        _advance.Dispose();
        _decision.Dispose();
        _feedback.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_db, sql, out var stmt));
        return stmt;
    }

    /// <summary>Runs the bound statement and resets it (every parameter is bound again before each run); true when it wrote
    /// a row.</summary>
    private bool Step(sqlite3_stmt stmt)
    {
        try
        {
            int rc = raw.sqlite3_step(stmt);
            if (rc != raw.SQLITE_DONE) { Check(rc); }
            return raw.sqlite3_changes(_db) > 0;
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    private static void Text(sqlite3_stmt stmt, int index, string value) => raw.sqlite3_bind_text(stmt, index, value);

    /// <summary>Binds <paramref name="observation"/> as a JSON array, UTF-8 text (SQLite copies it).</summary>
    private void Observation(sqlite3_stmt stmt, int index, float[] observation)
    {
        _json.ResetWrittenCount();
        _writer.Reset(_json);
        JsonSerializer.Serialize(_writer, observation, ServeJson.Default.SingleArray);
        _writer.Flush();
        raw.sqlite3_bind_text(stmt, index, _json.WrittenSpan);
    }

    /// <summary>The round-trip ISO 8601 form ("O"), written without a string.</summary>
    private static void Time(sqlite3_stmt stmt, int index, DateTimeOffset t)
    {
        Span<byte> buffer = stackalloc byte[48];
        if (!t.TryFormat(buffer, out int n, "O", CultureInfo.InvariantCulture)) { throw new InvalidOperationException("time format"); }
        raw.sqlite3_bind_text(stmt, index, buffer[..n]);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) { throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc); }
    }
}
