using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// Shared collection for actor-critic methods (Stable-Baselines3's <c>collect_rollouts</c>): fills a
/// <see cref="RolloutBuffer"/> with <c>steps</c> transitions per environment from the current policy, then
/// computes GAE advantages and returns. Gaussian actions are clipped to the box when stepping and stored unclipped.
/// With an <see cref="ObservationNormalizer"/> the policy, the buffer and evaluation see normalised observations.
/// </summary>
public abstract class OnPolicyAlgorithm : Algorithm
{
    private readonly Box? _actionBox;

    protected OnPolicyAlgorithm(EnvBatch envs, Rng rng, long totalSteps, ActorCritic policy, int steps)
        : base(envs, rng, totalSteps)
    {
        Policy = policy;
        Buffer = new RolloutBuffer(steps, envs.Count, envs.ObservationSize, policy.ActionSize);
        _actionBox = envs.ActionSpace as Box;
    }

    /// <summary>The actor-critic being trained.</summary>
    public ActorCritic Policy { get; }

    protected RolloutBuffer Buffer { get; }

    /// <summary>When set, the rewards the learner sees are scaled by the running std of discounted returns.</summary>
    protected RewardNormalizer? RewardNormalizer { get; init; }

    /// <summary>When set, observations are normalised by running statistics before the policy sees them.</summary>
    protected ObservationNormalizer? ObservationNormalizer { get; init; }

    /// <inheritdoc />
    protected override void SaveExtra(IDictionary<string, Tensor> state)
    {
        RewardNormalizer?.Save(state);
        ObservationNormalizer?.Save(state);
    }

    /// <inheritdoc />
    protected override void LoadExtra(IReadOnlyDictionary<string, Tensor> state)
    {
        RewardNormalizer?.Load(state);
        ObservationNormalizer?.Load(state);
    }

    /// <inheritdoc />
    public override void LoadEvaluationState(IReadOnlyDictionary<string, Tensor> state) => ObservationNormalizer?.Load(state);

    /// <summary>Writes the environments' current observations as the policy sees them into <paramref name="destination"/>.</summary>
    private void PolicyObservations(float[] destination)
    {
        Envs.Observations.CopyTo(destination);
        ObservationNormalizer?.Apply(destination, destination);
    }

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var obs = observation.ToArray();
        ObservationNormalizer?.Apply(obs, obs);
        var mode = Policy.Policy(Tensor.FromArray(obs, 1, obs.Length)).Mode();
        for (int i = 0; i < action.Length; i++) { action[i] = (float)mode[i]; }
    }

    /// <summary>Collects one rollout and fills advantages and returns.</summary>
    protected void Collect(TrainContext context, double gamma, double gaeLambda)
    {
        int n = Envs.Count, obsSize = Envs.ObservationSize, act = Policy.ActionSize;
        var current = new float[n * obsSize];
        var actions = new float[n * act];
        var envActions = new float[n * act];
        var logProbs = new float[n];
        var values = new float[n];
        Func<int, bool> done = Envs.Done;
        // The parameters stay fixed for the whole rollout, so the span path works on one snapshot of them.
        var sampler = (Policy as IFastRolloutPolicy)?.TryBeginRollout();
        // The first observations (from the reset) join the statistics once; later ones as each step returns them.
        if (GlobalStep == 0) { ObservationNormalizer?.Update(Envs.Observations); }
        for (int step = 0; step < Buffer.Steps; step++)
        {
            GlobalStep += n;
            int row = step * n;
            PolicyObservations(current);
            current.CopyTo(Buffer.Observations.AsSpan(row * obsSize));
            for (int e = 0; e < n; e++) { Buffer.Dones[row + e] = Envs.Done(e) ? 1f : 0f; }
            Act(sampler, current, n, actions, logProbs, values);
            logProbs.CopyTo(Buffer.LogProbs.AsSpan(row));
            values.CopyTo(Buffer.Values.AsSpan(row));
            actions.CopyTo(Buffer.Actions, row * act);
            actions.CopyTo(envActions, 0);
            if (_actionBox is { } box)
            {
                for (int i = 0; i < envActions.Length; i++) { envActions[i] = Math.Clamp(envActions[i], box.Low[i % act], box.High[i % act]); }
            }
            Envs.Step(envActions);
            ObservationNormalizer?.Update(Envs.Observations);
            Envs.Rewards.CopyTo(Buffer.Rewards.AsSpan(row));
            RewardNormalizer?.Normalize(Buffer.Rewards.AsSpan(row, n), done);
            RecordEpisodes(context);
        }
        var nextDones = new float[n];
        for (int e = 0; e < n; e++) { nextDones[e] = Envs.Done(e) ? 1f : 0f; }
        var nextValues = new float[n];
        PolicyObservations(current);
        if (sampler is not null) { sampler.Values(current, n, nextValues); }
        else
        {
            using (Autograd.Autograd.NoGrad()) { Policy.Value(Tensor.FromArray(current, n, obsSize)).F32.CopyTo(nextValues); }
        }
        Gae.Compute(Buffer.Rewards, Buffer.Values, Buffer.Dones, nextValues, nextDones, Buffer.Steps, n, gamma, gaeLambda, Buffer.Advantages, Buffer.Returns);
    }

    /// <summary>Samples actions with their log-probabilities and values: on spans when the policy offers
    /// <see cref="IFastRolloutPolicy"/> (bit-identical), else through the tensor ops without a graph.</summary>
    private void Act(IRolloutSampler? sampler, float[] observations, int n, float[] actions, float[] logProbs, float[] values)
    {
        if (sampler is not null)
        {
            sampler.SampleActions(observations, n, Rng, actions, logProbs, values);
            return;
        }
        using var _ = Autograd.Autograd.NoGrad();
        var obs = Tensor.FromArray(observations, n, observations.Length / n);
        var dist = Policy.Policy(obs);
        var sample = dist.Sample(Rng);
        var logProb = dist.LogProb(sample);
        var value = Policy.Value(obs);
        sample.F32.CopyTo(actions);
        for (int e = 0; e < n; e++)
        {
            logProbs[e] = (float)logProb[e];
            values[e] = (float)value[e];
        }
    }

    /// <summary>Observations, actions and per-transition arrays of the given rows as tensors.</summary>
    protected (Tensor Obs, Tensor Actions) Rows(ReadOnlySpan<int> idx)
    {
        int obsSize = Buffer.ObservationSize, act = Buffer.ActionSize, m = idx.Length;
        var obs = Tensor.FromArray(RolloutBuffer.Gather(Buffer.Observations, obsSize, idx), m, obsSize);
        var actions = Policy.IsDiscrete
            ? Tensor.FromArray(RolloutBuffer.Gather(Buffer.Actions, 1, idx), m)
            : Tensor.FromArray(RolloutBuffer.Gather(Buffer.Actions, act, idx), m, act);
        return (obs, actions);
    }

    /// <summary>1 − Var(returns − values) / Var(returns) (NaN when the returns are constant).</summary>
    internal static double ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        double mr = 0, md = 0;
        for (int i = 0; i < returns.Length; i++) { mr += returns[i]; md += returns[i] - values[i]; }
        mr /= returns.Length;
        md /= returns.Length;
        double vr = 0, vd = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            vr += (returns[i] - mr) * (returns[i] - mr);
            double d = returns[i] - values[i] - md;
            vd += d * d;
        }
        return vr == 0 ? double.NaN : 1 - vd / vr;
    }
}
