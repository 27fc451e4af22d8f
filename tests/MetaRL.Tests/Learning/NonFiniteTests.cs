using MetaRL.Envs;
using MetaRL.Learning;

namespace MetaRL.Tests.Learning;

public sealed class NonFiniteTests
{
    /// <summary>Identity task whose reward turns NaN after a number of steps (a broken user environment).</summary>
    private sealed class PoisonedEnv(int poisonAfter, IdentityEnv inner) : Env("Poisoned-v0", inner.ObservationSpace, inner.ActionSpace)
    {
        private int _steps;

        public override void Reset(Span<float> observation, long? seed = null) => inner.Reset(observation, seed);

        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            var r = inner.Step(action, observation);
            return ++_steps > poisonAfter ? r with { Reward = double.NaN } : r;
        }
    }

    private static readonly Lazy<bool> Registered = new(() =>
    {
        EnvRegistry.Register(new EnvSpec("PoisonedTest-v0", "test only", [], _ => new PoisonedEnv(1500, new IdentityEnv(2))));
        return true;
    });

    [Fact]
    public void Nan_reward_stops_training_naming_step_and_tensor_and_keeps_the_last_good_checkpoint()
    {
        _ = Registered.Value;
        var cfg = TrainConfig.Resolve([("env", "PoisonedTest-v0"), ("total_steps", "8192"), ("num_steps", "64"), ("checkpoint_every", "512")]);
        var run = new MetaRL.Tracking.RunDirectory(Path.Combine(Path.GetTempPath(), "metarl-nan-" + Guid.NewGuid().ToString("N")));
        try
        {
            var result = TrainingRun.Execute(cfg, run, resume: false);
            Assert.Equal("diverged", result.Summary.Status);
            Assert.Matches(@"non-finite value at step \d+ in '[a-z_.0-9]+'", result.Summary.Error);
            // Each env turns NaN after 1500 of its own steps, i.e. global step 6000; the last checkpoint precedes it.
            var newest = run.Checkpoints.Newest();
            Assert.NotNull(newest);
            long step = long.Parse(Path.GetFileName(newest), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(step, 5120, 6000);
            var resumed = TrainingRun.Build(cfg);
            AlgorithmCheckpoint.Load(newest, resumed);
            Assert.All(resumed.Model.Parameters(), p => Assert.All(p.ToFloatArray(), v => Assert.True(float.IsFinite(v))));
        }
        finally
        {
            if (Directory.Exists(run.Root)) { Directory.Delete(run.Root, recursive: true); }
        }
    }
}
