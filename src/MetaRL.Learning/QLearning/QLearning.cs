namespace MetaRL.Learning;

/// <summary>
/// Tabular Q-learning (Watkins and Dayan, 1992): ε-greedy behaviour with a linear ε schedule and the
/// off-policy TD update Q(s,a) ← Q(s,a) + α(r + γ·max_a′ Q(s′,a′)·(1 − terminated) − Q(s,a)); truncated
/// episodes bootstrap from their final observation. Ties in the greedy choice go to the lowest action.
/// </summary>
public sealed class QLearning : Algorithm
{
    private const int Chunk = 1000;
    private readonly QLearningOptions _options;
    private readonly QTable _table;

    public QLearning(EnvBatch envs, QLearningOptions options, Rng rng)
        : base(envs, rng, ValidatedBudget(options))
    {
        _options = options;
        int actions = envs.ActionSpace is Discrete d ? d.N : throw new ArgumentException("Q-learning needs a discrete action space.");
        _table = new QTable(options.MaxStates, envs.ObservationSize, actions);
    }

    /// <inheritdoc />
    public override Module Model => _table;

    /// <inheritdoc />
    public override Optimizer? Optimizer => null;

    public QTable Table => _table;

    private double Epsilon(long step) =>
        Math.Max(_options.EndE, _options.StartE + (_options.EndE - _options.StartE) * step / (_options.ExplorationFraction * TotalSteps));

    private static int Greedy(ReadOnlySpan<float> q)
    {
        int best = 0;
        for (int a = 1; a < q.Length; a++) { if (q[a] > q[best]) { best = a; } }
        return best;
    }

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (_table.States == 0) { _table.Reindex(); }
        int row = _table.Row(observation, add: false);
        action[0] = row < 0 ? 0 : Greedy(_table.Values(row));
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        int obsSize = Envs.ObservationSize;
        var action = new float[1];
        long end = Math.Min(TotalSteps, GlobalStep + Chunk);
        while (GlobalStep < end)
        {
            var obs = Envs.Observations.ToArray();
            int s = _table.Row(obs, add: true);
            action[0] = Rng.NextDouble() < Epsilon(GlobalStep) ? Rng.NextInt(_table.Actions) : Greedy(_table.Values(s));
            Envs.Step(action);
            GlobalStep++;
            RecordEpisodes(context);
            var next = Envs.Done(0) ? Envs.FinalObservations[..obsSize] : Envs.Observations;
            int s2 = _table.Row(next, add: true);
            var q2 = _table.Values(s2);
            double bootstrap = Envs.Terminated[0] ? 0 : q2[Greedy(q2)];
            var q = _table.Values(s);
            int a = (int)action[0];
            q[a] += (float)(_options.LearningRate * (Envs.Rewards[0] + _options.Gamma * bootstrap - q[a]));
        }
        context.Sink.Add("charts/epsilon", GlobalStep, Epsilon(GlobalStep), context.WallSeconds);
        context.Sink.Add("charts/states", GlobalStep, _table.States, context.WallSeconds);
    }

    /// <inheritdoc />
    protected override void LoadExtra(IReadOnlyDictionary<string, Tensor> state) => _table.Reindex();
}
