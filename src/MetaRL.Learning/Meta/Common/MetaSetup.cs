using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>
/// A resolved meta-training configuration: run settings, the task family with its settings, and the
/// learner's options, built from a flat key/value list (a YAML file, then <c>--set</c> overrides). Keys
/// are checked: a run key, a key of the learner's options, or one of the family's settings (bare, like
/// <c>arms</c>, or prefixed <c>env.arms</c>); anything else is rejected with the nearest valid key. Sizes whose memory
/// estimate is above the <see cref="MemoryLimit"/> are refused before anything is built.
/// </summary>
public sealed class MetaSetup
{
    private MetaSetup(MetaTrainOptions run, Dictionary<string, string> envSettings, MetaAlgorithm algorithm, ILearnerOptions learnerOptions)
    {
        Run = run;
        Algorithm = algorithm;
        EnvSettings = envSettings;
        LearnerOptions = learnerOptions;
    }

    /// <summary>Run-level settings.</summary>
    public MetaTrainOptions Run { get; }

    /// <summary>The family's settings as given (checked against the family's keys).</summary>
    public IReadOnlyDictionary<string, string> EnvSettings { get; }

    /// <summary>The meta-learner named by <see cref="MetaTrainOptions.Algo"/>.</summary>
    public MetaAlgorithm Algorithm { get; }

    /// <summary>The learner's options object (e.g. <see cref="MamlOptions"/>), created by <see cref="Algorithm"/>.</summary>
    public ILearnerOptions LearnerOptions { get; }

    /// <summary>How much meta-training the run is: <see cref="MetaTrainOptions.Iterations"/> meta-iterations, which the
    /// trainer runs to and schedules over the run (RL²'s annealing) count.</summary>
    public TrainingBudget Budget => TrainingBudget.Iterations(Run.Iterations);

    /// <summary>Builds a setup from ordered key/value pairs; later pairs win.</summary>
    public static MetaSetup Parse(IEnumerable<(string Key, string Value)> pairs)
    {
        var list = pairs.ToList();
        var run = new MetaTrainOptions();
        foreach (var (k, v) in list.Where(p => p.Key is "algo" or "env")) { OptionsBinder.TrySet(run, k, v); }
        var algorithm = MetaAlgorithms.Describe(run.Algo);
        var learner = algorithm.CreateOptions();
        var spec = Describe(run.Env);
        var envKeys = spec.Settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var envSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in list)
        {
            if (!algorithm.UsesRunKey(key) && OptionsBinder.Keys(typeof(MetaTrainOptions)).Contains(key))
            {
                throw new ConfigException($"key '{key}' does not apply to {algorithm.Name}");
            }
            if (OptionsBinder.TrySet(run, key, value)) { continue; }
            if (OptionsBinder.TrySet(learner, key, value)) { continue; }
            string envKey = key.StartsWith("env.", StringComparison.Ordinal) ? key[4..] : key;
            if (envKeys.Contains(envKey)) { envSettings[envKey] = value; continue; }
            var valid = OptionsBinder.Keys(typeof(MetaTrainOptions)).Where(algorithm.UsesRunKey).Concat(OptionsBinder.Keys(learner.GetType())).Concat(envKeys);
            throw new ConfigException(KeySuggester.UnknownKeyMessage(key, valid));
        }
        run.Validate();
        learner.Validate();
        Env probe;
        try { probe = EnvRegistry.Make(run.Env, envSettings); }
        catch (EnvConfigurationException ex) { throw new ConfigException(ex.Message); }
        // The family's settings size the trial a learner keeps (episodes × steps) and each task a task set holds.
        var footprint = EnvRegistry.Footprint(run.Env, envSettings);
        var estimate = learner.EstimateMemory(ModelShape.Of(probe).WithTrial(footprint));
        if (run.TrainTasks > 0)
        {
            estimate.Add("train_tasks", $"{MemoryEstimate.Count(run.TrainTasks)} training tasks (an object and a reference each)", run.TrainTasks * MemoryEstimate.TaskBytes)
                .Include(footprint.Task, run.TrainTasks, "train_tasks", "training tasks");
        }
        MemoryLimit.Current.Check(estimate);
        return new MetaSetup(run, envSettings, algorithm, learner);
    }

    private static EnvSpec Describe(string id)
    {
        EnvSpec spec;
        try { spec = EnvRegistry.Describe(id); }
        catch (EnvConfigurationException ex) { throw new ConfigException(ex.Message); }
        if (!spec.IsMeta)
        {
            var meta = EnvRegistry.Specifications.Where(s => s.IsMeta).Select(s => s.Id);
            throw new ConfigException($"'{id}' is not a task family; meta-training needs one of: {string.Join(", ", meta)}");
        }
        return spec;
    }

    /// <summary>A fresh environment of the family (settings applied; trial wrapping is the learner's business).</summary>
    public Env MakeEnv() => EnvRegistry.Make(Run.Env, EnvSettings);

    /// <summary>The family as a task distribution.</summary>
    public ITaskEnv Distribution(Env env) =>
        env.Find<ITaskEnv>() ?? throw new ConfigException($"{Run.Env} is not a task distribution");

    /// <summary>
    /// Runs <paramref name="play"/> once per task, in order, on a fresh environment pinned to it, with a generator split off
    /// <paramref name="rng"/> for each task (so task i's draws do not depend on what the others consumed).
    /// </summary>
    public T[] PerTask<T>(IReadOnlyList<EnvTask> tasks, Rng rng, Func<Env, EnvTask, Rng, T> play)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(play);
        var result = new T[tasks.Count];
        for (int i = 0; i < tasks.Count; i++)
        {
            var own = rng.Split();
            var env = MakeEnv();
            Distribution(env).SetTask(tasks[i]);
            result[i] = play(env, tasks[i], own);
        }
        return result;
    }

    /// <summary>Every key with its value, for config.yaml: run keys, learner keys, then <c>env.</c> settings.</summary>
    public IEnumerable<(string Key, string Value)> Resolved()
    {
        foreach (var kv in OptionsBinder.Values(Run).Where(kv => Algorithm.UsesRunKey(kv.Key))) { yield return kv; }
        foreach (var kv in OptionsBinder.Values(LearnerOptions)) { yield return kv; }
        foreach (var (k, v) in EnvRegistry.Settings(Run.Env, EnvSettings).Values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return ("env." + k, v);
        }
    }

    /// <summary>The resolved configuration as YAML text.</summary>
    public string ToYaml()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (k, v) in Resolved())
        {
            bool plain = v.Length > 0 && (v.StartsWith('[') || double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || v.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.'));
            sb.Append(k).Append(": ").Append(plain ? v : "\"" + v.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"").Append('\n');
        }
        return sb.ToString();
    }
}
