namespace MetaRL.Learning;

/// <summary>
/// PPO with a GRU policy (the learner under RL², Duan et al., 2016), after CleanRL's <c>ppo_atari_lstm.py</c>:
/// the hidden state is carried through rollouts and across iterations and zeroed for an environment when its
/// episode ends (with a trial wrapper, when the trial ends); training replays each environment's whole
/// sequence from the hidden state the rollout began with, minibatching over environments.
/// </summary>
public sealed class RecurrentPpo : OnPolicyAlgorithm, IRecurrentActor
{
    private readonly RecurrentPpoOptions _options;
    private readonly Adam _adam;
    private Tensor _hidden, _rolloutStart;
    private Tensor? _evalHidden;

    public RecurrentPpo(EnvBatch envs, RecurrentPpoOptions options, Rng rng)
        : this(envs, options, rng, ValidatedBudget(options), new GruActorCritic(envs.ObservationSize, envs.ActionSpace, options.GruHidden, rng))
    {
    }

    private RecurrentPpo(EnvBatch envs, RecurrentPpoOptions options, Rng rng, long budget, GruActorCritic policy)
        : base(envs, rng, budget, policy, options.NumSteps)
    {
        _options = options;
        Policy = policy;
        _adam = new Adam(Policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Epsilon = options.AdamEpsilon });
        RewardNormalizer = options.NormReward ? new RewardNormalizer(envs.Count, options.Gamma) : null;
        _hidden = Tensor.Zeros([envs.Count, options.GruHidden]);
        _rolloutStart = _hidden.Clone();
    }

    public GruActorCritic Policy { get; }

    /// <inheritdoc />
    public override Module Model => Policy;

    /// <inheritdoc />
    public override Optimizer Optimizer => _adam;

    /// <inheritdoc />
    public void ResetState() => _evalHidden = null;

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var (policy, _, hidden) = Policy.Forward(Tensor.FromArray(observation.ToArray(), 1, 1, observation.Length), _evalHidden ?? Tensor.Zeros([1, Policy.Hidden]), null);
        _evalHidden = hidden;
        var mode = policy.Mode();
        for (int i = 0; i < action.Length; i++) { action[i] = (float)mode[i]; }
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        AnnealLearningRate(_adam, _options);
        Collect(context, _options.Gamma, _options.GaeLambda);
        Update(context);
    }

    /// <inheritdoc />
    /// <remarks>Training replays each environment's sequence from the hidden state it began with.</remarks>
    protected override void BeginRollout() => _rolloutStart = _hidden.Clone();

    /// <inheritdoc />
    /// <remarks>Carries the hidden state from step to step, zeroed for an environment whose episode just ended.</remarks>
    protected override void Act(float[] observations, float[] dones, int n, float[] actions, float[] logProbs, float[] values)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var (policy, value, hidden) = Policy.Forward(Tensor.FromArray(observations, 1, n, observations.Length / n), _hidden, Tensor.FromArray(dones, 1, n));
        _hidden = hidden;
        RecordSample(policy, value, n, actions, logProbs, values);
    }

    /// <inheritdoc />
    protected override void NextValues(float[] observations, float[] dones, int n, float[] values)
    {
        using (Autograd.Autograd.NoGrad())
        {
            Policy.Forward(Tensor.FromArray(observations, 1, n, observations.Length / n), _hidden, Tensor.FromArray(dones, 1, n)).Values.F32.CopyTo(values);
        }
    }

    /// <summary>The PPO epochs over this rollout; each minibatch runs in a <see cref="TensorArena"/> step (its sequences
    /// gathered into pooled tensors), so in steady state it reuses its buffers.</summary>
    internal void Update(TrainContext context)
    {
        int n = Envs.Count, t = _options.NumSteps, groups = _options.NumMinibatches, per = n / groups, obsSize = Envs.ObservationSize;
        var envOrder = Enumerable.Range(0, n).ToArray();
        var envs = new int[per];
        // Rows of the flattened [T, per] sequence, time-major, in buffer indices.
        var idx = new int[t * per];
        var start = _rolloutStart.F32.ToArray();
        PpoLossTerms terms = default;
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            Rng.Shuffle(envOrder.AsSpan());
            for (int g = 0; g < groups; g++)
            {
                using var step = TensorArena.Step();
                envOrder.AsSpan(g * per, per).CopyTo(envs);
                for (int s = 0; s < t; s++) { for (int j = 0; j < per; j++) { idx[s * per + j] = s * n + envs[j]; } }
                var (rows, actions) = Rows(idx);
                var mask = RolloutBuffer.GatherScratch(Buffer.Dones, 1, idx, t, per);
                var h0 = RolloutBuffer.GatherScratch(start, Policy.Hidden, envs, per, Policy.Hidden);
                var (policy, values, _) = Policy.Forward(Ops.Reshape(rows, t, per, obsSize), h0, mask);
                var (logProb, entropy) = policy.LogProbAndEntropy(actions);
                terms = PpoLoss.Compute(
                    logProb, entropy, values,
                    RolloutBuffer.GatherScratch(Buffer.LogProbs, 1, idx, idx.Length),
                    RolloutBuffer.GatherScratch(Buffer.Advantages, 1, idx, idx.Length),
                    RolloutBuffer.GatherScratch(Buffer.Returns, 1, idx, idx.Length),
                    RolloutBuffer.GatherScratch(Buffer.Values, 1, idx, idx.Length),
                    _options);
                GradientStep(_adam, terms.Loss, _options.MaxGradNorm);
            }
        }
        double wall = context.WallSeconds;
        foreach (var (tag, value) in terms.Diagnostics(_adam.LearningRate)) { context.Sink.Add(tag, GlobalStep, value, wall); }
    }

    /// <inheritdoc />
    protected override void SaveExtra(IDictionary<string, Tensor> state)
    {
        state["recurrent.hidden"] = _hidden.Clone();
        base.SaveExtra(state);
    }

    /// <inheritdoc />
    protected override void LoadExtra(IReadOnlyDictionary<string, Tensor> state)
    {
        _hidden = state["recurrent.hidden"].Clone();
        base.LoadExtra(state);
    }
}
