namespace MetaRL.Learning.Decision;

/// <summary>
/// One DPT row (Lee et al. 2023): the row's behaviour distribution, <see cref="DecisionDataOptions.Context"/>
/// transitions collected with it (episodes through the environment API, or from uniformly drawn states), then a query
/// state and the oracle's optimal action there.
/// </summary>
internal sealed class DptRows
{
    private readonly Env _env;
    private readonly DecisionDataOptions _options;
    private readonly IDptOracle _oracle;
    private readonly IStateModel? _states;
    private readonly Behaviour _behaviour;
    private readonly float[] _obs, _next, _query;

    public DptRows(Env env, DecisionDataOptions options)
    {
        _env = env;
        _options = options;
        _oracle = DecisionFamilies.Oracle(env, options);
        _states = options.Rollin == RollIn.UniformStates ? DecisionFamilies.StateModel(env) : null;
        _behaviour = new Behaviour(((Discrete)env.ActionSpace).N);
        _obs = env.NewObservation();
        _next = env.NewObservation();
        _query = env.NewObservation();
    }

    /// <summary>Writes the row of the pinned task; every draw comes from <paramref name="rng"/>.</summary>
    public void Write(DecisionBatchBuilder batch, Rng rng)
    {
        _env.Reset(_obs, (long)rng.NextULong()); // installs the task and seeds the environment's own stream
        _behaviour.Draw(_options.Behaviour, _options.DirichletAlpha, rng);
        bool nearGoal = _options.GoalQueries > 0 && rng.NextDouble() < _options.GoalQueries;
        var goal = nearGoal ? (IGoalQueries)_oracle : null;
        if (goal is not null)
        {
            var (a, r) = goal.GoalArrival(rng, _obs, _next);
            batch.AddTransition(_obs, a, r, _next, false, false);
        }
        if (_states is null) { RollInTrajectories(batch, rng); } else { RollInUniformStates(batch, _states, rng, goal is null ? _options.Context : _options.Context - 1); }
        var (step, action) = goal is null ? _oracle.Query(rng, _query) : goal.QueryNearGoal(rng, _options.GoalQueryRadius, _query);
        batch.SetQuery(_behaviour.Probabilities, _query, step, action);
    }

    private void RollInTrajectories(DecisionBatchBuilder batch, Rng rng)
    {
        float[] obs = _obs, next = _next;
        for (int t = 0; t < _options.Context; t++)
        {
            int a = _behaviour.Sample(rng);
            var r = _env.Step(a, next);
            batch.AddTransition(obs, a, r.Reward, next, r.Terminated, r.Truncated);
            if (r.Done) { _env.Reset(obs); } else { (obs, next) = (next, obs); }
        }
    }

    private void RollInUniformStates(DecisionBatchBuilder batch, IStateModel states, Rng rng, int transitions)
    {
        for (int t = 0; t < transitions; t++)
        {
            int s = rng.NextInt(states.States);
            int a = _behaviour.Sample(rng);
            int s2 = states.Step(s, a, rng, out double reward);
            states.Observe(s, _obs);
            states.Observe(s2, _next);
            batch.AddTransition(_obs, a, reward, _next, false, false);
        }
    }
}
