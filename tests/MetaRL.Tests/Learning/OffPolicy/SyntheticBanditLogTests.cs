using MetaRL.Random;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

public sealed class SyntheticBanditLogTests
{
    [Fact]
    public void The_generator_is_seeded_and_its_log_is_valid()
    {
        var options = new SyntheticBanditOptions { Rounds = 500, TrainRounds = 500, Actions = 5, ContextDim = 3 };
        var (a, va) = SyntheticBanditLog.Generate(options, 4);
        var (b, vb) = SyntheticBanditLog.Generate(options, 4);
        var (_, vc) = SyntheticBanditLog.Generate(options, 5);
        Assert.Equal(va, vb);
        Assert.Equal(a.Action, b.Action);
        Assert.NotEqual(va, vc);
        Assert.InRange(va, 0.0, 1.0);
        Assert.All(a.Pscore, p => Assert.InRange(p, float.Epsilon, 1f));
        for (int i = 0; i < a.Rows; i++) { Assert.Equal(1.0, a.TargetRow(i).ToArray().Sum(p => (double)p), 4); }
        var stream = new MemoryStream();
        BanditLogWriter.Write(stream, a);
        stream.Position = 0;
        Assert.Equal(a.Rows, BanditLogReader.Read(stream, "synthetic").Rows);
    }

    /// <summary>OBP's example at seed 0 (10,000 rounds, 30 actions, 5-dim context, β = −3): every estimator within 4% of
    /// the truth with the default per-action reward model, and the doubly robust estimate within 2%.</summary>
    [Fact]
    public void On_obps_synthetic_example_the_estimates_are_near_the_truth()
    {
        var (log, truth) = SyntheticBanditLog.Generate(new SyntheticBanditOptions(), 0);
        var report = OffPolicyEvaluation.Evaluate(log, new OpeOptions { BootstrapSamples = 200 });
        Assert.True(report.FittedRewardModel);
        foreach (var row in report.Rows)
        {
            Assert.True(Math.Abs(row.Value - truth) / truth < 0.04, $"{row.Estimator}: {row.Value} vs truth {truth}");
            Assert.True(row.Ci95Low <= row.Value && row.Value <= row.Ci95High, $"{row.Estimator}");
        }
        var dr = report.Rows.Single(r => r.Estimator.Name == "dr");
        Assert.True(Math.Abs(dr.Value - truth) / truth < 0.02, $"dr {dr.Value} vs {truth}");
    }
}
