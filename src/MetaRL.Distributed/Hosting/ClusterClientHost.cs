using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace MetaRL.Distributed;

/// <summary>
/// A connection of a run (<c>--cluster</c>) to a cluster's silos: an Orleans client on localhost gateways or on the
/// PostgreSQL membership, with the call timeout of <see cref="ClusterRetryOptions.CallTimeout"/>. Disposing it
/// closes the connection.
/// </summary>
public sealed class ClusterClientHost : IDisposable
{
    private readonly IHost _host;

    private ClusterClientHost(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Connection attempts before a run gives up on the cluster (a second apart).</summary>
    public const int ConnectAttempts = 3;

    /// <summary>The client grains are called through.</summary>
    public IClusterClient Client { get; }

    /// <summary>Connects; throws <see cref="ClusterUnavailableException"/> with the clustering named when no gateway answers.</summary>
    public static ClusterClientHost Connect(ClusterMembership membership, string clusterId = SiloHostOptions.DefaultClusterId, ClusterRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(membership);
        var timeout = (retry ?? new ClusterRetryOptions()).CallTimeout;
        if (membership.Postgres is { } database) { PostgresMembership.Ensure(database); }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            if (membership.Postgres is { } connection)
            {
                client.UseAdoNetClustering(a =>
                {
                    a.Invariant = PostgresMembership.Invariant;
                    a.ConnectionString = connection;
                });
            }
            else
            {
                client.UseStaticClustering([.. membership.GatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p))]);
            }
            client.Configure<ClusterOptions>(c =>
            {
                c.ClusterId = clusterId;
                c.ServiceId = SiloHost.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = timeout);
            // Orleans' client keeps trying to connect for minutes by default; a run tries ConnectAttempts times, a second apart.
            int attempts = 0;
            client.UseConnectionRetryFilter(async (_, cancel) =>
            {
                if (++attempts >= ConnectAttempts) { return false; }
                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
                return true;
            });
        });
        var host = builder.Build();
        try
        {
            host.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            host.Dispose();
            throw new ClusterUnavailableException(
                $"no silo answered on {membership} (cluster id '{clusterId}'): start one with `metarl cluster silo` ({ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()})", ex);
        }
        return new ClusterClientHost(host);
    }

    public void Dispose()
    {
        try { _host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult(); }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or ObjectDisposedException) { /* the cluster is gone already */ }
        _host.Dispose();
    }
}

/// <summary>A run could not reach any silo of its cluster.</summary>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException() { }

    public ClusterUnavailableException(string message) : base(message) { }

    public ClusterUnavailableException(string message, Exception inner) : base(message, inner) { }
}
