using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>
/// The settings every gradient-adapted meta-learner (<see cref="MamlOptions"/>, <see cref="ReptileOptions"/>,
/// <see cref="MetaEsOptions"/>) shares: the policy network and its vanilla-policy-gradient adaptation, as in
/// the MAML paper's setup (Finn, Abbeel and Levine 2017). Each learner adds its own meta-batch and
/// outer-step settings and its defaults for the inner loop's <see cref="InnerSteps"/> and
/// <see cref="EpisodesPerTask"/>; meta-training adapts with <see cref="InnerLoop"/>, and meta-evaluation
/// builds the same <see cref="Budget"/> from them for the learner and every baseline.
/// </summary>
public abstract class GradientMetaOptions : ILearnerOptions
{
    /// <summary>Step size of the vanilla-policy-gradient adaptation steps.</summary>
    /// <value>The default value is 0.5 (the MAML paper's 2D navigation).</value>
    public double InnerLearningRate { get; set; } = 0.5;

    /// <summary>Discount for the reward-to-go.</summary>
    /// <value>The default value is 0.99.</value>
    public double Discount { get; set; } = 0.99;

    /// <summary>Hidden layer sizes of the ReLU policy.</summary>
    /// <value>The default value is [100, 100].</value>
    public int[] Hidden { get; set; } = [100, 100];

    /// <summary>Initial standard deviation of the Gaussian policy (its log is a learned parameter), in the
    /// policy's normalised action units (a bounded action box is mapped to [−1, 1]).</summary>
    /// <value>The default value is 1.0 (rllab's default, used by the MAML paper).</value>
    public double InitStd { get; set; } = 1.0;

    /// <summary>Threads across which the tasks of a meta-batch run (0: all cores).</summary>
    /// <value>The default value is 0.</value>
    public int Parallelism { get; set; }

    /// <summary>Cap on episode length for environments without a time limit.</summary>
    /// <value>The default value is 1000.</value>
    public int MaxEpisodeSteps { get; set; } = 1000;

    /// <summary>Trajectories sampled per task for each inner step (and, for MAML and meta-ES, for the
    /// post-adaptation objective); also the test-time adaptation's trajectories per step when the evaluation
    /// does not say. Declared (with its default) by each learner's options.</summary>
    public abstract int EpisodesPerTask { get; set; }

    /// <summary>Inner vanilla-policy-gradient steps per task during meta-training. Declared (with its
    /// default and range) by each learner's options.</summary>
    public abstract int InnerSteps { get; set; }

    /// <summary>Multiplier of the step size for adaptation steps after the first at test time.</summary>
    protected virtual double AdaptationLaterStepScale => 1.0;

    /// <summary>The meta-training inner loop: <see cref="InnerSteps"/> VPG steps of
    /// <see cref="EpisodesPerTask"/> trajectories, all at <see cref="InnerLearningRate"/>.</summary>
    public AdaptationBudget InnerLoop => new(InnerSteps, EpisodesPerTask, InnerLearningRate, Discount, MaxEpisodeSteps);

    /// <summary>The test-time adaptation budget: <paramref name="steps"/> VPG steps of
    /// <paramref name="episodes"/> trajectories each (0: the learner's own setting).</summary>
    public AdaptationBudget Budget(int steps, int episodes = 0) =>
        new(steps, episodes > 0 ? episodes : EpisodesPerTask, InnerLearningRate, Discount, MaxEpisodeSteps, AdaptationLaterStepScale);

    /// <summary>A fresh policy for <paramref name="env"/>'s spaces with these hidden sizes and initial
    /// standard deviation, initialised from <paramref name="seed"/>.</summary>
    public MlpPolicy CreatePolicy(Env env, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        return new MlpPolicy(env.ObservationSpace.Size, env.ActionSpace, Hidden, new Rng(seed), InitStd);
    }

    /// <inheritdoc />
    /// <remarks>The policy MLP (with a Gaussian head's log std) held <see cref="ParameterCopies"/> times, and one task's
    /// trajectories: episodes_per_task episodes of at least one step (observation, action, reward, done, return) each.</remarks>
    public virtual MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Parameters("hidden", MemoryEstimate.Mlp(shape.Observations, Hidden, shape.Actions) + shape.Actions, ParameterCopies, ParameterCopiesHeld)
        .Buffer("episodes_per_task", "one task's trajectories", EpisodesPerTask, shape.Observations + 4);

    /// <summary>How many copies of the policy's parameters the learner holds at the least.</summary>
    protected abstract double ParameterCopies { get; }

    /// <summary>What those copies are, for the memory guard's message.</summary>
    protected abstract string ParameterCopiesHeld { get; }

    /// <summary>Rejects settings out of range with a message naming the key; each learner's options
    /// check the shared settings here first, then their own.</summary>
    public virtual void Validate()
    {
        if (!(InnerLearningRate > 0)) { throw new ConfigException("inner_learning_rate must be positive"); }
        if (Discount is < 0 or > 1) { throw new ConfigException("discount must be in [0, 1]"); }
        if (!(InitStd > 0)) { throw new ConfigException("init_std must be positive"); }
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1)) { throw new ConfigException("hidden must list positive layer sizes"); }
        if (Parallelism < 0) { throw new ConfigException("parallelism must be at least 0"); }
        if (MaxEpisodeSteps < 1) { throw new ConfigException("max_episode_steps must be at least 1"); }
    }
}
