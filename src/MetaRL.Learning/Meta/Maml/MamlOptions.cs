using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>The outer update of MAML.</summary>
public enum MamlOuterOptimizer
{
    /// <summary>Adam on the averaged post-adaptation policy gradient.</summary>
    Adam,

    /// <summary>A trust-region step (natural gradient by conjugate gradient, KL-bounded line search).</summary>
    Trpo,
}

/// <summary>
/// Settings of MAML for RL (Finn, Abbeel and Levine 2017, "Model-Agnostic Meta-Learning for Fast
/// Adaptation of Deep Networks", §3.2 and §5.3). Defaults are the paper's 2D-navigation setup.
/// </summary>
public sealed class MamlOptions : GradientMetaOptions
{
    /// <summary>Tasks per meta-batch.</summary>
    /// <value>The default value is 20 (the paper uses 20–40).</value>
    public int MetaBatchSize { get; set; } = 20;

    /// <summary>Trajectories sampled per task for each inner step and for the outer objective (K).</summary>
    /// <value>The default value is 20.</value>
    public override int EpisodesPerTask { get; set; } = 20;

    /// <summary>Inner vanilla-policy-gradient steps during meta-training (1–3).</summary>
    /// <value>The default value is 1.</value>
    public override int InnerSteps { get; set; } = 1;

    /// <summary>Drop the second-order terms (first-order MAML).</summary>
    /// <value>The default value is false.</value>
    public bool FirstOrder { get; set; }

    /// <summary>The outer optimiser.</summary>
    /// <value>The default value is <see cref="MamlOuterOptimizer.Adam"/>.</value>
    public MamlOuterOptimizer Outer { get; set; } = MamlOuterOptimizer.Adam;

    /// <summary>Adam's step size for the outer update.</summary>
    /// <value>The default value is 0.001.</value>
    public double OuterLearningRate { get; set; } = 1e-3;

    /// <summary>KL bound of the TRPO outer step.</summary>
    /// <value>The default value is 0.01 (the paper's TRPO step size).</value>
    public double MaxKl { get; set; } = 0.01;

    /// <summary>Conjugate-gradient iterations of the TRPO outer step.</summary>
    /// <value>The default value is 10.</value>
    public int CgIterations { get; set; } = 10;

    /// <summary>
    /// Test-time adaptation (<c>meta-eval</c>, <c>adapt</c>): the multiplier of <see cref="GradientMetaOptions.InnerLearningRate"/>
    /// for every step after the first, for the meta-learner and its baselines alike. The MAML paper's
    /// evaluation script adapts with step size 0.5 for the first step and 0.25 for later ones (Finn et al.
    /// 2017, released code <c>maml_examples/test_point.py</c>: <c>init_learning_rate</c> = step size,
    /// <c>learning_rate</c> = 0.5 · step size). Meta-training uses <see cref="GradientMetaOptions.InnerLearningRate"/> throughout.
    /// </summary>
    /// <value>The default value is 0.5.</value>
    public double AdaptLaterStepScale { get; set; } = 0.5;

    /// <inheritdoc />
    protected override double AdaptationLaterStepScale => AdaptLaterStepScale;

    /// <inheritdoc />
    protected override double ParameterCopies => 4 + InnerSteps;

    /// <inheritdoc />
    protected override string ParameterCopiesHeld => "weights, gradients, the outer step's two moments and a task's weights after each inner step";

    /// <inheritdoc />
    /// <remarks>On top of the shared estimate, the trajectories of the whole meta-batch, which the outer step needs together.</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape) => base.EstimateMemory(shape)
        .Buffer("meta_batch_size", "the meta-batch's trajectories", (double)MetaBatchSize * EpisodesPerTask * (InnerSteps + 1), shape.Observations + 4);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (MetaBatchSize < 1) { throw new ConfigException("meta_batch_size must be at least 1"); }
        if (EpisodesPerTask < 1) { throw new ConfigException("episodes_per_task must be at least 1"); }
        if (InnerSteps is < 1 or > 10) { throw new ConfigException("inner_steps must be in [1, 10]"); }
        if (!(OuterLearningRate > 0)) { throw new ConfigException("outer_learning_rate must be positive"); }
        if (!(MaxKl > 0)) { throw new ConfigException("max_kl must be positive"); }
        if (!(AdaptLaterStepScale > 0)) { throw new ConfigException("adapt_later_step_scale must be positive"); }
    }
}
