namespace MetaRL.Envs;

/// <summary>Trial loops of the RecSlate recommenders: each trial is one user's sessions, recorded in <see cref="RecSlateMetrics"/>
/// (what <see cref="BaselineRunner"/> and the A/B tests' baseline arms play).</summary>
public static class RecSlateTrials
{
    /// <summary>A fresh recommender for a baseline name of <see cref="BaselineRunner.Methods"/> (<c>random</c>, <c>popularity</c>,
    /// <c>greedy</c>, <c>oracle</c>).</summary>
    public static RecSlateAgent Agent(string method) => method switch
    {
        "random" => new RandomRecommender(),
        "popularity" => new PopularityRecommender(),
        "greedy" => new GreedyRecommender(),
        "oracle" => new OracleRecommender(),
        _ => throw new ArgumentException(method),
    };

    /// <summary>A trial loop of <paramref name="method"/> on <paramref name="env"/> (a RecSlate-v0 environment): each call plays
    /// one user (the task the environment holds) for the given number of sessions with the given rng, records the user in
    /// <paramref name="metrics"/> and returns the total reward; with a <paramref name="log"/> every decision is logged there as
    /// bandit feedback (with its exploration and evaluated policy).</summary>
    public static Func<int, Rng, double> Runner(string method, Env env, RecSlateMetrics metrics, RecSlateDecisionLog? log = null)
    {
        var sim = env.Find<RecSlate>()!;
        var agent = Agent(method);
        var obs = env.NewObservation();
        var slate = new int[sim.Config.SlateSize];
        var action = new float[env.ActionSpace.Size];
        return (episodes, rng) =>
        {
            agent.BeginUser(sim);
            log?.BeginUser(sim, method);
            metrics.BeginUser();
            double total = 0;
            for (int e = 0; e < episodes; e++)
            {
                env.Reset(obs);
                metrics.BeginSession();
                StepResult r = default;
                while (!r.Done)
                {
                    agent.Act(sim, rng, slate);
                    log?.Decide(sim, obs, rng, slate);
                    Encode(sim, slate, action);
                    metrics.Offered(sim);
                    r = env.Step(action, obs);
                    metrics.Stepped(sim);
                    log?.Stepped(sim, r.Reward);
                    agent.Observe(sim);
                    total += r.Reward;
                }
            }
            metrics.EndUser();
            return total;
        };
    }

    /// <summary>Writes a slate as the environment's action: k indices, or its <see cref="SlateIndex"/>.</summary>
    public static void Encode(RecSlate sim, ReadOnlySpan<int> slate, Span<float> action)
    {
        if (sim.Config.IndexActions) { action[0] = SlateIndex.Encode(slate, sim.Config.Candidates); return; }
        for (int j = 0; j < slate.Length; j++) { action[j] = slate[j]; }
    }
}
