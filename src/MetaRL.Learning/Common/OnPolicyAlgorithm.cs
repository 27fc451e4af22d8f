namespace MetaRL.Learning;

/// <summary>
/// Shared collection for actor-critic methods (Stable-Baselines3's <c>collect_rollouts</c>), stateless or
/// recurrent: fills a <see cref="RolloutBuffer"/> with <c>steps</c> transitions per environment from the current
/// policy, then computes GAE advantages and returns. Gaussian actions are clipped to the box when stepping and
/// stored unclipped. With an <see cref="ObservationNormalizer"/> the policy, the buffer and evaluation see
/// normalised observations. How the policy acts is the subclass's (<see cref="FeedForwardOnPolicyAlgorithm"/>,
/// <see cref="RecurrentPpo"/>).
/// </summary>
public abstract class OnPolicyAlgorithm : Algorithm
{
    private readonly Box? _actionBox;

    protected OnPolicyAlgorithm(EnvBatch envs, Rng rng, long totalSteps, IActorCritic actorCritic, int steps)
        : base(envs, rng, totalSteps)
    {
        ArgumentNullException.ThrowIfNull(actorCritic);
        Buffer = new RolloutBuffer(steps, envs.Count, envs.ObservationSize, actorCritic.ActionSize);
        Head = actorCritic.Head;
        _actionBox = envs.ActionSpace as Box;
    }

    /// <summary>The action head of the actor-critic being trained.</summary>
    protected ActionHead Head { get; }

    protected RolloutBuffer Buffer { get; }

    /// <summary>Rollouts (and updates) the step budget allows.</summary>
    protected long Iterations => TotalSteps / ((long)Envs.Count * Buffer.Steps);

    /// <summary>Sets <paramref name="adam"/>'s step size for this iteration to <paramref name="settings"/>' rate annealed
    /// linearly to 0 over <see cref="Iterations"/> when <see cref="ActorCriticSettings.AnnealLr"/> is set (CleanRL's
    /// <c>lr·(1 − (update − 1)/num_updates)</c>, a <see cref="LinearSchedule"/> in its <see cref="LinearForm.Remaining"/>
    /// form); else leaves it as it is.</summary>
    protected void AnnealLearningRate(Adam adam, ActorCriticSettings settings)
    {
        ArgumentNullException.ThrowIfNull(adam);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.AnnealLr) { new LinearSchedule(settings.LearningRate, Iterations, form: LinearForm.Remaining).Apply(adam, Iteration); }
    }

    /// <summary>When set, the rewards the learner sees are scaled by the running std of discounted returns.</summary>
    protected RewardNormalizer? RewardNormalizer { get; init; }

    /// <summary>When set, observations are normalised by running statistics before the policy sees them (an exported
    /// policy carries them).</summary>
    public ObservationNormalizer? ObservationNormalizer { get; protected init; }

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

    /// <summary>Called before each rollout; the parameters stay fixed until it ends.</summary>
    protected abstract void BeginRollout();

    /// <summary>Draws each environment's action from <paramref name="policy"/> (one draw from the generator) into the
    /// rollout arrays, with its log-probability and the critic's <paramref name="value"/>.</summary>
    protected void RecordSample(MetaRL.Distributions.Distribution policy, Tensor value, int n, float[] actions, float[] logProbs, float[] values)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(value);
        var sample = policy.Sample(Rng);
        var logProb = policy.LogProb(sample);
        sample.F32.CopyTo(actions);
        for (int e = 0; e < n; e++)
        {
            logProbs[e] = (float)logProb[e];
            values[e] = (float)value[e];
        }
    }

    /// <summary>Samples actions for the <paramref name="n"/> observations as the policy sees them, with their
    /// log-probabilities and values; <paramref name="dones"/> is 1 where an observation begins an episode.</summary>
    protected abstract void Act(float[] observations, float[] dones, int n, float[] actions, float[] logProbs, float[] values);

    /// <summary>The values of the observations that follow the rollout's last step.</summary>
    protected abstract void NextValues(float[] observations, float[] dones, int n, float[] values);

    /// <summary>Collects one rollout and fills advantages and returns.</summary>
    protected void Collect(TrainContext context, double gamma, double gaeLambda)
    {
        int n = Envs.Count, obsSize = Envs.ObservationSize, act = Head.ActionSize;
        var current = new float[n * obsSize];
        var dones = new float[n];
        var actions = new float[n * act];
        var envActions = new float[n * act];
        var logProbs = new float[n];
        var values = new float[n];
        Func<int, bool> done = Envs.Done;
        BeginRollout();
        // The first observations (from the reset) join the statistics once; later ones as each step returns them.
        if (GlobalStep == 0) { ObservationNormalizer?.Update(Envs.Observations); }
        for (int step = 0; step < Buffer.Steps; step++)
        {
            GlobalStep += n;
            int row = step * n;
            PolicyObservations(current);
            current.CopyTo(Buffer.Observations.AsSpan(row * obsSize));
            for (int e = 0; e < n; e++) { dones[e] = Envs.Done(e) ? 1f : 0f; }
            dones.CopyTo(Buffer.Dones.AsSpan(row, n));
            Act(current, dones, n, actions, logProbs, values);
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
        NextValues(current, nextDones, n, nextValues);
        Gae.Compute(Buffer.Rewards, Buffer.Values, Buffer.Dones, nextValues, nextDones, Buffer.Steps, n, gamma, gaeLambda, Buffer.Advantages, Buffer.Returns);
    }

    /// <summary>Observations and actions of the given rows as tensors (from the open <see cref="TensorArena"/> step, if any).</summary>
    protected (Tensor Obs, Tensor Actions) Rows(ReadOnlySpan<int> idx)
    {
        int obsSize = Buffer.ObservationSize, act = Buffer.ActionSize, m = idx.Length;
        var obs = RolloutBuffer.GatherScratch(Buffer.Observations, obsSize, idx, m, obsSize);
        var actions = Head.IsDiscrete ? RolloutBuffer.GatherScratch(Buffer.Actions, act, idx, m) : RolloutBuffer.GatherScratch(Buffer.Actions, act, idx, m, act);
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
