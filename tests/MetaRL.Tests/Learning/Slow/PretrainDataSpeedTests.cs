using MetaRL.Learning.Decision;
using MetaRL.Tests.Learning.Decision;

namespace MetaRL.Tests.Learning.Slow;

/// <summary>The speed requirement for datasets: 100k bandit tasks of context 100 in seconds, not minutes. A
/// wall-clock bound, so it runs alone (Category=Slow), not beside the default suite's other tests on two cores.</summary>
[Trait("Category", "Slow")]
public sealed class PretrainDataSpeedTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Generating_100k_bandit_rows_of_context_100_takes_seconds()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = PretrainData.Generate(DecisionDataRequest.Resolve("Bandit-v0", null, "dpt", 100_000, 1), _folder.Path_("big"));
        Assert.Equal(10_000_000, result.Manifest.Transitions);
        Assert.True(clock.Elapsed.TotalSeconds < 20, $"took {clock.Elapsed.TotalSeconds:F1} s");
    }
}
