using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// DPT as the commands see it (Lee et al. 2023, "Supervised Pretraining Can Learn In-Context Reinforcement Learning"):
/// a transformer pretrained to predict the optimal action from a context of transitions (<c>metarl pretrain</c>), which
/// then acts on a new task online with its own history as the context and no gradient step. <c>meta-eval</c> reports its
/// total reward over a trial beside the family's oracle and classical baselines, and the per-step cumulative regret of
/// each (<see cref="MetaEvalRow.RegretStep"/>); <c>adapt</c> saves the model with the context it gathered.
/// </summary>
public sealed class DptAlgorithm : PretrainedAlgorithm
{
    private const long ModelStream = 0x6D6F64656C; // "model"

    /// <inheritdoc />
    public override string Name => "dpt";

    /// <inheritdoc />
    public override string Description => "DPT: a transformer pretrained to predict optimal actions in context, acting online with no gradient step (Lee et al. 2023); trained by 'metarl pretrain'";

    /// <summary>The run keys of a pretraining run: the family, the seed, <c>iterations</c> (optimiser steps) and
    /// <c>checkpoint_every</c>, and <c>init_from</c> (the run a fine-tuning starts from); the meta-training keys (task sets, curricula, the multi-task baseline, warm starts) do not apply.</summary>
    public override bool UsesRunKey(string key) => key is "algo" or "env" or "seed" or "iterations" or "checkpoint_every" or "init_from";

    /// <inheritdoc />
    public override ILearnerOptions CreateOptions() => new DptOptions();

    /// <inheritdoc />
    protected override IPretrainRecipe Recipe(MetaSetup setup) => new DptRecipe(setup);

    /// <summary>The model of <paramref name="setup"/>, its weights drawn from the run seed, with the LoRA adapters its
    /// options ask for (<see cref="DptFinetune.Adapt"/>).</summary>
    public static DecisionTransformer CreateModel(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var model = CreatePlainModel(setup);
        DptFinetune.Adapt(model, setup);
        return model;
    }

    /// <summary>The transformer of <paramref name="setup"/>'s model settings for its family's tokens, its weights drawn
    /// from the run seed (the model of every pretrained decision algorithm).</summary>
    internal static DecisionTransformer CreatePlainModel(MetaSetup setup) =>
        new((DecisionModelSettings)setup.LearnerOptions, Layout(setup), new Rng(SeedPath.Derive(setup.Run.Seed, ModelStream)));

    /// <summary>The token features of <paramref name="setup"/>: its family's, or a generalist's common layout over its
    /// families (<see cref="TokenLayout.Mixture"/>; a family whose labels depend on the episode step, TabularMDP-v0, gets
    /// the query step as a share of its horizon).</summary>
    public static TokenLayout Layout(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (!setup.IsMixture) { return Layout(setup.MakeEnv(), setup.Run.Algo); }
        return TokenLayout.Mixture([.. setup.Families.Select(f =>
        {
            var env = f.MakeEnv();
            var own = Layout(env, f.Run.Algo);
            int horizon = DecisionFamilies.TimedQueries.Contains(f.Run.Env) ? env.Find<TimeLimit>()?.MaxEpisodeSteps ?? 0 : 0;
            return new FamilyShape(f.Run.Env, own.ObservationSize, own.Actions, horizon);
        })]);
    }

    /// <summary>The token features of <paramref name="env"/>'s observations and discrete actions.</summary>
    public static TokenLayout Layout(Env env, string algo = "a decision model")
    {
        ArgumentNullException.ThrowIfNull(env);
        if (env.ActionSpace is not Discrete actions) { throw new ConfigException($"{algo} needs discrete actions; {env.Id} has {env.ActionSpace}"); }
        return new TokenLayout(env.ObservationSpace.Size, actions.N);
    }

    /// <inheritdoc />
    public override ContextFormat Format => ContextFormat.Dpt;

    /// <inheritdoc />
    public override DecisionTransformer TrainedModel(MetaRun run) => LoadModel(run);

    /// <summary>The model of <paramref name="run"/> with its newest weights.</summary>
    public static DecisionTransformer LoadModel(MetaRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var model = CreateModel(run.ModelSetup);
        MetaRun.LoadInto(model, run.ModelPath);
        return model;
    }

    /// <inheritdoc />
    public override IEnumerable<MetaEvalRow> Evaluate(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        return BanditRegret.Applies(tasks)
            ? DptEvaluation.Rows(run, LoadModel(run), tasks, settings, evalSeed, degree, log)
            : EpisodeEvaluation.Rows(run, LoadModel(run), ContextFormat.Dpt, tasks, settings, evalSeed, log);
    }

    /// <inheritdoc />
    public override AdaptedPolicy Adapt(MetaRun run, EnvTask task, Rng rng, int? steps, int? episodes)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Setup.IsMixture) { throw new ConfigException($"adapt takes one family's run; {run.Run.Root} is a generalist over {string.Join(", ", run.Setup.Families.Select(f => f.Run.Env))} (evaluate it with meta-eval)"); }
        var model = LoadModel(run);
        var trial = OnlineActing.Run(model, run.Setup, [task], rng, greedy: false);
        return new AdaptedPolicy([trial.Totals[0]], model, new Dictionary<string, Tensors.Tensor> { ["context"] = trial.Context(0) }, new Dictionary<string, string>());
    }
}
