namespace MetaRL.Learning.Meta;

/// <summary>
/// The settings every gradient-adapted meta-learner (<see cref="MamlOptions"/>, <see cref="ReptileOptions"/>,
/// <see cref="MetaEsOptions"/>) shares: the policy network and its vanilla-policy-gradient adaptation, as in
/// the MAML paper's setup (Finn, Abbeel and Levine 2017). Each learner adds its own meta-batch, trajectory
/// and outer-step settings; meta-evaluation builds the same <see cref="AdaptationBudget"/> from them for
/// the learner and every baseline.
/// </summary>
public abstract class GradientMetaOptions
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

    /// <summary>Trajectories per adaptation step when the evaluation does not say.</summary>
    protected abstract int AdaptationEpisodes { get; }

    /// <summary>Multiplier of the step size for adaptation steps after the first at test time.</summary>
    protected virtual double AdaptationLaterStepScale => 1.0;

    /// <summary>The test-time adaptation budget: <paramref name="steps"/> VPG steps of
    /// <paramref name="episodes"/> trajectories each (0: the learner's own setting).</summary>
    public AdaptationBudget Budget(int steps, int episodes = 0) =>
        new(steps, episodes > 0 ? episodes : AdaptationEpisodes, InnerLearningRate, Discount, MaxEpisodeSteps, AdaptationLaterStepScale);

    /// <summary>Rejects out-of-range shared settings with a message naming the key.</summary>
    protected void ValidateShared()
    {
        if (!(InnerLearningRate > 0)) { throw new ConfigException("inner_learning_rate must be positive"); }
        if (Discount is < 0 or > 1) { throw new ConfigException("discount must be in [0, 1]"); }
        if (!(InitStd > 0)) { throw new ConfigException("init_std must be positive"); }
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1)) { throw new ConfigException("hidden must list positive layer sizes"); }
        if (Parallelism < 0) { throw new ConfigException("parallelism must be at least 0"); }
        if (MaxEpisodeSteps < 1) { throw new ConfigException("max_episode_steps must be at least 1"); }
    }
}
