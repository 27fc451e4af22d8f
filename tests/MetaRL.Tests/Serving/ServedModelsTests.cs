using MetaRL.Learning;
using MetaRL.Random;
using MetaRL.Serving;
using MetaRL.Tests.TestSupport;
using MetaRL.Tracking;

namespace MetaRL.Tests.Serving;

public sealed class ServedModelsTests
{
    [Fact]
    public void A_recurrent_run_carries_its_state_per_session_and_resets_it_at_episode_end()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"metarl-serve-rppo-{Guid.NewGuid():N}");
        try
        {
            var cfg = TrainConfig.Resolve([("algo", "recurrent_ppo"), ("env", "CartPole-v1"), ("seed", "1"), ("total_steps", "512"), ("num_envs", "4"), ("num_steps", "128")]);
            TrainingRun.Execute(cfg, new RunDirectory(dir), resume: false);
            var model = ServedModels.Load(dir);
            Assert.Equal("recurrent", model.Kind);
            float[] x = [0.01f, 0.2f, -0.03f, -0.3f];
            var a = model.NewSession();
            var b = model.NewSession();
            var first = a.Act(x, new Rng(1)).Probs!;
            var second = a.Act(x, new Rng(1)).Probs!; // same observation, carried state: another distribution
            Assert.NotEqual(first, second);
            Assert.Equal(first, b.Act(x, new Rng(1)).Probs!); // another session starts from the zero state
            a.Feedback(1, episodeEnded: true);
            Assert.Equal(first, a.Act(x, new Rng(1)).Probs!); // the episode's end resets it
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void A_dqn_run_is_served_epsilon_greedy_with_its_checkpoints_epsilon_and_exact_propensities()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"metarl-serve-dqn-{Guid.NewGuid():N}");
        try
        {
            var cfg = TrainConfig.Resolve([("algo", "dqn"), ("env", "CartPole-v1"), ("seed", "1"), ("total_steps", "2000"), ("learning_starts", "500")]);
            TrainingRun.Execute(cfg, new RunDirectory(dir), resume: false);
            var model = ServedModels.Load(dir);
            Assert.Equal(("dqn", "stateless"), (model.Algo, model.Kind));
            var policy = model.NewSession();
            var rng = new Rng(3);
            int greedy = 0, draws = 2000;
            for (int i = 0; i < draws; i++)
            {
                var d = policy.Act([0.01f, 0.2f, -0.03f, -0.3f], rng);
                Assert.Equal(1.0, d.Probs!.Sum(), 12);
                // the run ends past its exploration fraction: ε = end_e = 0.05, so the greedy action has 0.975
                Assert.Equal(0.975, d.Probs!.Max(), 12);
                Assert.Equal(Math.Log(d.Probs![(int)d.Action[0]]), d.LogProb, 12);
                if (d.Probs![(int)d.Action[0]] > 0.5) { greedy++; }
            }
            Assert.InRange(greedy / (double)draws, 0.96, 0.99);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Serve_on_a_folder_without_a_run_exits_2_with_one_line()
    {
        var (code, _, err) = CliRun.Run("serve", "--run", Path.Combine(Path.GetTempPath(), $"no-run-{Guid.NewGuid():N}"));
        Assert.Equal(2, code);
        Assert.Contains("holds no run", err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Serve_refuses_a_store_that_is_not_a_serving_log()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"metarl-serve-store-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string garbage = Path.Combine(dir, "garbage.db");
            File.WriteAllText(garbage, "this is not a database, and long enough for SQLite to read a header of it");
            var error = Assert.Throws<FeedbackLogException>(() => FeedbackLog.Open("sqlite:" + garbage));
            Assert.Contains("garbage.db", error.Message, StringComparison.Ordinal);
            Assert.Throws<FeedbackLogException>(() => FeedbackLog.Open("postgres:Host=localhost"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void An_idle_session_leaves_memory_and_a_full_table_evicts_idle_ones_first()
    {
        var clock = new ManualClock();
        var table = new SessionTable(2, TimeSpan.FromMinutes(1), clock);
        Session New(string id) => new(id, "v1", null!, new Rng(1), 0, true, clock.GetTimestamp());
        Assert.NotNull(table.Add(New("a")));
        Assert.NotNull(table.Add(New("b")));
        Assert.Null(table.Add(New("c"))); // full of sessions in use
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(table.Find("a")); // touched: stays
        clock.Advance(TimeSpan.FromSeconds(45));
        Assert.NotNull(table.Add(New("c"))); // b idle 75 s: evicted
        Assert.Null(table.Find("b"));
        Assert.Equal(2, table.Count);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
