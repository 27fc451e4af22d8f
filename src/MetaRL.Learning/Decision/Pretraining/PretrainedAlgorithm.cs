using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// A <see cref="MetaAlgorithm"/> row that learns by supervised pretraining (<c>metarl pretrain</c>, one
/// <see cref="DecisionPretrainer"/> loop around the algorithm's <see cref="IPretrainRecipe"/>) and adapts in context,
/// with no gradient step; <c>metarl meta-train</c> refuses it.
/// </summary>
public abstract class PretrainedAlgorithm : MetaAlgorithm, IPretrainable
{
    /// <inheritdoc />
    public override bool AdaptsByGradient => false;

    /// <inheritdoc />
    public override MetaLearner CreateLearner(MetaSetup setup) =>
        throw new ConfigException($"{Name} learns by supervised pretraining on a dataset of tasks, not by meta-iterations: run 'metarl pretrain --algo {Name}'");

    /// <inheritdoc />
    public PretrainResult Pretrain(MetaSetup setup, RunDirectory run, PretrainSession session)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new DecisionPretrainer(setup, Recipe(setup), run).Run(session);
    }

    /// <summary>What this algorithm's pretraining of <paramref name="setup"/> trains and on what.</summary>
    protected abstract IPretrainRecipe Recipe(MetaSetup setup);

    /// <summary>How the model reads its own history when it acts.</summary>
    public abstract ContextFormat Format { get; }

    /// <summary>The model of <paramref name="run"/> with its newest weights.</summary>
    public abstract DecisionTransformer TrainedModel(MetaRun run);

    /// <summary>Episodes in the trial <c>meta-eval</c> plays on <paramref name="tasks"/>: DPT plays one on bandits
    /// (<see cref="DptEvaluation"/>), otherwise the family's <c>episodes</c> (<see cref="EpisodeEvaluation.Episodes"/>).</summary>
    public int TrialEpisodes(MetaSetup setup, IReadOnlyList<EnvTask> tasks) =>
        Format == ContextFormat.Dpt && BanditRegret.Applies(tasks) ? 1 : EpisodeEvaluation.Episodes(setup);

    /// <summary>The total reward of the trial the model plays online on each task, the numbers of its <c>meta-eval</c>
    /// row at the trial's last episode (same generators).</summary>
    /// <exception cref="ConfigException">The run is a generalist over several families.</exception>
    public override double[] MethodReturns(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        if (run.Setup.IsMixture) { throw new ConfigException($"'{run.Run.Root}' is a generalist; its returns are per family (meta-eval)"); }
        int episodes = TrialEpisodes(run.Setup, tasks);
        log?.Invoke($"{run.Method} acting online for {episodes} episode{(episodes == 1 ? "" : "s")} on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}");
        var trial = OnlineActing.Run(TrainedModel(run), Format, run.Setup, tasks, episodes, EpisodeEvaluation.Stream(evalSeed), settings.Greedy);
        // Summed as the rows sum them: DPT's bandit row takes each trial's total, the episode rows its episodes' returns.
        return Format == ContextFormat.Dpt && BanditRegret.Applies(tasks) ? [.. trial.Totals] : [.. trial.EpisodeReturns.Select(r => r.Sum())];
    }
}
