using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

public sealed class MetaAlgorithmTests
{
    [Fact]
    public void Every_meta_algorithm_name_resolves_to_its_row_with_its_options()
    {
        Assert.Equal(["maml", "reptile", "rl2", "es", "dpt", "ad"], MetaAlgorithms.Names);
        Assert.IsType<MamlOptions>(MetaAlgorithms.Describe("maml").CreateOptions());
        Assert.IsType<ReptileOptions>(MetaAlgorithms.Describe("reptile").CreateOptions());
        Assert.IsType<Rl2Options>(MetaAlgorithms.Describe("rl2").CreateOptions());
        Assert.IsType<MetaEsOptions>(MetaAlgorithms.Describe("es").CreateOptions());
        Assert.IsType<MetaRL.Learning.Decision.DptOptions>(MetaAlgorithms.Describe("dpt").CreateOptions());
        Assert.IsType<MetaRL.Learning.Decision.AdOptions>(MetaAlgorithms.Describe("ad").CreateOptions());
        Assert.All(MetaAlgorithms.All, a => Assert.False(string.IsNullOrWhiteSpace(a.Description)));
    }

    [Fact]
    public void Only_rl2_adapts_in_context_rather_than_by_gradient()
    {
        Assert.Equal(["maml", "reptile", "es"], MetaAlgorithms.All.Where(a => a.AdaptsByGradient).Select(a => a.Name));
    }

    [Fact]
    public void Unknown_meta_algorithm_names_the_nearest_one_as_train_does()
    {
        var ex = Assert.Throws<ConfigException>(() => MetaAlgorithms.Describe("mamll"));
        Assert.Equal("unknown algorithm 'mamll'; did you mean 'maml'?", ex.Message);
        var train = Assert.Throws<ConfigException>(() => AlgorithmRegistry.Describe("ppq"));
        Assert.Equal("unknown algorithm 'ppq'; did you mean 'ppo'?", train.Message);
    }

    [Fact]
    public void Meta_setup_picks_the_learner_row_and_validates_through_the_options()
    {
        var setup = MetaSetup.Parse([("algo", "reptile"), ("inner_steps", "2")]);
        Assert.Equal("reptile", setup.Algorithm.Name);
        Assert.Equal(2, ((ReptileOptions)setup.LearnerOptions).InnerSteps);
        var ex = Assert.Throws<ConfigException>(() => MetaSetup.Parse([("algo", "maml"), ("inner_steps", "11")]));
        Assert.Contains("inner_steps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_is_reached_through_the_learner_options_contract()
    {
        ILearnerOptions[] invalid =
        [
            new MamlOptions { EpisodesPerTask = 0 },
            new ReptileOptions { InnerSteps = 0 },
            new MetaEsOptions { InnerLearningRate = 0 },
            new Rl2Options { HiddenSize = 0 },
        ];
        Assert.All(invalid, o => Assert.Throws<ConfigException>(o.Validate));
        Assert.Throws<ArgumentException>(new A2cOptions { Hidden = [] }.Validate);
    }

    [Fact]
    public void Gradient_options_keep_their_config_keys_in_declaration_order()
    {
        Assert.Equal(
            ["inner_learning_rate", "discount", "hidden", "init_std", "parallelism", "max_episode_steps",
             "meta_batch_size", "episodes_per_task", "inner_steps", "first_order", "outer", "outer_learning_rate", "max_kl", "cg_iterations", "adapt_later_step_scale"],
            OptionsBinder.Keys(typeof(MamlOptions)));
        Assert.Equal(
            ["inner_learning_rate", "discount", "hidden", "init_std", "parallelism", "max_episode_steps",
             "population", "noise_std", "learning_rate", "weight_decay", "inner_steps", "episodes_per_task"],
            OptionsBinder.Keys(typeof(MetaEsOptions)));
    }

    [Fact]
    public void Actor_critic_options_share_their_base_keys_first_and_keep_their_defaults()
    {
        Assert.Equal(
            ["learning_rate", "anneal_lr", "adam_epsilon", "gamma", "gae_lambda",
             "total_steps", "num_envs", "num_steps", "ent_coef", "vf_coef", "max_grad_norm", "norm_adv", "hidden"],
            OptionsBinder.Keys(typeof(A2cOptions)));
        var a2c = new A2cOptions();
        Assert.Equal((8, 5, 7e-4, 1.0, 0.0, false), (a2c.NumEnvs, a2c.NumSteps, a2c.LearningRate, a2c.GaeLambda, a2c.EntCoef, a2c.NormAdv));
        var ppo = new PpoOptions();
        Assert.Equal((4, 128, 2.5e-4, 0.95, 0.01, true), (ppo.NumEnvs, ppo.NumSteps, ppo.LearningRate, ppo.GaeLambda, ppo.EntCoef, ppo.NormAdv));
    }

    [Fact]
    public void Rl2_policy_is_built_without_the_learner_and_matches_the_learners()
    {
        var setup = MetaSetup.Parse([("algo", "rl2"), ("env", "Bandit-v0"), ("hidden_size", "8")]);
        var learner = (Rl2)setup.Algorithm.CreateLearner(setup);
        var (policy, pool) = Rl2Algorithm.CreatePolicy(setup, setup.Run.Seed);
        Assert.Equal(learner.Pool.Prototype.ObservationSpace.Size, pool.Prototype.ObservationSpace.Size);
        Assert.Equal([.. learner.Policy.Parameters().SelectMany(p => p.ToFloatArray())], [.. policy.Parameters().SelectMany(p => p.ToFloatArray())]);
    }
}
