using Npgsql;

namespace MetaRL.Distributed;

/// <summary>
/// Cluster membership in PostgreSQL for <c>Microsoft.Orleans.Clustering.AdoNet</c>: <see cref="Ensure"/> applies the
/// project's script (<c>Hosting/Sql/membership.sql</c>, embedded) before a silo or client uses the database, so the
/// tables are never set up by hand. The script is idempotent and applied under an advisory lock, so silos starting
/// together do not race.
/// </summary>
public static class PostgresMembership
{
    /// <summary>The ADO.NET invariant name of Npgsql, as Orleans' AdoNet providers know it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Host and database of a connection string, without credentials (for messages).</summary>
    public static string Describe(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }
    }

    /// <summary>The advisory lock key under which the script is applied (an arbitrary constant of this project).</summary>
    private const long ScriptLock = 0x6d6574_61726c;

    /// <summary>Creates the membership tables when missing and (re)writes the queries the provider reads; throws
    /// <see cref="ClusterUnavailableException"/> naming the database (not its password) when it cannot be reached.</summary>
    public static void Ensure(string connection)
    {
        System.Data.Common.DbProviderFactories.RegisterFactory(Invariant, NpgsqlFactory.Instance);
        string script;
        using (var stream = typeof(PostgresMembership).Assembly.GetManifestResourceStream("MetaRL.Distributed.membership.sql")
            ?? throw new InvalidOperationException("the membership script is not embedded"))
        using (var reader = new StreamReader(stream))
        {
            script = reader.ReadToEnd();
        }
        try
        {
            using var db = new NpgsqlConnection(connection);
            db.Open();
            using var tx = db.BeginTransaction();
            using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ScriptLock})", db, tx)) { lockCommand.ExecuteNonQuery(); }
            using (var command = new NpgsqlCommand(script, db, tx)) { command.ExecuteNonQuery(); }
            tx.Commit();
        }
        catch (Exception ex) when (ex is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            throw new ClusterUnavailableException($"the PostgreSQL membership database {Describe(connection)} could not be set up: {ex.Message.Split('\n')[0].Trim()}", ex);
        }
    }
}
