using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Algorithm Distillation as the commands see it (Laskin et al. 2022, "In-context Reinforcement Learning with Algorithm
/// Distillation"): a causal transformer pretrained (<c>metarl pretrain --algo ad</c>) to predict a source learner's next
/// action from its learning history so far (windows of <c>context</c> consecutive steps across episodes,
/// <see cref="AdTokens"/>), which then acts on a new task for several episodes with its own growing history as the
/// context and no gradient step, and improves from episode to episode as its source did. <c>meta-eval</c> reports the
/// return of each episode beside random, the oracle and the source learner from scratch (<see cref="EpisodeEvaluation"/>).
/// </summary>
public sealed class AdAlgorithm : PretrainedAlgorithm
{
    /// <inheritdoc />
    public override string Name => "ad";

    /// <inheritdoc />
    public override string Description => "AD: a transformer pretrained on learning histories to predict the learner's next action, improving in context across episodes with no gradient step (Laskin et al. 2022); trained by 'metarl pretrain'";

    /// <summary>The run keys of a pretraining run: the family, the seed, <c>iterations</c> and <c>checkpoint_every</c>.</summary>
    public override bool UsesRunKey(string key) => key is "algo" or "env" or "seed" or "iterations" or "checkpoint_every";

    /// <inheritdoc />
    public override ILearnerOptions CreateOptions() => new AdOptions();

    /// <inheritdoc />
    protected override IPretrainRecipe Recipe(MetaSetup setup) => new AdRecipe(setup);

    /// <inheritdoc />
    public override ContextFormat Format => ContextFormat.Ad;

    /// <inheritdoc />
    public override DecisionTransformer TrainedModel(MetaRun run) => LoadModel(run);

    /// <summary>The model of <paramref name="run"/> with its newest weights.</summary>
    public static DecisionTransformer LoadModel(MetaRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var model = DptAlgorithm.CreatePlainModel(run.Setup);
        MetaRun.LoadInto(model, run.ModelPath);
        return model;
    }

    /// <summary>The histories of <paramref name="setup"/> as AD's corpus: a dataset folder of source <c>ad</c>, or
    /// <see cref="AdOptions.HistoryEpisodes"/>-episode histories generated from the family with the run seed.</summary>
    public static AdCorpus LoadData(MetaSetup setup, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = (AdOptions)setup.LearnerOptions;
        var generate = new Dictionary<string, string> { ["episodes"] = options.HistoryEpisodes.ToString(CultureInfo.InvariantCulture) };
        var rows = DatasetSamples.Rows(setup, DecisionSource.Ad, options, generate, log);
        var layout = DptAlgorithm.Layout(setup.MakeEnv());
        if (options.HistoryStride > 1) { rows = [.. rows.Select(r => AdCorpus.Subsample(r, options.HistoryStride, layout.ObservationSize))]; }
        return new AdCorpus(layout, rows, options.Context, options.ValTasks, options.ValWindows);
    }

    /// <inheritdoc />
    public override IEnumerable<MetaEvalRow> Evaluate(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        return EpisodeEvaluation.Rows(run, LoadModel(run), ContextFormat.Ad, tasks, settings, evalSeed, log);
    }

    /// <inheritdoc />
    public override AdaptedPolicy Adapt(MetaRun run, EnvTask task, Rng rng, int? steps, int? episodes)
    {
        ArgumentNullException.ThrowIfNull(run);
        var model = LoadModel(run);
        var trial = OnlineActing.Run(model, ContextFormat.Ad, run.Setup, [task], episodes ?? EpisodeEvaluation.Episodes(run.Setup), rng, greedy: false);
        return new AdaptedPolicy(trial.EpisodeReturns[0], model, new Dictionary<string, Tensor> { ["context"] = trial.Context(0) }, new Dictionary<string, string>());
    }

    private sealed class AdRecipe(MetaSetup setup) : IPretrainRecipe
    {
        private AdCorpus? _corpus;

        public PretrainSettings Options => (AdOptions)setup.LearnerOptions;

        public DecisionTransformer CreateModel() => DptAlgorithm.CreatePlainModel(setup);

        public void PrepareData(Action<string>? log) => _corpus = AdAlgorithm.LoadData(setup, log);

        /// <inheritdoc />
        public IPretrainCorpus LoadData(string runRoot, Action<string>? log) => _corpus ?? AdAlgorithm.LoadData(setup, log);

        public void LoadBase(DecisionTransformer model, Action<string>? log) { }

        public IReadOnlyList<Tensor> Trainable(DecisionTransformer model) => model.Parameters();

        public void WriteOutputs(DecisionTransformer model, RunDirectory run) { }
    }
}
