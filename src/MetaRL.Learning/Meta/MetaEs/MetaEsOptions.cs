namespace MetaRL.Learning.Meta;

/// <summary>
/// Settings of meta-ES: OpenAI-style evolution strategies (Salimans et al. 2017, "Evolution Strategies
/// as a Scalable Alternative to Reinforcement Learning") over a policy's initial weights, with fitness
/// the return after adaptation (as in ES-MAML, Song et al. 2020).
/// </summary>
public sealed class MetaEsOptions
{
    /// <summary>Antithetic pairs per iteration (each pair is evaluated on its own task).</summary>
    /// <value>The default value is 20.</value>
    public int Population { get; set; } = 20;

    /// <summary>Perturbation standard deviation σ.</summary>
    /// <value>The default value is 0.02.</value>
    public double NoiseStd { get; set; } = 0.02;

    /// <summary>Adam's step size on the ES gradient estimate.</summary>
    /// <value>The default value is 0.01 (OpenAI ES).</value>
    public double LearningRate { get; set; } = 0.01;

    /// <summary>L2 coefficient on the weights (OpenAI ES).</summary>
    /// <value>The default value is 0.005.</value>
    public double WeightDecay { get; set; } = 0.005;

    /// <summary>VPG adaptation steps inside each fitness evaluation (0: plain multi-task ES).</summary>
    /// <value>The default value is 1.</value>
    public int InnerSteps { get; set; } = 1;

    /// <summary>Trajectories per adaptation step and for the fitness.</summary>
    /// <value>The default value is 10.</value>
    public int EpisodesPerTask { get; set; } = 10;

    /// <summary>Step size of the adaptation steps.</summary>
    /// <value>The default value is 0.5.</value>
    public double InnerLearningRate { get; set; } = 0.5;

    /// <summary>Discount for the adaptation steps.</summary>
    /// <value>The default value is 0.99.</value>
    public double Discount { get; set; } = 0.99;

    /// <summary>Hidden layer sizes of the ReLU policy.</summary>
    /// <value>The default value is [100, 100].</value>
    public int[] Hidden { get; set; } = [100, 100];

    /// <summary>Initial standard deviation of the Gaussian policy (its log is a learned parameter).</summary>
    /// <value>The default value is 1.0 (rllab's default, used by the MAML paper).</value>
    public double InitStd { get; set; } = 1.0;

    /// <summary>Threads for the population (0: all cores).</summary>
    /// <value>The default value is 0.</value>
    public int Parallelism { get; set; }

    /// <summary>Cap on episode length for environments without a time limit.</summary>
    /// <value>The default value is 1000.</value>
    public int MaxEpisodeSteps { get; set; } = 1000;

    /// <summary>Rejects settings out of range.</summary>
    public void Validate()
    {
        if (Population < 1) { throw new ConfigException("population must be at least 1"); }
        if (!(NoiseStd > 0)) { throw new ConfigException("noise_std must be positive"); }
        if (!(LearningRate > 0)) { throw new ConfigException("learning_rate must be positive"); }
        if (WeightDecay < 0) { throw new ConfigException("weight_decay must be at least 0"); }
        if (InnerSteps < 0) { throw new ConfigException("inner_steps must be at least 0"); }
        if (EpisodesPerTask < 1) { throw new ConfigException("episodes_per_task must be at least 1"); }
        if (!(InnerLearningRate > 0)) { throw new ConfigException("inner_learning_rate must be positive"); }
        if (!(InitStd > 0)) { throw new ConfigException("init_std must be positive"); }
        if (Hidden.Length == 0 || Hidden.Any(h => h < 1)) { throw new ConfigException("hidden must list positive layer sizes"); }
    }
}
