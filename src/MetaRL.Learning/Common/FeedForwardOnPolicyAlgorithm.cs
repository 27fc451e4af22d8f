namespace MetaRL.Learning;

/// <summary>
/// <see cref="OnPolicyAlgorithm"/> with a stateless <see cref="ActorCritic"/> (PPO, A2C): each step's actions
/// come from that step's observations alone, on spans when the policy offers <see cref="IFastRolloutPolicy"/>
/// (bit-identical), else through the tensor ops without a graph.
/// </summary>
public abstract class FeedForwardOnPolicyAlgorithm : OnPolicyAlgorithm
{
    private IRolloutSampler? _sampler;

    /// <summary>Builds the tanh <see cref="MlpActorCritic"/> with <paramref name="hidden"/> layers (drawing its
    /// initial weights from <paramref name="rng"/>) and the Adam that trains it with the step size and ε of
    /// <paramref name="settings"/>.</summary>
    protected FeedForwardOnPolicyAlgorithm(EnvBatch envs, Rng rng, long totalSteps, ActorCriticSettings settings, int[] hidden, int steps)
        : this(envs, rng, totalSteps, new MlpActorCritic(envs.ObservationSize, envs.ActionSpace, hidden, Activation.Tanh, rng), settings, steps)
    {
    }

    private FeedForwardOnPolicyAlgorithm(EnvBatch envs, Rng rng, long totalSteps, ActorCritic policy, ActorCriticSettings settings, int steps)
        : base(envs, rng, totalSteps, policy, steps)
    {
        Policy = policy;
        Adam = new Adam(policy.Parameters(), new AdamOptions { LearningRate = settings.LearningRate, Epsilon = settings.AdamEpsilon });
    }

    /// <summary>The actor-critic being trained.</summary>
    public ActorCritic Policy { get; }

    /// <summary>The optimiser of <see cref="Policy"/>.</summary>
    protected Adam Adam { get; }

    /// <inheritdoc />
    public override Optimizer Optimizer => Adam;

    /// <inheritdoc />
    public override Module Model => Policy;

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var obs = observation.ToArray();
        ObservationNormalizer?.Apply(obs, obs);
        var mode = Policy.Policy(Tensor.FromArray(obs, 1, obs.Length)).Mode();
        for (int i = 0; i < action.Length; i++) { action[i] = (float)mode[i]; }
    }

    /// <inheritdoc />
    /// <remarks>The parameters stay fixed for the whole rollout, so the span path works on one snapshot of them.</remarks>
    protected override void BeginRollout() => _sampler = (Policy as IFastRolloutPolicy)?.TryBeginRollout();

    /// <inheritdoc />
    protected override void Act(float[] observations, float[] dones, int n, float[] actions, float[] logProbs, float[] values)
    {
        if (_sampler is not null)
        {
            _sampler.SampleActions(observations, n, Rng, actions, logProbs, values);
            return;
        }
        using var step = TensorArena.Step();
        using var _ = Autograd.Autograd.NoGrad();
        var obs = Tensor.FromArray(observations, n, observations.Length / n);
        var dist = Policy.Policy(obs);
        RecordSample(dist, Policy.Value(obs), n, actions, logProbs, values);
    }

    /// <inheritdoc />
    protected override void NextValues(float[] observations, float[] dones, int n, float[] values)
    {
        if (_sampler is not null) { _sampler.Values(observations, n, values); return; }
        using (Autograd.Autograd.NoGrad()) { Policy.Value(Tensor.FromArray(observations, n, observations.Length / n)).F32.CopyTo(values); }
    }
}
