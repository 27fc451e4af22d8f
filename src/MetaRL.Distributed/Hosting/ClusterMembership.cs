namespace MetaRL.Distributed;

/// <summary>
/// How silos and clients find each other, from a <c>--clustering</c> / <c>--cluster</c> value:
/// <list type="bullet">
/// <item><c>localhost</c> (or <c>localhost:G1,G2,…</c> for a client's gateway ports): Orleans' development clustering on
/// this machine, the first silo (<see cref="SiloHostOptions.PrimaryPort"/>) keeping the membership; a client reaches the
/// gateway at port 30000 unless ports are given.</item>
/// <item><c>postgres:CONNECTION</c>: membership rows in PostgreSQL (<c>Microsoft.Orleans.Clustering.AdoNet</c>), for
/// silos on several machines; the tables are created by <see cref="PostgresMembership.Ensure"/>.</item>
/// </list>
/// </summary>
public sealed record ClusterMembership
{
    /// <summary>The gateway port of <c>--cluster localhost</c> (the default silo's).</summary>
    public const int DefaultGatewayPort = 30000;

    private ClusterMembership(string? postgres, int[] gatewayPorts)
    {
        Postgres = postgres;
        GatewayPorts = gatewayPorts;
    }

    /// <summary>The PostgreSQL connection string, or null for localhost clustering.</summary>
    public string? Postgres { get; }

    /// <summary>The gateways a localhost client tries.</summary>
    public IReadOnlyList<int> GatewayPorts { get; }

    /// <summary>Localhost clustering with the given gateways (default 30000).</summary>
    public static ClusterMembership Localhost(params int[] gatewayPorts) => new(null, gatewayPorts.Length == 0 ? [DefaultGatewayPort] : gatewayPorts);

    /// <summary>Parses <c>localhost</c>, <c>localhost:30000,30001</c> or <c>postgres:CONNECTION</c>; throws
    /// <see cref="ArgumentException"/> with the accepted forms otherwise.</summary>
    public static ClusterMembership Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const string forms = "expected localhost, localhost:GATEWAY_PORT[,PORT…] or postgres:CONNECTION_STRING";
        if (value == "localhost") { return Localhost(); }
        if (value.StartsWith("localhost:", StringComparison.Ordinal))
        {
            var parts = value["localhost:".Length..].Split(',');
            var ports = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ports[i]) || ports[i] is < 1 or > 65535)
                {
                    throw new ArgumentException($"'{parts[i]}' in '{value}' is not a port; {forms}");
                }
            }
            return Localhost(ports);
        }
        if (value.StartsWith("postgres:", StringComparison.Ordinal) && value.Length > "postgres:".Length)
        {
            return new ClusterMembership(value["postgres:".Length..], []);
        }
        throw new ArgumentException($"'{value}' is not a clustering; {forms}");
    }

    /// <summary>For messages: the clustering without a password.</summary>
    public override string ToString() => Postgres is null
        ? "localhost" + (GatewayPorts.SequenceEqual([DefaultGatewayPort]) ? "" : " (gateways " + string.Join(",", GatewayPorts) + ")")
        : "postgres (" + PostgresMembership.Describe(Postgres) + ")";
}
