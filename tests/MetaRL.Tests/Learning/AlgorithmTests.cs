using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Random;

namespace MetaRL.Tests.Learning;

public sealed class AlgorithmTests
{
    /// <summary>Regression: the algorithm's generator was <c>new Rng(seed)</c>, the very generator environment 0
    /// is reset with, so network initialisation and action sampling replayed env 0's start-state stream.</summary>
    [Fact]
    public void Algorithm_generator_does_not_replay_an_environment_stream()
    {
        for (long seed = 0; seed < 6; seed++)
        {
            var algo = TrainingRun.AlgorithmRng(seed);
            var first = Enumerable.Range(0, 4).Select(_ => algo.NextULong()).ToArray();
            for (int env = 0; env < 8; env++)
            {
                var envRng = new Rng(seed + env);
                Assert.NotEqual(first, Enumerable.Range(0, 4).Select(_ => envRng.NextULong()).ToArray());
            }
        }
        Assert.Equal(TrainingRun.AlgorithmRng(3).NextULong(), TrainingRun.AlgorithmRng(3).NextULong());
    }

    private static TrainConfig Config(params (string, string)[] values) => TrainConfig.Resolve(values);

    [Fact]
    public void Q_learning_solves_a_fixed_gridnav_task_along_the_bfs_shortest_path()
    {
        var cfg = Config(("algo", "q_learning"), ("env", "GridNav-v0"), ("task_seed", "7"), ("total_steps", "30000"), ("seed", "1"));
        var algorithm = TrainingRun.Build(cfg);
        algorithm.Train(new TrainContext(new MemorySink()));
        var env = cfg.CreateEnv();
        var obs = env.NewObservation();
        var action = new float[1];
        env.Reset(obs, 123);
        var task = (GridNavTask)env.Find<ITaskEnv>()!.Task;
        int shortest = GridPaths.ShortestPathLength(task);
        Assert.True(shortest >= 3, $"the fixed task should need a few moves, got {shortest}");
        int steps = 0;
        StepResult r;
        do
        {
            algorithm.ActGreedy(obs, action);
            r = env.Step(action, obs);
            steps++;
        }
        while (!r.Done);
        Assert.True(r.Terminated, "the greedy policy should reach the goal");
        Assert.Equal(shortest, steps);
    }

    [Fact]
    public void Dqn_learns_the_discrete_identity_task()
    {
        var options = new DqnOptions { TotalSteps = 6000, LearningStarts = 500, TrainFrequency = 1, TargetNetworkFrequency = 100, BatchSize = 32, LearningRate = 1e-3, ExplorationFraction = 0.3, Hidden = [32] };
        var dqn = new Dqn(new EnvBatch([new IdentityEnv(3)], 1), options, new Rng(1));
        dqn.Train(new TrainContext(new MemorySink()));
        // ε ends at 0.05, so a learned policy scores about 10·(0.95 + 0.05/3) ≈ 9.7 per episode; random scores 3.3.
        Assert.True(dqn.Episodes.MeanOfLast(20) >= 9.0, $"mean return {dqn.Episodes.MeanOfLast(20)}");
    }

    [Fact]
    public void A2c_learns_the_discrete_identity_task()
    {
        var options = new A2cOptions { TotalSteps = 20_000, LearningRate = 3e-3, NumEnvs = 4 };
        var a2c = new A2c(new EnvBatch(Enumerable.Range(0, 4).Select(_ => (Env)new IdentityEnv(3)).ToArray(), 2), options, new Rng(2));
        a2c.Train(new TrainContext(new MemorySink()));
        Assert.True(a2c.Episodes.MeanOfLast(20) >= 9.0, $"mean return {a2c.Episodes.MeanOfLast(20)}");
    }

    [Fact]
    public void Reinforce_learns_the_discrete_identity_task()
    {
        var options = new ReinforceOptions { TotalSteps = 8000, LearningRate = 3e-3, EpisodesPerBatch = 4 };
        var reinforce = new Reinforce(new EnvBatch([new IdentityEnv(3)], 3), options, new Rng(3));
        reinforce.Train(new TrainContext(new MemorySink()));
        Assert.True(reinforce.Episodes.MeanOfLast(20) >= 9.0, $"mean return {reinforce.Episodes.MeanOfLast(20)}");
    }

    [Theory]
    [InlineData("ppo", "CartPole-v1", "num_steps=32")]
    [InlineData("dqn", "CartPole-v1", "learning_starts=300")]
    [InlineData("a2c", "CartPole-v1", "num_envs=4")]
    [InlineData("reinforce", "CartPole-v1", "episodes_per_batch=2")]
    [InlineData("q_learning", "GridNav-v0", "task_seed=3")]
    [InlineData("recurrent_ppo", "CartPole-v1", "num_steps=32")]
    [InlineData("ppo", "Pendulum-v1", "num_steps=32")]
    [InlineData("ppo", "Pendulum-v1", "norm_obs=true")]
    public void Stop_halfway_and_resume_ends_with_the_same_parameters_as_an_uninterrupted_run(string algo, string env, string extra)
    {
        int eq = extra.IndexOf('=', StringComparison.Ordinal);
        var cfg = Config(("algo", algo), ("env", env), ("seed", "4"), ("total_steps", "2048"), (extra[..eq], extra[(eq + 1)..]));
        var full = TrainingRun.Build(cfg);
        var fullSink = new MemorySink();
        full.Train(new TrainContext(fullSink));

        var first = TrainingRun.Build(cfg);
        var firstSink = new MemorySink();
        Assert.Equal(TrainOutcome.Interrupted, first.Train(new TrainContext(firstSink) { StopAtStep = 1024 }));
        var model = first.Model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var optimizer = first.Optimizer?.StateDict();
        var trainer = first.TrainerState();

        var resumed = TrainingRun.Build(cfg);
        resumed.Model.LoadStateDict(model);
        if (optimizer is not null) { resumed.Optimizer!.LoadStateDict(optimizer); }
        resumed.LoadTrainerState(trainer);
        var restSink = new MemorySink();
        resumed.Train(new TrainContext(restSink));

        var expected = full.Model.StateDict();
        foreach (var (name, value) in resumed.Model.StateDict()) { Assert.Equal(expected[name].ToFloatArray(), value.ToFloatArray()); }
        Assert.Equal(fullSink.Rows, firstSink.Rows.Concat(restSink.Rows));
    }
}

