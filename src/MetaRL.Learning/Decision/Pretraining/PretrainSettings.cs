namespace MetaRL.Learning.Decision;

/// <summary>
/// How a decision model is pretrained: AdamW (Loshchilov and Hutter 2019) with a linear warm-up and cosine decay of the
/// step size (<see cref="Optim.CosineSchedule"/>), global gradient-norm clipping, and a held-out validation loss. The
/// run's length is the run key <c>iterations</c>: one iteration is one optimiser step on one minibatch.
/// </summary>
public class PretrainSettings : DecisionModelSettings
{
    /// <summary>Peak AdamW step size, reached at the end of the warm-up.</summary>
    /// <value>The default value is 0.001.</value>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>The step size the cosine decays to at the last iteration.</summary>
    /// <value>The default value is 1e-5.</value>
    public double MinLearningRate { get; set; } = 1e-5;

    /// <summary>Iterations of linear warm-up from 0 (must be shorter than the run; the recipes use 100).</summary>
    /// <value>The default value is 10, so that a run of the default 100 iterations starts.</value>
    public int WarmupSteps { get; set; } = 10;

    /// <summary>AdamW's decoupled weight decay λ (DPT used 1e-4).</summary>
    /// <value>The default value is 0.0001.</value>
    public double WeightDecay { get; set; } = 1e-4;

    /// <summary>Rows (tasks) per minibatch; each row gives a prediction at every position.</summary>
    /// <value>The default value is 32.</value>
    public int BatchSize { get; set; } = 32;

    /// <summary>Global L2 norm the gradients are clipped to (0: no clipping).</summary>
    /// <value>The default value is 1.</value>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Rows held out of the data for the validation loss.</summary>
    /// <value>The default value is 256.</value>
    public int ValTasks { get; set; } = 256;

    /// <summary>Compute the validation loss every this many iterations (and at the end).</summary>
    /// <value>The default value is 250.</value>
    public int ValEvery { get; set; } = 250;

    /// <summary>Log the training loss, step size and gradient norm every this many iterations.</summary>
    /// <value>The default value is 10.</value>
    public int LogEvery { get; set; } = 10;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (!(LearningRate > 0)) { throw new ConfigException("learning_rate must be positive"); }
        if (!(MinLearningRate >= 0 && MinLearningRate <= LearningRate)) { throw new ConfigException("min_learning_rate must lie in [0, learning_rate]"); }
        if (WarmupSteps < 0) { throw new ConfigException("warmup_steps must be at least 0"); }
        if (!(WeightDecay >= 0)) { throw new ConfigException("weight_decay must be at least 0"); }
        if (BatchSize < 1) { throw new ConfigException("batch_size must be at least 1"); }
        if (!(MaxGradNorm >= 0)) { throw new ConfigException("max_grad_norm must be at least 0"); }
        if (ValTasks < 1) { throw new ConfigException("val_tasks must be at least 1"); }
        if (ValEvery < 1) { throw new ConfigException("val_every must be at least 1"); }
        if (LogEvery < 1) { throw new ConfigException("log_every must be at least 1"); }
    }
}
