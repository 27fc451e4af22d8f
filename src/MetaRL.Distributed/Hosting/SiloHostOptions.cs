using System.Net;

namespace MetaRL.Distributed;

/// <summary>
/// A worker silo's settings (<c>metarl cluster silo</c>). A second silo on one machine takes
/// <c>--port 11112 --gateway-port 30001</c>, and so on.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>How silos find each other.</summary>
    /// <value>The default value is localhost clustering.</value>
    public ClusterMembership Membership { get; init; } = ClusterMembership.Localhost();

    /// <summary>The silo-to-silo port.</summary>
    /// <value>The default value is 11111.</value>
    public int Port { get; init; } = 11111;

    /// <summary>The port clients (a <c>--cluster</c> run) connect to.</summary>
    /// <value>The default value is 30000.</value>
    public int GatewayPort { get; init; } = ClusterMembership.DefaultGatewayPort;

    /// <summary>With localhost clustering, the silo port of the first silo, which keeps the membership (the silo whose
    /// <see cref="Port"/> it is is that first silo).</summary>
    /// <value>The default value is 11111.</value>
    public int PrimaryPort { get; init; } = 11111;

    /// <summary>The address other silos and clients reach this one at (with PostgreSQL membership, the machine's address
    /// on the cluster's network).</summary>
    /// <value>The default value is 127.0.0.1.</value>
    public IPAddress Advertise { get; init; } = IPAddress.Loopback;

    /// <summary>Orleans' cluster id: silos and clients with the same one form a cluster (several clusters can share one
    /// PostgreSQL database).</summary>
    /// <value>The default value is <c>metarl</c>.</value>
    public string ClusterId { get; init; } = DefaultClusterId;

    /// <summary>The cluster id of <c>metarl cluster silo</c> and <c>--cluster</c> when none is given.</summary>
    public const string DefaultClusterId = "metarl";

    /// <summary>Declare a silo that stops answering dead after a few seconds of missed probes
    /// (<see cref="SiloHost.FastFailureDetection"/>) instead of Orleans' default of tens of seconds, so a killed silo's tasks are re-run soon; for a machine or a test cluster whose
    /// silos are not slowed to a stall by load (a busy silo is then declared dead and its tasks re-run elsewhere: the
    /// result is the same, only slower).</summary>
    /// <value>The default value is false.</value>
    public bool FastFailureDetection { get; init; }
}
