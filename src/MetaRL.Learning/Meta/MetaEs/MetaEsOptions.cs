namespace MetaRL.Learning.Meta;

/// <summary>
/// Settings of meta-ES: OpenAI-style evolution strategies (Salimans et al. 2017, "Evolution Strategies
/// as a Scalable Alternative to Reinforcement Learning") over a policy's initial weights, with fitness
/// the return after adaptation (as in ES-MAML, Song et al. 2020).
/// </summary>
public sealed class MetaEsOptions : GradientMetaOptions
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
    public override int InnerSteps { get; set; } = 1;

    /// <summary>Trajectories per adaptation step and for the fitness.</summary>
    /// <value>The default value is 10.</value>
    public override int EpisodesPerTask { get; set; } = 10;

    /// <inheritdoc />
    protected override double ParameterCopies => 5;

    /// <inheritdoc />
    protected override string ParameterCopiesHeld => "weights, the gradient estimate, Adam's two moments and a perturbation";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Population < 1) { throw new ConfigException("population must be at least 1"); }
        if (!(NoiseStd > 0)) { throw new ConfigException("noise_std must be positive"); }
        if (!(LearningRate > 0)) { throw new ConfigException("learning_rate must be positive"); }
        if (WeightDecay < 0) { throw new ConfigException("weight_decay must be at least 0"); }
        if (InnerSteps < 0) { throw new ConfigException("inner_steps must be at least 0"); }
        if (EpisodesPerTask < 1) { throw new ConfigException("episodes_per_task must be at least 1"); }
    }
}
