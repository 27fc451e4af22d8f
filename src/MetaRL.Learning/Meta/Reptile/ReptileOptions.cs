namespace MetaRL.Learning.Meta;

/// <summary>
/// Settings of Reptile for RL (Nichol, Achiam and Schulman 2018, "On First-Order Meta-Learning
/// Algorithms"): k inner vanilla-policy-gradient steps per task, then θ ← θ + ε·(mean θ̃ − θ).
/// </summary>
public sealed class ReptileOptions : GradientMetaOptions
{
    /// <summary>Tasks per meta-batch.</summary>
    /// <value>The default value is 10.</value>
    public int MetaBatchSize { get; set; } = 10;

    /// <summary>Trajectories per inner step.</summary>
    /// <value>The default value is 20.</value>
    public override int EpisodesPerTask { get; set; } = 20;

    /// <summary>Inner VPG steps per task (Reptile needs k ≥ 2 to differ from joint training).</summary>
    /// <value>The default value is 3.</value>
    public override int InnerSteps { get; set; } = 3;

    /// <summary>Outer interpolation step ε at the first iteration, annealed linearly to 0 at the last.</summary>
    /// <value>The default value is 1.0 (the paper's schedule).</value>
    public double OuterStepSize { get; set; } = 1.0;

    /// <summary>Total iterations the outer step is annealed over (0: no annealing). Set it to the run's
    /// <c>iterations</c> for the paper's schedule, as the sample configs do; the trainer does not set it.</summary>
    /// <value>The default value is 0.</value>
    public int AnnealIterations { get; set; }

    /// <inheritdoc />
    protected override double ParameterCopies => 3;

    /// <inheritdoc />
    protected override string ParameterCopiesHeld => "weights, a task's adapted weights and gradients";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (MetaBatchSize < 1) { throw new ConfigException("meta_batch_size must be at least 1"); }
        if (EpisodesPerTask < 1) { throw new ConfigException("episodes_per_task must be at least 1"); }
        if (InnerSteps < 1) { throw new ConfigException("inner_steps must be at least 1"); }
        if (!(OuterStepSize > 0) || OuterStepSize > 1) { throw new ConfigException("outer_step_size must be in (0, 1]"); }
        if (AnnealIterations < 0) { throw new ConfigException("anneal_iterations must be at least 0"); }
    }
}
