using System.Data.Common;
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
public sealed class SqliteStorage : SqlStorage
{
    private static int s_initialised;

    public SqliteStorage(string path, TimeProvider? time = null) : base(Connect(path), time)
    {
        Path = System.IO.Path.GetFullPath(path);
        Connection.Open();
        Retry(() =>
        {
            Exec("PRAGMA busy_timeout = 60000;");
            Exec("PRAGMA journal_mode = WAL;");
            Exec("PRAGMA synchronous = NORMAL;");
            Exec("PRAGMA foreign_keys = ON;");
            return 0;
        });
        Write(tx => Exec(StudySchema.Sqlite, tx));
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    private static SqliteConnection Connect(string path)
    {
        if (Interlocked.Exchange(ref s_initialised, 1) == 0) { SQLitePCL.Batteries_V2.Init(); }
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) { Directory.CreateDirectory(dir); }
        return new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 60,
        }.ToString());
    }

    private SqliteConnection Sqlite => (SqliteConnection)Connection;

    private protected override DbTransaction BeginWrite() => Sqlite.BeginTransaction(deferred: false);

    private protected override DbTransaction BeginRead() => Sqlite.BeginTransaction(deferred: true);

    private protected override bool IsBusy(Exception ex) => ex is SqliteException { SqliteErrorCode: 5 or 6 };
}
