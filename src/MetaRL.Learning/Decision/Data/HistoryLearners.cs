namespace MetaRL.Learning.Decision;

/// <summary>The source learner of an AD row: it starts from scratch on a task and learns across one trial.</summary>
internal interface IHistoryLearner
{
    /// <summary>Forgets everything: a new task, a trial of <paramref name="steps"/> steps ahead.</summary>
    void Begin(int steps);

    /// <summary>The action in the environment's current state.</summary>
    int Act(Rng rng);

    /// <summary>Learns from the step just taken (the environment is already in the next state).</summary>
    void Observe(int action, double reward, bool terminated);
}

/// <summary>A bandit strategy of <c>Envs/Baselines</c> (UCB1, Thompson sampling) as a source learner.</summary>
internal sealed class BanditLearner(BanditAgent agent, int arms) : IHistoryLearner
{
    public void Begin(int steps) => agent.Begin(arms, steps);

    public int Act(Rng rng) => agent.Select(rng);

    public void Observe(int action, double reward, bool terminated) => agent.Update(action, reward);
}

/// <summary>
/// Tabular Q-learning (Watkins and Dayan 1992) over a family's state index: ε-greedy with ties broken uniformly at
/// random (so an untrained table walks at random), the update Q(s,a) += α(r + γ·maxₐ′ Q(s′,a′)·(1 − terminated) − Q(s,a)).
/// Small and allocation-free, for generating thousands of histories; the <c>q_learning</c> algorithm of <c>metarl train</c>
/// keys its table by observation vectors instead.
/// </summary>
internal sealed class TabularQLearner(int states, int actions, Func<int> state, DecisionDataOptions options) : IHistoryLearner
{
    private readonly double[] _q = new double[states * actions];
    private int _s;

    public void Begin(int steps) => Array.Fill(_q, options.QInit);

    public int Act(Rng rng)
    {
        _s = state();
        if (rng.NextDouble() < options.QEpsilon) { return rng.NextInt(actions); }
        var row = _q.AsSpan(_s * actions, actions);
        int best = 0, ties = 1;
        for (int a = 1; a < actions; a++)
        {
            if (row[a] > row[best]) { best = a; ties = 1; }
            else if (row[a] == row[best] && rng.NextInt(++ties) == 0) { best = a; }
        }
        return best;
    }

    public void Observe(int action, double reward, bool terminated)
    {
        var next = _q.AsSpan(state() * actions, actions);
        double max = next[0];
        for (int a = 1; a < actions; a++) { max = Math.Max(max, next[a]); }
        ref double q = ref _q[_s * actions + action];
        q += options.QLearningRate * (reward + (terminated ? 0 : options.QGamma * max) - q);
    }
}
