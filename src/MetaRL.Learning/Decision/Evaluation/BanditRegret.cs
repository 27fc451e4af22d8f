using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Cumulative regret curves on Bernoulli bandit tasks: after t pulls, Σ (μ* − μ_aₛ) over the first t pulls, the regret
/// in expectation over the rewards given the arms chosen (the pseudo-regret of Bubeck and Cesa-Bianchi 2012), which
/// separates the methods with far fewer tasks than realised rewards do. The classical strategies run here through the
/// family's environment with the same per-task seeding as <see cref="OnlineActing"/>.
/// </summary>
public static class BanditRegret
{
    /// <summary>The strategies drawn beside a decision model, by their <c>metarl baselines</c> names.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["thompson", "ucb1", "greedy", "random"];

    /// <summary>True when every task is a Bernoulli bandit.</summary>
    public static bool Applies(IReadOnlyList<EnvTask> tasks) => tasks is { Count: > 0 } && tasks.All(t => t is BanditTask);

    /// <summary>Per task, the cumulative regret after each pull of <paramref name="actions"/>.</summary>
    public static double[][] Curves(IReadOnlyList<EnvTask> tasks, IReadOnlyList<IReadOnlyList<int>> actions)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(actions);
        var curves = new double[tasks.Count][];
        for (int i = 0; i < tasks.Count; i++)
        {
            var task = (BanditTask)tasks[i];
            double best = task.BestMean, sum = 0;
            curves[i] = new double[actions[i].Count];
            for (int t = 0; t < curves[i].Length; t++) { curves[i][t] = sum += best - task.Means[actions[i][t]]; }
        }
        return curves;
    }

    /// <summary>The actions <paramref name="method"/> (one of <see cref="Methods"/>) takes on each task over one episode;
    /// each task's environment and choices are drawn from its own generator split off <paramref name="rng"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Actions(MetaSetup setup, IReadOnlyList<EnvTask> tasks, string method, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return setup.PerTask<IReadOnlyList<int>>(tasks, rng, (env, task, own) =>
        {
            var obs = env.NewObservation();
            env.Reset(obs, (long)own.NextULong());
            var agent = Agent(method);
            agent.Begin(((BanditTask)task).Arms, env.Find<TimeLimit>()?.MaxEpisodeSteps ?? 1);
            var arms = new List<int>();
            StepResult r = default;
            while (!r.Done)
            {
                int arm = agent.Select(own);
                r = env.Step(arm, obs);
                agent.Update(arm, r.Reward);
                arms.Add(arm);
            }
            return arms;
        });
    }

    private static BanditAgent Agent(string method) => method switch
    {
        "thompson" => new ThompsonBandit(),
        "ucb1" => new Ucb1Bandit(BaselineOptions.Default.Ucb1C),
        "greedy" => new GreedyBandit(),
        "random" => new RandomBandit(),
        _ => throw new ArgumentException($"no regret curve for '{method}'; known: {string.Join(", ", Methods)}", nameof(method)),
    };
}
