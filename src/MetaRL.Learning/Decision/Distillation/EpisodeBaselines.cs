using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The per-episode baselines beside a decision model acting for several episodes: uniformly random actions, the
/// family's oracle where it acts from the current state (Dark Room's shortest path, a bandit's best arm), and each of
/// the family's AD source learners from scratch, learning across the same episodes (<see cref="DecisionFamilies.Learner"/>:
/// tabular Q-learning on the grids; UCB1 and Thompson sampling on bandits, where an episode of one pull makes the trial
/// a bandit run of that many pulls and the per-episode rows its reward curve).
/// Each plays through the family's environment with the same per-task seeding as <see cref="OnlineActing"/>.
/// </summary>
public static class EpisodeBaselines
{
    /// <summary>The baselines of <paramref name="env"/>'s family, in row order.</summary>
    public static IReadOnlyList<string> Methods(Env env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var methods = new List<string> { "random" };
        if (Oracle(env) is not null) { methods.Add("oracle"); }
        methods.AddRange(DecisionFamilies.Learners(env.Unwrapped.Id));
        if (methods.Contains("q_learning")) { methods.Add("ppo"); }
        return methods;
    }

    /// <summary>Per task, the return of each of <paramref name="episodes"/> episodes of <paramref name="method"/>; task
    /// i's environment and choices come from the i-th generator split off <paramref name="rng"/>. The source learners take
    /// their settings from <paramref name="options"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<double>> Returns(MetaSetup setup, IReadOnlyList<EnvTask> tasks, string method, int episodes, DecisionDataOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return setup.PerTask<IReadOnlyList<double>>(tasks, rng, (env, _, own) =>
            method == "ppo" ? PpoReturns(env, episodes, own) : new AdRows(env, Learner(env, method, options), episodes).Returns(own));
    }

    /// <summary>
    /// PPO from scratch on the pinned task (CleanRL's defaults but one environment and one single-minibatch update per episode's worth of
    /// steps, <c>num_steps</c> = the horizon): the returns of its first <paramref name="episodes"/> training episodes, which
    /// the budget of episodes × horizon steps always completes.
    /// </summary>
    public static IReadOnlyList<double> PpoReturns(Env env, int episodes, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(rng);
        int horizon = env.Find<TimeLimit>()?.MaxEpisodeSteps ?? throw new ArgumentException($"{env.Unwrapped.Id} has no time limit: PPO's budget is episodes × horizon.", nameof(env));
        var options = new PpoOptions { NumEnvs = 1, NumSteps = horizon, NumMinibatches = 1, TotalSteps = (long)episodes * horizon };
        var ppo = new Ppo(new EnvBatch([env], (long)rng.NextULong()), options, rng);
        var returns = new List<double>(episodes);
        long seen = 0;
        ppo.Train(new TrainContext(new CompositeSink())
        {
            AfterIteration = a =>
            {
                returns.AddRange(a.Episodes.Recent.Skip(a.Episodes.Recent.Count - (int)(a.Episodes.Count - seen)));
                seen = a.Episodes.Count;
            },
        });
        return returns.Take(episodes).ToList();
    }

    private static IHistoryLearner Learner(Env env, string method, DecisionDataOptions options) => method switch
    {
        "random" => new RandomLearner(((Discrete)env.ActionSpace).N),
        "oracle" => Oracle(env) ?? throw new ArgumentException($"{env.Unwrapped.Id} has no per-episode oracle", nameof(method)),
        _ when DecisionFamilies.Learners(env.Unwrapped.Id).Contains(method) => DecisionFamilies.Learner(env, method, options),
        _ => throw new ArgumentException($"no per-episode baseline '{method}'", nameof(method)),
    };

    /// <summary>The family's oracle acting from the current state (Dark Room's shortest path, a bandit's best arm); null
    /// where it has none that plays episodes here.</summary>
    private static IHistoryLearner? Oracle(Env env) => env.Unwrapped switch
    {
        BernoulliBandit bandit => new BanditLearner(new OracleBandit(() => bandit.CurrentTask), bandit.Arms),
        DarkRoom room => new DarkRoomOracleLearner(room),
        _ => null,
    };

    private sealed class RandomLearner(int actions) : IHistoryLearner
    {
        public void Begin(int steps) { }

        public int Act(Rng rng) => rng.NextInt(actions);

        public void Observe(int action, double reward, bool terminated) { }
    }

    private sealed class DarkRoomOracleLearner(DarkRoom room) : IHistoryLearner
    {
        public void Begin(int steps) { }

        public int Act(Rng rng) => DarkRoomPaths.OracleAction(room.CurrentTask, room.X, room.Y);

        public void Observe(int action, double reward, bool terminated) { }
    }
}
