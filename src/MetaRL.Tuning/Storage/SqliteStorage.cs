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
/// <remarks>
/// Opening checks the file before anything is written to it: garbage, a truncated or otherwise damaged
/// file (<c>PRAGMA quick_check</c>) and a SQLite database of some other program raise a
/// <see cref="StudyStorageException"/> naming the file, as does damage found later by any operation;
/// an empty or missing file becomes a new study file.
/// </remarks>
public sealed class SqliteStorage : SqlStorage
{
    private static int s_initialised;

    public SqliteStorage(string path, TimeProvider? time = null) : base(Connect(path), time)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            Open();
        }
        catch
        {
            Connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    private void Open()
    {
        try { Connection.Open(); }
        catch (SqliteException ex) { throw new StudyStorageException($"Cannot open the study file '{Path}' ({Reason(ex)}).", ex); }
        Retry(() => Exec("PRAGMA busy_timeout = 60000;"));
        // Checked before anything (the WAL switch included) writes to what may be someone else's file.
        Retry(Verify);
        Retry(() =>
        {
            Exec("PRAGMA journal_mode = WAL;");
            Exec("PRAGMA synchronous = NORMAL;");
            Exec("PRAGMA foreign_keys = ON;");
            return 0;
        });
        Write(tx => Exec(StudySchema.Sqlite, tx));
    }

    /// <summary>Refuses a damaged file, and a database that holds tables but no study (another program's).</summary>
    private int Verify()
    {
        using (var cmd = Connection.CreateCommand())
        {
            cmd.CommandText = "PRAGMA quick_check";
            using var r = cmd.ExecuteReader();
            if (r.Read() && r.GetString(0) is var first && first != "ok")
            {
                throw Damaged(string.Join("; ", first.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), null);
            }
        }
        long tables = Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", null);
        if (tables == 0) { return 0; }
        try
        {
            Exec("SELECT trial_id, number, state, value, start, complete, heartbeat, complete_order, worker, error, retried FROM trials LIMIT 0");
            Exec("SELECT study_id, name, direction FROM studies LIMIT 0");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            throw new StudyStorageException($"'{Path}' is a SQLite database but not a study file ({Reason(ex)}).", ex);
        }
        return 0;
    }

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

    /// <summary>SQLITE_NOTADB (26), SQLITE_CORRUPT (11), SQLITE_IOERR (10) and, while opening, "unsupported file format".</summary>
    private protected override StudyStorageException? Unusable(Exception ex) => ex switch
    {
        SqliteException { SqliteErrorCode: 26 } e => NotAStudy(e),
        SqliteException { SqliteErrorCode: 1 } e when e.Message.Contains("unsupported file format", StringComparison.Ordinal) => NotAStudy(e),
        SqliteException { SqliteErrorCode: 11 } e => Damaged(Reason(e), e),
        SqliteException { SqliteErrorCode: 10 } e => new StudyStorageException($"The study file '{Path}' cannot be read ({Reason(e)}).", e),
        _ => null,
    };

    private StudyStorageException NotAStudy(SqliteException e) => new($"'{Path}' is not a study file ({Reason(e)}).", e);

    private StudyStorageException Damaged(string why, Exception? inner)
    {
        string message = $"The study file '{Path}' is damaged ({why}); restore it from a copy or start a new file.";
        return inner is null ? new(message) : new(message, inner);
    }

    /// <summary>SQLite's own words, without the trailing full stop (they go inside parentheses).</summary>
    private static string Reason(SqliteException e) => e.Message.TrimEnd('.');
}
