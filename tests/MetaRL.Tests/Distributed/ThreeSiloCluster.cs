using MetaRL.Distributed;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace MetaRL.Tests.Distributed;

/// <summary>Orleans' in-process test cluster of three silos with the meta-task grains, shared by a test class (it takes a
/// few seconds to start); the test host picks free ports, so it collides with no other test or user silo.</summary>
public sealed class ThreeSiloCluster : IDisposable
{
    public ThreeSiloCluster()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<Workers>();
        Cluster = builder.Build();
        Cluster.Deploy();
    }

    public TestCluster Cluster { get; }

    public void Dispose()
    {
        Cluster.StopAllSilos();
        Cluster.Dispose();
    }

    private sealed class Workers : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMetaRLWorkers();
    }
}
