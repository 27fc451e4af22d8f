using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime.Placement;

namespace MetaRL.Distributed;

/// <summary>
/// Builds a worker silo (<c>metarl cluster silo</c>): Orleans with the meta-task grains, on localhost or PostgreSQL
/// membership. The caller starts it, and stops it gracefully (its activations finish their calls, it leaves the
/// membership) on Ctrl-C.
/// </summary>
public static class SiloHost
{
    /// <summary>The environment variable that sets a silo's log level (Warning unless set).</summary>
    public const string LogLevelVariable = "METARL_SILO_LOG";

    /// <summary>The service id every metarl silo and client share.</summary>
    public const string ServiceId = "metarl";

    /// <summary>A host running one silo with <paramref name="options"/>; its log (warnings and errors only) goes to the
    /// console. PostgreSQL's membership tables are created first when missing.</summary>
    public static IHost Build(SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Warnings and errors only (METARL_SILO_LOG=Information or Debug for more); the start-up notes about server GC (this
        // silo runs with workstation GC, as the CLI does) are left out.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable(LogLevelVariable), ignoreCase: true, out var l) ? l : LogLevel.Warning;
        builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(level).AddFilter("Orleans.Runtime.Silo", level == LogLevel.Warning ? LogLevel.Error : level);
        builder.UseOrleans(silo => Configure(silo, options));
        return builder.Build();
    }

    /// <summary>Configures <paramref name="silo"/> as a metarl worker with <paramref name="options"/>.</summary>
    public static ISiloBuilder Configure(ISiloBuilder silo, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Membership.Postgres is { } connection)
        {
            PostgresMembership.Ensure(connection);
            silo.UseAdoNetClustering(a =>
            {
                a.Invariant = PostgresMembership.Invariant;
                a.ConnectionString = connection;
            });
            silo.ConfigureEndpoints(options.Advertise, options.Port, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(options.Advertise));
        }
        else
        {
            silo.UseLocalhostClustering(options.Port, options.GatewayPort, new IPEndPoint(IPAddress.Loopback, options.PrimaryPort), ServiceId, options.ClusterId);
        }
        silo.Configure<ClusterOptions>(c =>
        {
            c.ClusterId = options.ClusterId;
            c.ServiceId = ServiceId;
        });
        if (options.FastFailureDetection) { silo.Configure<ClusterMembershipOptions>(FastFailureDetection); }
        return AddMetaRLWorkers(silo);
    }

    /// <summary>The services the meta-task grains need (for a silo configured elsewhere, e.g. a test cluster).</summary>
    public static ISiloBuilder AddMetaRLWorkers(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<SiloWorkload>();
        silo.Services.AddPlacementDirector<TaskIndexPlacement, TaskIndexPlacementDirector>();
        return silo;
    }

    /// <summary>A silo that misses 3 probes of 2 s each is declared dead on one vote: a few seconds from a kill to its
    /// removal from the placement (Orleans' defaults take tens of seconds), slack enough for a silo slowed by a loaded
    /// machine.</summary>
    public static void FastFailureDetection(ClusterMembershipOptions m)
    {
        ArgumentNullException.ThrowIfNull(m);
        m.ProbeTimeout = TimeSpan.FromSeconds(2);
        m.NumMissedProbesLimit = 3;
        m.NumProbedSilos = 2;
        m.NumVotesForDeathDeclaration = 1;
        m.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        m.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
    }
}
