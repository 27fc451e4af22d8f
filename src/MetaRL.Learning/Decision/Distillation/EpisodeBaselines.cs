using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The per-episode baselines beside a decision model acting for several episodes on a grid family: uniformly random
/// actions, the family's oracle where it acts from the current state (Dark Room's shortest path), and the family's AD
/// source learner from scratch given the same episodes (tabular Q-learning, <see cref="DecisionFamilies.Learner"/>).
/// Each plays through the family's environment with the same per-task seeding as <see cref="OnlineActing"/>.
/// </summary>
public static class EpisodeBaselines
{
    /// <summary>The baselines of <paramref name="env"/>'s family, in row order.</summary>
    public static IReadOnlyList<string> Methods(Env env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var methods = new List<string> { "random" };
        if (env.Unwrapped is DarkRoom) { methods.Add("oracle"); }
        if (DecisionFamilies.Learners(env.Unwrapped.Id).Contains("q_learning")) { methods.Add("q_learning"); }
        return methods;
    }

    /// <summary>Per task, the return of each of <paramref name="episodes"/> episodes of <paramref name="method"/>; task
    /// i's environment and choices come from the i-th generator split off <paramref name="rng"/>. Q-learning takes its
    /// settings from <paramref name="options"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<double>> Returns(MetaSetup setup, IReadOnlyList<EnvTask> tasks, string method, int episodes, DecisionDataOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rng);
        var result = new IReadOnlyList<double>[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            var own = rng.Split();
            var env = setup.MakeEnv();
            setup.Distribution(env).SetTask(tasks[i]);
            result[i] = new AdRows(env, Learner(env, method, options), episodes).Returns(own);
        }
        return result;
    }

    private static IHistoryLearner Learner(Env env, string method, DecisionDataOptions options) => method switch
    {
        "random" => new RandomLearner(((Discrete)env.ActionSpace).N),
        "oracle" => new DarkRoomOracleLearner((DarkRoom)env.Unwrapped),
        "q_learning" => DecisionFamilies.Learner(env, method, options),
        _ => throw new ArgumentException($"no per-episode baseline '{method}'", nameof(method)),
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
