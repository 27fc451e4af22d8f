using MetaRL.Tracking;
using MetaRL.Learning;

namespace MetaRL.Tests.Learning.Slow;

/// <summary>Issue 4's full acceptance runs (minutes each); bench/learning/run.sh runs them over five seeds and commits the results.</summary>
[Trait("Category", "Slow")]
public sealed class FullRunTests
{
    private static RunSummary Train(string config, long seed)
    {
        var path = RepoPaths.Of("samples", "configs", config + ".yaml");
        var values = YamlConfigReader.Read(File.ReadAllText(path), path);
        values.Add(("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var run = new RunDirectory(Path.Combine(Path.GetTempPath(), $"metarl-slow-{config}-{seed}-{Guid.NewGuid():N}"));
        try { return TrainingRun.Execute(TrainConfig.Resolve(values), run, resume: false).Summary; }
        finally { Directory.Delete(run.Root, recursive: true); }
    }

    [Fact]
    public void Ppo_with_cleanrl_defaults_solves_cartpole_in_500k_steps() => Assert.True(Train("ppo-cartpole", 1).FinalReturnMean >= 475);

    [Fact]
    public void Gaussian_ppo_reaches_minus_250_on_pendulum_in_300k_steps() => Assert.True(Train("ppo-pendulum", 1).FinalReturnMean >= -250);

    [Fact]
    public void A2c_reaches_450_on_cartpole_in_500k_steps() => Assert.True(Train("a2c-cartpole", 1).FinalReturnMean >= 450);

    [Fact]
    public void Dqn_reaches_450_on_cartpole_in_500k_steps() => Assert.True(Train("dqn-cartpole", 1).FinalReturnMean >= 450);
}
