namespace MetaRL.Learning;

/// <summary>
/// REINFORCE with a learned baseline (Williams, 1992): per update, play <c>episodes_per_batch</c> whole
/// episodes, compute discounted returns-to-go G_t, and minimise
/// −mean((G_t − V(s_t))·log π(a_t|s_t)) + c_v·½·mean((G_t − V(s_t))²) − c_e·mean(H).
/// Updates happen only between episodes, so every checkpoint falls on an episode boundary.
/// </summary>
public sealed class Reinforce : Algorithm
{
    private readonly ReinforceOptions _options;
    private readonly MlpActorCritic _policy;
    private readonly Adam _adam;
    private readonly Box? _box;

    public Reinforce(EnvBatch envs, ReinforceOptions options, Rng rng)
        : base(envs, rng, ValidatedBudget(options))
    {
        _options = options;
        _policy = new MlpActorCritic(envs.ObservationSize, envs.ActionSpace, options.Hidden, Activation.Tanh, rng);
        _adam = new Adam(_policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        _box = envs.ActionSpace as Box;
    }

    /// <inheritdoc />
    public override Module Model => _policy;

    /// <inheritdoc />
    public override Optimizer Optimizer => _adam;

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var mode = _policy.Policy(Tensor.FromArray(observation.ToArray(), 1, observation.Length)).Mode();
        for (int i = 0; i < action.Length; i++) { action[i] = (float)mode[i]; }
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        int obsSize = Envs.ObservationSize, act = _policy.ActionSize;
        var obs = new List<float>();
        var actions = new List<float>();
        var returns = new List<float>();
        var rewards = new List<float>();
        var action = new float[act];
        for (int episode = 0; episode < _options.EpisodesPerBatch; episode++)
        {
            rewards.Clear();
            bool done = false;
            while (!done)
            {
                var o = Envs.Observations.ToArray();
                obs.AddRange(o);
                using (Autograd.Autograd.NoGrad()) { _policy.Policy(Tensor.FromArray(o, 1, obsSize)).Sample(Rng).F32.CopyTo(action); }
                actions.AddRange(action);
                if (_box is { } box)
                {
                    for (int i = 0; i < act; i++) { action[i] = Math.Clamp(action[i], box.Low[i], box.High[i]); }
                }
                Envs.Step(action);
                GlobalStep++;
                rewards.Add(Envs.Rewards[0]);
                RecordEpisodes(context);
                done = Envs.Done(0);
            }
            var g = new float[rewards.Count];
            double acc = 0;
            for (int t = rewards.Count - 1; t >= 0; t--) { g[t] = (float)(acc = rewards[t] + _options.Gamma * acc); }
            returns.AddRange(g);
        }
        Update(context, obs.ToArray(), actions.ToArray(), returns.ToArray());
    }

    private void Update(TrainContext context, float[] obsData, float[] actionData, float[] returnData)
    {
        int n = returnData.Length;
        var obs = Tensor.FromArray(obsData, n, Envs.ObservationSize);
        var actions = _policy.Head.Actions(actionData, n);
        var returns = Tensor.FromArray(returnData, n);
        var dist = _policy.Policy(obs);
        var value = _policy.Value(obs);
        var adv = Ops.Sub(returns, value.Detach());
        if (_options.NormAdv && n > 1) { adv = PpoLoss.Normalize(adv); }
        var pg = Ops.Neg(Ops.Mean(Ops.Mul(adv, dist.LogProb(actions))));
        var diff = Ops.Sub(value, returns);
        var vLoss = Ops.MulScalar(Ops.Mean(Ops.Mul(diff, diff)), 0.5);
        var entropy = Ops.Mean(dist.Entropy());
        var loss = Ops.Add(Ops.Sub(pg, Ops.MulScalar(entropy, _options.EntCoef)), Ops.MulScalar(vLoss, _options.VfCoef));
        GradientStep(_adam, loss, _options.MaxGradNorm);
        double wall = context.WallSeconds;
        context.Sink.Add("losses/policy_loss", GlobalStep, pg.Item(), wall);
        context.Sink.Add("losses/value_loss", GlobalStep, vLoss.Item(), wall);
        context.Sink.Add("losses/entropy", GlobalStep, entropy.Item(), wall);
    }
}
