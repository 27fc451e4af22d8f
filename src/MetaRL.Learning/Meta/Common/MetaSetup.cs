using MetaRL.Memory;

namespace MetaRL.Learning.Meta;

/// <summary>
/// A resolved meta-training configuration: run settings, the task family with its settings, and the
/// learner's options, built from a flat key/value list (a YAML file, then <c>--set</c> overrides). Keys
/// are checked: a run key, a key of the learner's options, or one of the family's settings (bare, like
/// <c>arms</c>, or prefixed <c>env.arms</c>); anything else is rejected with the nearest valid key. Sizes whose memory
/// estimate is above the <see cref="MemoryLimit"/> are refused before anything is built.
/// <para>
/// A learner whose options mix families (<see cref="IFamilyMixtureOptions"/>, DPT's generalist) takes
/// <c>families: [A, B, …]</c> instead of <c>env</c>, and each family's settings and data keys prefixed with the family
/// (<c>Bandit-v0.arms: 5</c>, <c>DarkRoom-v0.data_settings: …</c>); every other key is shared. Each family then has a
/// setup of its own (<see cref="Families"/>), parsed as a single-family run of the shared keys, <c>env</c> the family and
/// its prefixed keys on top, so its data and evaluation are those of a specialist run with the same keys.
/// </para>
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

    /// <summary>A generalist's families, each as a single-family setup (see the class remarks); empty for one family.</summary>
    public IReadOnlyList<MetaSetup> Families { get; private init; } = [];

    /// <summary>The family's id, or a generalist's families joined by '+' (for summaries and listings).</summary>
    public string EnvName => IsMixture ? string.Join("+", Families.Select(f => f.Run.Env)) : Run.Env;

    /// <summary>Whether this setup mixes families (<see cref="Families"/> is not empty).</summary>
    public bool IsMixture => Families.Count > 0;

    /// <summary>The learner keys a family of a mixture set for itself (written back prefixed by <see cref="Resolved"/>).</summary>
    private IReadOnlyList<string> FamilyLearnerKeys { get; init; } = [];

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
        if (list.Any(p => p.Key == MixtureKey)) { return ParseMixture(list); }
        if (list.FirstOrDefault(p => FamilyOf(p.Key) is not null) is { Key: not null } scoped)
        {
            throw new ConfigException($"key '{scoped.Key}' sets one family of a generalist; list the families first (families: [{FamilyOf(scoped.Key)}, …])");
        }
        return ParseOne(list);
    }

    /// <summary>The key that lists a mixture's families.</summary>
    public const string MixtureKey = "families";

    /// <summary>The registered family a key is prefixed with (<c>Bandit-v0.arms</c>), or null.</summary>
    private static string? FamilyOf(string key)
    {
        int dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && EnvRegistry.Ids.Contains(key[..dot]) ? key[..dot] : null;
    }

    private static MetaSetup ParseMixture(List<(string Key, string Value)> list)
    {
        var run = new MetaTrainOptions();
        foreach (var (k, v) in list.Where(p => p.Key == "algo")) { OptionsBinder.TrySet(run, k, v); }
        var algorithm = MetaAlgorithms.Describe(run.Algo);
        if (algorithm.CreateOptions() is not IFamilyMixtureOptions probe)
        {
            throw new ConfigException($"key '{MixtureKey}' does not apply to {algorithm.Name}: only dpt pretrains one model on several families");
        }
        OptionsBinder.TrySet(probe, MixtureKey, list.Last(p => p.Key == MixtureKey).Value);
        var families = probe.Families;
        if (families.Count == 0) { throw new ConfigException($"{MixtureKey}: the list is empty; name at least one family (families: [Bandit-v0, DarkRoom-v0]) or give env instead"); }
        if (families.GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice) { throw new ConfigException($"{MixtureKey}: {twice.Key} is listed twice"); }
        foreach (var f in families)
        {
            if (!probe.MixableFamilies.Contains(f))
            {
                string near = KeySuggester.Nearest(f, [.. probe.MixableFamilies]) is { } n ? $" (did you mean {n}?)" : "";
                throw new ConfigException($"{MixtureKey}: unknown family '{f}'{near}; {algorithm.Name} mixes {string.Join(", ", probe.MixableFamilies)}");
            }
        }
        if (list.Any(p => p.Key == "env")) { throw new ConfigException($"a run with {MixtureKey} takes no env: its families are {string.Join(", ", families)}"); }
        var shared = new List<(string Key, string Value)>();
        var scoped = families.ToDictionary(f => f, _ => new List<(string Key, string Value)>(), StringComparer.Ordinal);
        var envKeys = families.SelectMany(f => EnvRegistry.Describe(f).Settings.Select(s => s.Key)).ToHashSet(StringComparer.Ordinal);
        var learnerKeys = OptionsBinder.Keys(probe.GetType()).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in list)
        {
            if (FamilyOf(key) is { } family)
            {
                if (!scoped.TryGetValue(family, out var mine)) { throw new ConfigException($"key '{key}': {family} is not one of the families ({string.Join(", ", families)})"); }
                string k = key[(family.Length + 1)..];
                bool envKey = EnvRegistry.Describe(family).Settings.Any(s => s.Key == (k.StartsWith("env.", StringComparison.Ordinal) ? k[4..] : k));
                if (!envKey && !probe.FamilyKeys.Contains(k))
                {
                    throw new ConfigException($"key '{key}': a family sets only its own settings ({string.Join(", ", EnvRegistry.Describe(family).Settings.Select(s => s.Key))}) and the data keys ({string.Join(", ", probe.FamilyKeys)})");
                }
                mine.Add((k, value));
                continue;
            }
            string bare = key.StartsWith("env.", StringComparison.Ordinal) ? key[4..] : key;
            if (envKeys.Contains(bare) && !learnerKeys.Contains(bare) && !OptionsBinder.Keys(typeof(MetaTrainOptions)).Contains(bare))
            {
                var owners = families.Where(f => EnvRegistry.Describe(f).Settings.Any(s => s.Key == bare));
                throw new ConfigException($"key '{key}' is a family setting: in a run with {MixtureKey}, set it per family ({string.Join(", ", owners.Select(f => f + "." + bare))})");
            }
            shared.Add((key, value));
        }
        var setups = new List<MetaSetup>();
        foreach (var f in families)
        {
            var pairs = shared.Where(p => p.Key is not MixtureKey && !probe.MixtureOnlyKeys.Contains(p.Key)).Append(("env", f)).Concat(scoped[f]);
            try { setups.Add(ParseOne(pairs.ToList())); }
            catch (ConfigException ex) { throw new ConfigException($"{f}: {ex.Message}", ex); }
        }
        var mixture = ParseOne([.. shared, ("env", families[0])]);
        return new MetaSetup(mixture.Run, [], mixture.Algorithm, mixture.LearnerOptions)
        {
            Families = setups,
            FamilyLearnerKeys = [.. scoped.Values.SelectMany(v => v.Select(p => p.Key)).Where(probe.FamilyKeys.Contains).Distinct()],
        };
    }

    private static MetaSetup ParseOne(List<(string Key, string Value)> list)
    {
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

    /// <summary>Every key with its value, for config.yaml: run keys, learner keys, then <c>env.</c> settings; a mixture's
    /// <c>families</c> instead of <c>env</c>, and each family's settings and own data keys prefixed with the family.</summary>
    public IEnumerable<(string Key, string Value)> Resolved()
    {
        var mixtureOnly = LearnerOptions is IFamilyMixtureOptions m ? m.MixtureOnlyKeys.Append(MixtureKey).ToHashSet(StringComparer.Ordinal) : [];
        foreach (var kv in OptionsBinder.Values(Run).Where(kv => Algorithm.UsesRunKey(kv.Key) && !(IsMixture && kv.Key == "env"))) { yield return kv; }
        foreach (var kv in OptionsBinder.Values(LearnerOptions).Where(kv => IsMixture || !mixtureOnly.Contains(kv.Key))) { yield return kv; }
        if (!IsMixture)
        {
            foreach (var (k, v) in EnvRegistry.Settings(Run.Env, EnvSettings).Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                yield return ("env." + k, v);
            }
            yield break;
        }
        foreach (var family in Families)
        {
            string f = family.Run.Env;
            foreach (var (k, v) in EnvRegistry.Settings(f, family.EnvSettings).Values.OrderBy(p => p.Key, StringComparer.Ordinal)) { yield return (f + "." + k, v); }
            foreach (var (k, v) in OptionsBinder.Values(family.LearnerOptions).Where(kv => FamilyLearnerKeys.Contains(kv.Key))) { yield return (f + "." + k, v); }
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
