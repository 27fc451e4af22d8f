using Npgsql;

namespace MetaRL.Distributed;

/// <summary>Cluster membership in PostgreSQL for <c>Microsoft.Orleans.Clustering.AdoNet</c>.</summary>
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

    /// <summary>Creates the membership tables and queries when missing.</summary>
    public static void Ensure(string connection) => throw new NotSupportedException("PostgreSQL membership: not yet");
}