public sealed class SampleConfigTests
{
    // samples/configs holds `metarl train` configs, `metarl meta-train` configs prefixed meta-, and `metarl pretrain`
    // configs prefixed dpt- or ad-, and `metarl selfplay` configs prefixed selfplay-.
    private static IEnumerable<string> Files(string kind)
    {
        return Directory.GetFiles(RepoPaths.Of("samples", "configs"), "*.yaml")
            .Where(f => Kind(Path.GetFileName(f)) == kind)
            .Order(StringComparer.Ordinal);
    }

    private static string Kind(string name) =>
        name.StartsWith("meta-", StringComparison.Ordinal) ? "meta"
        : name.StartsWith("dpt-", StringComparison.Ordinal) || name.StartsWith("ad-", StringComparison.Ordinal) ? "pretrain"
        : name.StartsWith("selfplay-", StringComparison.Ordinal) ? "selfplay"
        : "train";

    public static TheoryData<string> Configs() => [.. Files("train")];

    public static TheoryData<string> MetaConfigs() => [.. Files("meta")];

    public static TheoryData<string> PretrainConfigs() => [.. Files("pretrain")];

    public static TheoryData<string> SelfPlayConfigs() => [.. Files("selfplay")];

    [Theory]
    [MemberData(nameof(SelfPlayConfigs))]
    public void Every_sample_selfplay_config_resolves(string path)
    {
        var (options, _, rules) = MetaRL.Learning.SelfPlay.AlphaZeroSettings.Read(
            ConfigFile.Pairs(path, "self-play config").Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        Assert.True(options.Iterations >= 1);
        Assert.Equal(42, rules.Cells);
    }

    [Fact]
    public void Pretraining_with_every_default_warms_up_within_the_default_run()
    {
        // Regression: warmup_steps and iterations both defaulted to 100, so `metarl pretrain --env Bandit-v0` refused to start.
        var setup = MetaRL.Learning.Meta.MetaSetup.Parse([("algo", "dpt"), ("env", "Bandit-v0")]);
        Assert.True(((MetaRL.Learning.Decision.PretrainSettings)setup.LearnerOptions).WarmupSteps < setup.Run.Iterations);
        var ad = MetaRL.Learning.Meta.MetaSetup.Parse([("algo", "ad"), ("env", "DarkRoom-v0")]);
        Assert.True(((MetaRL.Learning.Decision.PretrainSettings)ad.LearnerOptions).WarmupSteps < ad.Run.Iterations);
    }

    [Theory]
    [MemberData(nameof(PretrainConfigs))]
    public void Every_sample_pretrain_config_resolves_with_its_data_request(string path)
    {
        var setup = MetaRL.Learning.Meta.MetaSetup.Parse(new ConfigLayers().File(path).Pairs);
        Assert.IsAssignableFrom<MetaRL.Learning.Decision.IPretrainable>(setup.Algorithm);
        var settings = (MetaRL.Learning.Decision.PretrainSettings)setup.LearnerOptions;
        Assert.True(settings.WarmupSteps < setup.Run.Iterations);
        if (settings is not MetaRL.Learning.Decision.DptOptions options) { return; } // ad: its histories are checked by AdTests
        // A generalist (dpt-generalist.yaml) plans one dataset per family, each with its family's keys.
        var plans = setup.IsMixture ? MetaRL.Learning.Decision.MixtureData.Plan(setup) : [MetaRL.Learning.Decision.DptData.Plan(setup, options)];
        MetaRL.Learning.Meta.MetaSetup[] families = setup.IsMixture ? [.. setup.Families] : [setup];
        Assert.Equal(families.Length, plans.Count);
        foreach (var (plan, family) in plans.Zip(families))
        {
            var own = (MetaRL.Learning.Decision.DptOptions)family.LearnerOptions;
            Assert.Equal(family.Run.Env, plan.Request!.Family);
            Assert.Equal(own.DataTasks, plan.Request.Tasks);
            Assert.Equal(options.Context, plan.Request.Options.Context);
        }
    }

    [Theory]
    [MemberData(nameof(MetaConfigs))]
    public void Every_sample_meta_config_resolves_through_the_meta_train_parser(string path)
    {
        var setup = MetaRL.Learning.Meta.MetaSetup.Parse(new ConfigLayers().File(path).Pairs);
        Assert.True(setup.Run.Iterations > 0);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_sample_config_resolves_and_round_trips_through_config_yaml(string path)
    {
        var cfg = TrainConfig.Resolve(YamlConfigReader.Read(File.ReadAllText(path), path));
        var again = TrainConfig.Resolve(YamlConfigReader.Read(cfg.ToYaml(), "config.yaml"));
        Assert.Equal(cfg.ToYaml(), again.ToYaml());
    }
}
