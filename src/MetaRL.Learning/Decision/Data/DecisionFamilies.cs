namespace MetaRL.Learning.Decision;

/// <summary>
/// Which families each source can label, and how: the DPT oracle (best arm, shortest path, value iteration), the state
/// model of the uniform-state roll-in and the AD source learners. A family joins a source by a row here.
/// </summary>
internal static class DecisionFamilies
{
    /// <summary>Families with a DPT oracle.</summary>
    public static IReadOnlyList<string> Dpt { get; } = ["Bandit-v0", "DarkRoom-v0", "GridNav-v0", "TabularMDP-v0"];

    /// <summary>Families whose DPT label depends on the episode step of the query (the <c>query_step</c> column).</summary>
    public static IReadOnlyList<string> TimedQueries { get; } = ["TabularMDP-v0"];

    /// <summary>Families whose states can be drawn uniformly.</summary>
    public static IReadOnlyList<string> UniformStates { get; } = ["Bandit-v0", "DarkRoom-v0", "TabularMDP-v0"];

    /// <summary>Families whose DPT rows can ask about the goal's neighbourhood (<see cref="DecisionDataOptions.GoalQueries"/>).</summary>
    public static IReadOnlyList<string> GoalQueries { get; } = ["DarkRoom-v0"];

    /// <summary>The AD source learners of a family, the default first (none: the family has no AD source).</summary>
    public static IReadOnlyList<string> Learners(string id) => id switch
    {
        "Bandit-v0" => ["ucb1", "thompson"],
        "DarkRoom-v0" or "GridNav-v0" or "TabularMDP-v0" => ["q_learning"],
        _ => [],
    };

    /// <summary>Families with an AD source learner.</summary>
    public static IEnumerable<string> Ad => EnvRegistry.Ids.Where(id => Learners(id).Count > 0);

    public static IDptOracle Oracle(Env env, DecisionDataOptions options) => env.Unwrapped switch
    {
        BernoulliBandit b => new BanditOracle(b),
        DarkRoom d => new DarkRoomOracle(d, options.RandomTies),
        GridNav g => new GridNavOracle(g),
        TabularMdp m => new TabularMdpOracle(m, env.Find<TimeLimit>()?.MaxEpisodeSteps ?? throw new InvalidOperationException("TabularMDP-v0 needs its time limit (the horizon).")),
        _ => throw new InvalidOperationException($"{env.Unwrapped.Id} has no DPT oracle."),
    };

    public static IStateModel StateModel(Env env) => env.Unwrapped switch
    {
        BernoulliBandit b => new BanditStates(b),
        DarkRoom d => new DarkRoomStates(d),
        TabularMdp m => new TabularMdpStates(m),
        _ => throw new InvalidOperationException($"{env.Unwrapped.Id} has no state model."),
    };

    public static IHistoryLearner Learner(Env env, string name, DecisionDataOptions options) => (env.Unwrapped, name) switch
    {
        (BernoulliBandit b, "ucb1") => new BanditLearner(new Ucb1Bandit(options.Ucb1C), b.Arms),
        (BernoulliBandit b, "thompson") => new BanditLearner(new ThompsonBandit(), b.Arms),
        (DarkRoom d, "q_learning") => new TabularQLearner(d.Size * d.Size, 5, () => d.Y * d.Size + d.X, options),
        (GridNav g, "q_learning") => new TabularQLearner(g.Size * g.Size, 4, () => g.Cell, options),
        (TabularMdp m, "q_learning") => new TabularQLearner(m.States, m.Actions, () => m.State, options),
        _ => throw new InvalidOperationException($"{env.Unwrapped.Id} has no learner '{name}'."),
    };
}
