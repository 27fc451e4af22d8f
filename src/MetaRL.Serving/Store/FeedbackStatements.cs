using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MetaRL.Serving;

/// <summary>The writer's prepared inserts, one per row kind, reused across transactions. <c>INSERT OR IGNORE</c>: a row
/// whose key is taken writes nothing, and <see cref="Insert"/> says so.</summary>
internal sealed class FeedbackStatements : IDisposable
{
    private readonly SqliteCommand _session, _decision, _feedback;

    public FeedbackStatements(SqliteConnection connection)
    {
        _session = Command(connection, "INSERT OR IGNORE INTO sessions (id, task, model_version, created) VALUES ($1, $2, $3, $4)", 4);
        _decision = Command(connection, "INSERT OR IGNORE INTO decisions (session, step, obs, decision, log_prob, model_version, time) VALUES ($1, $2, $3, $4, $5, $6, $7)", 7);
        _feedback = Command(connection, "INSERT OR IGNORE INTO feedback (session, step, reward, terminated, truncated, time) VALUES ($1, $2, $3, $4, $5, $6)", 6);
    }

    public void Use(SqliteTransaction tx) => _session.Transaction = _decision.Transaction = _feedback.Transaction = tx;

    /// <summary>Inserts <paramref name="row"/>; false when its key was taken.</summary>
    public bool Insert(LogRow row) => row switch
    {
        SessionRow s => Run(_session, s.Id, (object?)s.Task ?? DBNull.Value, s.ModelVersion, Time(s.Time)),
        DecisionRow d => Run(_decision, d.Session, d.Step, JsonSerializer.Serialize(d.Observation, ServeJson.Default.SingleArray),
            DecisionJson.Of(d.Decision), d.Decision.LogProb, d.ModelVersion, Time(d.Time)),
        FeedbackRow f => Run(_feedback, f.Session, f.Step, f.Reward, f.Terminated ? 1 : 0, f.Truncated ? 1 : 0, Time(f.Time)),
        _ => throw new ArgumentException($"unknown row {row.GetType().Name}", nameof(row)),
    };

    public void Dispose()
    {
        _session.Dispose();
        _decision.Dispose();
        _feedback.Dispose();
    }

    private static bool Run(SqliteCommand cmd, params object[] values)
    {
        for (int i = 0; i < values.Length; i++) { cmd.Parameters[i].Value = values[i]; }
        return cmd.ExecuteNonQuery() > 0;
    }

    private static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, string sql, int parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        for (int i = 1; i <= parameters; i++) { cmd.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null)); }
        cmd.Prepare();
        return cmd;
    }
}
