using System.Data;
using System.Data.Common;
using Npgsql;

namespace MetaRL.Tuning;

/// <summary>
/// A study on a PostgreSQL server, for workers on several machines. Same semantics as
/// <see cref="SqliteStorage"/> (the SQL is shared): every write transaction first takes one
/// transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>), the server-side twin of SQLite's
/// <c>BEGIN IMMEDIATE</c>, so trial numbers and completion orders are claimed unique and gap-free, and
/// reads run in REPEATABLE READ snapshots. A worker that dies mid-trial stops its heartbeats and is failed
/// after the grace period by any live worker, exactly as with the file store. Opened by
/// <c>postgres:Host=…;Database=…;Username=…;Password=…</c> (an Npgsql connection string).
/// </summary>
public sealed class PostgresStorage : SqlStorage
{
    /// <summary>The advisory lock key that serialises writers ("MetaRLst" as ASCII).</summary>
    private const long WriterLockKey = 0x4D657461524C7374;

    public PostgresStorage(string connectionString, TimeProvider? time = null) : base(new NpgsqlConnection(connectionString), time)
    {
        Connection.Open();
        Write(tx => Exec(StudySchema.Postgres, tx));
    }

    private NpgsqlConnection Npgsql => (NpgsqlConnection)Connection;

    private protected override DbTransaction BeginWrite()
    {
        var tx = Npgsql.BeginTransaction(IsolationLevel.ReadCommitted);
        using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", Npgsql, tx);
        cmd.Parameters.AddWithValue("k", WriterLockKey);
        cmd.ExecuteNonQuery();
        return tx;
    }

    private protected override DbTransaction BeginRead() => Npgsql.BeginTransaction(IsolationLevel.RepeatableRead);

    /// <summary>Serialization failures and deadlocks; the advisory lock should make both rare.</summary>
    private protected override bool IsBusy(Exception ex) => ex is PostgresException { SqlState: "40001" or "40P01" };
}
