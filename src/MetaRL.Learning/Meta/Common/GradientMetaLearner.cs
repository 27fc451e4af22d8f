namespace MetaRL.Learning.Meta;

/// <summary>
/// Base of the meta-learners that meta-learn an MLP policy's initial weights and adapt them by
/// <see cref="GradientAdaptation"/> (MAML, Reptile, meta-ES): the policy is the checkpointed model, the
/// family's environments come from one pool, and every task's randomness is seeded from <see cref="Seed"/>.
/// </summary>
public abstract class GradientMetaLearner<TOptions> : MetaLearner
    where TOptions : GradientMetaOptions
{
    private Adam? _outerAdam;

    /// <summary>Keeps the learner's parts; subclasses validate <paramref name="options"/> where they need to.</summary>
    protected GradientMetaLearner(MetaPolicy policy, EnvPool pool, TOptions options, long seed)
    {
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        Pool = pool ?? throw new ArgumentNullException(nameof(pool));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Seed = seed;
    }

    /// <summary>The meta-learned policy (θ).</summary>
    protected MetaPolicy Policy { get; }

    /// <summary>Environments of the family, rented per task.</summary>
    protected EnvPool Pool { get; }

    /// <summary>The learner's settings.</summary>
    protected TOptions Options { get; }

    /// <summary>The run seed every iteration's draws derive from.</summary>
    protected long Seed { get; }

    /// <summary>Threads across which the tasks of a meta-batch run.</summary>
    public int Degree => MetaParallel.Degree(Options.Parallelism);

    /// <summary>Where the tasks of a meta-batch run (see <see cref="IMetaTaskLearner"/>): threads of this process unless a
    /// cluster's executor is set.</summary>
    public IMetaBatchExecutor Executor { get; set; } = LocalMetaBatch.Instance;

    /// <inheritdoc />
    public override Module Model => Policy;

    /// <inheritdoc />
    /// <remarks>The outer Adam on θ made by <see cref="CreateOuterAdam"/>; <see langword="null"/> when the
    /// learner steps θ otherwise (Reptile, MAML-TRPO).</remarks>
    public sealed override Optimizer? Optimizer => _outerAdam;

    /// <summary>Makes the Adam that takes the learner's outer step on θ with step size
    /// <paramref name="learningRate"/>; it is the <see cref="Optimizer"/> a checkpoint holds.</summary>
    protected Adam CreateOuterAdam(double learningRate) =>
        _outerAdam = new Adam(Policy.Parameters(), new AdamOptions { LearningRate = learningRate });
}
