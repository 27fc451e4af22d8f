using MetaRL.Learning.Meta;
using MetaRL.Statistics;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The <c>meta-eval</c> rows of a decision model: its total reward over one episode on each held-out task, acting
/// online with no gradient step (<see cref="OnlineActing"/>), beside the family's oracle and classical baselines on the
/// same tasks (rows of kind <see cref="MetaEvalRow.TrialTotal"/> at 1 episode: regret is the oracle's mean minus a row's);
/// on bandits also the cumulative regret after each pull of the model and of Thompson sampling, UCB1, greedy and random
/// (<see cref="MetaEvalRow.RegretStep"/>, <see cref="BanditRegret"/>).
/// </summary>
public static class DptEvaluation
{
    /// <summary>The rows of <paramref name="run"/>'s model on <paramref name="tasks"/>.</summary>
    public static IReadOnlyList<MetaEvalRow> Rows(MetaRun run, DecisionTransformer model, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        log?.Invoke($"{run.Method} acting online on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}, no gradient steps");
        var trial = OnlineActing.Run(model, run.Setup, tasks, EpisodeEvaluation.Stream(evalSeed), settings.Greedy);
        var rows = new List<MetaEvalRow> { MetaEvaluator.Row(run.Method, 1, trial.Totals, MetaEvalRow.TrialTotal) };
        log?.Invoke("running the family's baselines on the same tasks");
        rows.AddRange(MetaEvaluator.Classical(run, tasks.Count, evalSeed, singleEpisode: true, steps: 1, MetaEvalRow.TrialTotal));
        if (!BanditRegret.Applies(tasks)) { return rows; }
        rows.AddRange(RegretRows(run.Method, BanditRegret.Curves(tasks, trial.Actions)));
        foreach (var method in BanditRegret.Methods)
        {
            // Each strategy gets the same per-task generators as the model (common random numbers).
            var actions = BanditRegret.Actions(run.Setup, tasks, method, EpisodeEvaluation.Stream(evalSeed));
            rows.AddRange(RegretRows(method, BanditRegret.Curves(tasks, actions)));
        }
        return rows;
    }

    /// <summary>One row per pull t (from 1): the mean cumulative regret after t pulls over the tasks that made t pulls.</summary>
    public static IEnumerable<MetaEvalRow> RegretRows(string method, double[][] curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        int longest = curves.Max(c => c.Length);
        for (int t = 1; t <= longest; t++)
        {
            var values = curves.Where(c => c.Length >= t).Select(c => c[t - 1]).ToList();
            var m = MeanInterval.Of(values);
            yield return new MetaEvalRow(method, t, m.Mean, m.HalfWidth, m.N, MetaEvalRow.RegretStep);
        }
    }
}
