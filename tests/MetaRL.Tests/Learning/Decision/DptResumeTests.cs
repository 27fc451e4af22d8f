using MetaRL.Learning.Decision;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

public sealed class DptResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-dpt-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void A_run_stopped_and_resumed_ends_bit_identical_to_one_never_stopped()
    {
        // Dropout and shuffled contexts draw from the per-iteration generator too; both must replay exactly.
        (string, string)[] extra = [("dropout", "0.1"), ("checkpoint_every", "5"), ("val_every", "4"), ("log_every", "2")];
        var (_, whole, _) = DptTestRuns.Pretrain(_root, "whole", DptTestRuns.TwoArms(12, extra));
        var (_, parts, first) = DptTestRuns.Pretrain(_root, "parts", DptTestRuns.TwoArms(12, extra), stopAfter: 6);
        Assert.Equal(RunSummary.Interrupted, first.Summary.Status);
        Assert.Equal(6, first.Steps);
        string[] before = File.ReadAllLines(parts.MetricsPath);
        var (_, _, rest) = DptTestRuns.Pretrain(_root, "parts", DptTestRuns.TwoArms(12, extra), resume: true);
        Assert.Equal(RunSummary.Completed, rest.Summary.Status);
        foreach (var file in new[] { CheckpointStore.Model, CheckpointStore.Optimizer })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole.CheckpointsPath, "12", file)), File.ReadAllBytes(Path.Combine(parts.CheckpointsPath, "12", file)));
        }
        Assert.Equal(first.ValLoss, Values(before, "losses/val").Last());
        Assert.Equal(Values(File.ReadAllLines(whole.MetricsPath), "losses/train"), Values(File.ReadAllLines(parts.MetricsPath), "losses/train"));
        Assert.Equal(whole.Scalars.Series["losses/val"].Select(p => p.Value), parts.Scalars.Series["losses/val"].Select(p => p.Value));
    }

    private static double[] Values(string[] lines, string tag) =>
        [.. lines.Where(l => l.Contains($"\"{tag}\"", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("value").GetDouble())];
}
