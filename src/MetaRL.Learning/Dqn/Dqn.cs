namespace MetaRL.Learning;

/// <summary>
/// Deep Q-Network (Mnih et al., 2015) as CleanRL's <c>dqn.py</c>: ε-greedy with a linear ε schedule, a
/// replay buffer, a target network updated every <c>target_network_frequency</c> steps (Polyak with τ),
/// MSE TD loss every <c>train_frequency</c> steps after <c>learning_starts</c>; optional double-DQN targets
/// (van Hasselt et al., 2016). Truncated episodes bootstrap from their final observation.
/// </summary>
public sealed class Dqn : Algorithm
{
    /// <summary>Environment steps per call of <see cref="Iterate"/> (checkpoint and progress granularity).</summary>
    private const int Chunk = 1000;

    private readonly DqnOptions _options;
    private readonly Sequential _q, _target;
    private readonly Adam _adam;
    private readonly ReplayBuffer _replay;
    private readonly int _actions;

    public Dqn(EnvBatch envs, DqnOptions options, Rng rng)
        : base(envs, rng, ValidatedBudget(options))
    {
        _options = options;
        _actions = envs.ActionSpace is Discrete d ? d.N : throw new ArgumentException("DQN needs a discrete action space.");
        int[] sizes = [envs.ObservationSize, .. options.Hidden, _actions];
        _q = Mlp.Create(sizes, Activation.Relu, rng);
        _target = Mlp.Create(sizes, Activation.Relu, rng);
        _target.CopyParametersFrom(_q);
        _adam = new Adam(_q.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
        _replay = new ReplayBuffer(options.BufferSize, envs.ObservationSize);
    }

    /// <inheritdoc />
    public override Module Model => _q;

    /// <inheritdoc />
    public override Optimizer Optimizer => _adam;

    /// <summary>CleanRL's linear schedule from start_e to end_e over exploration_fraction of the run.</summary>
    public double Epsilon(long step)
    {
        double duration = _options.ExplorationFraction * TotalSteps;
        double slope = (_options.EndE - _options.StartE) / duration;
        return Math.Max(slope * step + _options.StartE, _options.EndE);
    }

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        action[0] = ArgMax(_q.Forward(Tensor.FromArray(observation.ToArray(), 1, observation.Length)), 0);
    }

    private int ArgMax(Tensor q, int row)
    {
        int best = 0;
        for (int a = 1; a < _actions; a++) { if (q[row * _actions + a] > q[row * _actions + best]) { best = a; } }
        return best;
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        int n = Envs.Count, obsSize = Envs.ObservationSize;
        var actions = new float[n];
        long end = Math.Min(TotalSteps, GlobalStep + Chunk);
        double loss = double.NaN;
        while (GlobalStep < end)
        {
            using var step = TensorArena.Step();
            double eps = Epsilon(GlobalStep);
            var obs = Envs.Observations.ToArray();
            Tensor? q = null;
            for (int e = 0; e < n; e++)
            {
                if (Rng.NextDouble() < eps) { actions[e] = Rng.NextInt(_actions); continue; }
                using (Autograd.Autograd.NoGrad()) { q ??= _q.Forward(Tensor.FromArray(obs, n, obsSize)); }
                actions[e] = ArgMax(q, e);
            }
            Envs.Step(actions);
            GlobalStep += n;
            RecordEpisodes(context);
            for (int e = 0; e < n; e++)
            {
                var next = Envs.Done(e) ? Envs.FinalObservations.Slice(e * obsSize, obsSize) : Envs.Observations.Slice(e * obsSize, obsSize);
                _replay.Add(obs.AsSpan(e * obsSize, obsSize), actions[e], Envs.Rewards[e], next, Envs.Terminated[e]);
            }
            if (GlobalStep > _options.LearningStarts)
            {
                if (GlobalStep / n % _options.TrainFrequency == 0) { loss = TrainStep(); }
                if (GlobalStep / n % _options.TargetNetworkFrequency == 0) { UpdateTarget(); }
            }
        }
        double wall = context.WallSeconds;
        context.Sink.Add("charts/epsilon", GlobalStep, Epsilon(GlobalStep), wall);
        if (!double.IsNaN(loss)) { context.Sink.Add("losses/td_loss", GlobalStep, loss, wall); }
    }

    private double TrainStep()
    {
        using var step = TensorArena.Step();
        var (obs, actions, rewards, next, dones) = _replay.Sample(_options.BatchSize, Rng);
        int b = _options.BatchSize;
        var target = new float[b];
        using (Autograd.Autograd.NoGrad())
        {
            var qNextTarget = _target.Forward(next);
            var qNextOnline = _options.DoubleDqn ? _q.Forward(next) : null;
            for (int i = 0; i < b; i++)
            {
                double best;
                if (qNextOnline is not null) { best = qNextTarget[i * _actions + ArgMax(qNextOnline, i)]; }
                else
                {
                    best = double.NegativeInfinity;
                    for (int a = 0; a < _actions; a++) { best = Math.Max(best, qNextTarget[i * _actions + a]); }
                }
                target[i] = (float)(rewards[i] + _options.Gamma * best * (1 - dones[i]));
            }
        }
        var qTaken = Ops.Reshape(Ops.Gather(_q.Forward(obs), 1, Tensor.FromArray(actions, b, 1)), b);
        var diff = Ops.Sub(qTaken, Tensor.FromArray(target, b));
        var loss = Ops.Mean(Ops.Mul(diff, diff));
        _adam.ZeroGrad();
        loss.Backward();
        _adam.Step();
        double value = loss.Item();
        CheckFinite(value, "td_loss");
        return value;
    }

    private void UpdateTarget()
    {
        var online = _q.Parameters();
        var target = _target.Parameters();
        float tau = (float)_options.Tau;
        for (int i = 0; i < online.Count; i++)
        {
            var t = target[i].F32;
            var o = online[i].F32;
            for (int j = 0; j < t.Length; j++) { t[j] = tau * o[j] + (1 - tau) * t[j]; }
        }
    }

    /// <inheritdoc />
    protected override void SaveExtra(IDictionary<string, Tensor> state)
    {
        foreach (var (name, value) in _target.StateDict()) { state["target." + name] = value.Clone(); }
        _replay.Save(state);
    }

    /// <inheritdoc />
    protected override void LoadExtra(IReadOnlyDictionary<string, Tensor> state)
    {
        _target.LoadStateDict(_target.NamedParameters().ToDictionary(p => p.Name, p => state["target." + p.Name]));
        _replay.Load(state);
    }
}
