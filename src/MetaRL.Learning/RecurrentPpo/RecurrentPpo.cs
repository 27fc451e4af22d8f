using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// PPO with a GRU policy (the learner under RL², Duan et al., 2016), after CleanRL's <c>ppo_atari_lstm.py</c>:
/// the hidden state is carried through rollouts and across iterations and zeroed for an environment when its
/// episode ends (with a trial wrapper, when the trial ends); training replays each environment's whole
/// sequence from the hidden state the rollout began with, minibatching over environments.
/// </summary>
public sealed class RecurrentPpo : Algorithm, IRecurrentActor
{
    private readonly RecurrentPpoOptions _options;
    private readonly Adam _adam;
    private readonly RolloutBuffer _buffer;
    private readonly long _iterations;
    private readonly Box? _box;
    private readonly RewardNormalizer? _rewardNormalizer;
    private Tensor _hidden, _rolloutStart;
    private Tensor? _evalHidden;

    public RecurrentPpo(EnvBatch envs, RecurrentPpoOptions options, Rng rng)
        : base(envs, rng, Budget(options))
    {
        _options = options;
        Policy = new GruActorCritic(envs.ObservationSize, envs.ActionSpace, options.GruHidden, rng);
        _adam = new Adam(Policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Epsilon = options.AdamEpsilon });
        _buffer = new RolloutBuffer(options.NumSteps, envs.Count, envs.ObservationSize, Policy.ActionSize);
        _iterations = options.TotalSteps / ((long)options.NumEnvs * options.NumSteps);
        _box = envs.ActionSpace as Box;
        _rewardNormalizer = options.NormReward ? new RewardNormalizer(envs.Count, options.Gamma) : null;
        _hidden = Tensor.Zeros([envs.Count, options.GruHidden]);
        _rolloutStart = _hidden.Clone();
    }

    private static long Budget(RecurrentPpoOptions o)
    {
        o.Validate();
        long batch = (long)o.NumEnvs * o.NumSteps;
        return o.TotalSteps / batch * batch;
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

    private Tensor DoneMask()
    {
        var mask = new float[Envs.Count];
        for (int e = 0; e < mask.Length; e++) { mask[e] = Envs.Done(e) ? 1f : 0f; }
        return Tensor.FromArray(mask, 1, mask.Length);
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        if (_options.AnnealLr) { _adam.LearningRate = (1.0 - (double)Iteration / _iterations) * _options.LearningRate; }
        int n = Envs.Count, obsSize = Envs.ObservationSize, act = Policy.ActionSize;
        _rolloutStart = _hidden.Clone();
        var envActions = new float[n * act];
        for (int step = 0; step < _options.NumSteps; step++)
        {
            GlobalStep += n;
            int row = step * n;
            Envs.Observations.CopyTo(_buffer.Observations.AsSpan(row * obsSize));
            var mask = DoneMask();
            mask.F32.CopyTo(_buffer.Dones.AsSpan(row, n));
            using (Autograd.Autograd.NoGrad())
            {
                var (policy, values, hidden) = Policy.Forward(Tensor.FromArray(Envs.Observations.ToArray(), 1, n, obsSize), _hidden, mask);
                _hidden = hidden;
                var sample = policy.Sample(Rng);
                var logProb = policy.LogProb(sample);
                sample.F32.CopyTo(_buffer.Actions.AsSpan(row * act, n * act));
                sample.F32.CopyTo(envActions);
                for (int e = 0; e < n; e++)
                {
                    _buffer.LogProbs[row + e] = (float)logProb[e];
                    _buffer.Values[row + e] = (float)values[e];
                }
            }
            if (_box is { } box)
            {
                for (int i = 0; i < envActions.Length; i++) { envActions[i] = Math.Clamp(envActions[i], box.Low[i % act], box.High[i % act]); }
            }
            Envs.Step(envActions);
            Envs.Rewards.CopyTo(_buffer.Rewards.AsSpan(row));
            _rewardNormalizer?.Normalize(_buffer.Rewards.AsSpan(row, n), Envs.Done);
            RecordEpisodes(context);
        }
        var nextMask = DoneMask();
        float[] nextValues;
        using (Autograd.Autograd.NoGrad()) { nextValues = Policy.Forward(Tensor.FromArray(Envs.Observations.ToArray(), 1, n, obsSize), _hidden, nextMask).Values.ToFloatArray(); }
        Gae.Compute(_buffer.Rewards, _buffer.Values, _buffer.Dones, nextValues, nextMask.F32, _options.NumSteps, n, _options.Gamma, _options.GaeLambda, _buffer.Advantages, _buffer.Returns);
        Update(context);
    }

    private void Update(TrainContext context)
    {
        int n = Envs.Count, t = _options.NumSteps, groups = _options.NumMinibatches, per = n / groups, obsSize = Envs.ObservationSize, act = Policy.ActionSize;
        var envOrder = Enumerable.Range(0, n).ToArray();
        PpoLossTerms terms = default;
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            Rng.Shuffle(envOrder.AsSpan());
            for (int g = 0; g < groups; g++)
            {
                var envs = envOrder.AsSpan(g * per, per).ToArray();
                // Rows of the flattened [T, per] sequence, time-major, in buffer indices.
                var idx = new int[t * per];
                for (int s = 0; s < t; s++) { for (int j = 0; j < per; j++) { idx[s * per + j] = s * n + envs[j]; } }
                var obs = Tensor.FromArray(RolloutBuffer.Gather(_buffer.Observations, obsSize, idx), t, per, obsSize);
                var mask = Tensor.FromArray(RolloutBuffer.Gather(_buffer.Dones, 1, idx), t, per);
                var h0 = Tensor.FromArray(RolloutBuffer.Gather(_rolloutStart.F32.ToArray(), Policy.Hidden, envs), per, Policy.Hidden);
                var actions = Policy.IsDiscrete
                    ? Tensor.FromArray(RolloutBuffer.Gather(_buffer.Actions, 1, idx), idx.Length)
                    : Tensor.FromArray(RolloutBuffer.Gather(_buffer.Actions, act, idx), idx.Length, act);
                var (policy, values, _) = Policy.Forward(obs, h0, mask);
                terms = PpoLoss.Compute(
                    policy.LogProb(actions), policy.Entropy(), values,
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.LogProbs, 1, idx), idx.Length),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Advantages, 1, idx), idx.Length),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Returns, 1, idx), idx.Length),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Values, 1, idx), idx.Length),
                    _options);
                _adam.ZeroGrad();
                terms.Loss.Backward();
                GradClip.ClipGradNorm(_adam.Parameters, _options.MaxGradNorm);
                _adam.Step();
                CheckFinite(terms.Loss.Item(), "loss");
            }
        }
        double wall = context.WallSeconds;
        foreach (var (tag, value) in terms.Diagnostics(_adam.LearningRate)) { context.Sink.Add(tag, GlobalStep, value, wall); }
    }

    /// <inheritdoc />
    protected override void SaveExtra(IDictionary<string, Tensor> state)
    {
        state["recurrent.hidden"] = _hidden.Clone();
        _rewardNormalizer?.Save(state);
    }

    /// <inheritdoc />
    protected override void LoadExtra(IReadOnlyDictionary<string, Tensor> state)
    {
        _hidden = state["recurrent.hidden"].Clone();
        _rewardNormalizer?.Load(state);
    }
}
