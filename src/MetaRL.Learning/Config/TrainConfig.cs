using System.Text;
using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// The fully resolved configuration of a training run: run keys (<see cref="TrainOptions"/>: <c>algo</c>, <c>env</c>,
/// <c>seed</c>, <c>checkpoint_every</c>, <c>task_seed</c>), the algorithm's options (<c>total_steps</c>,
/// <c>learning_rate</c>, …) and the environment's settings (the keys <see cref="EnvRegistry"/> lists for the id), all in
/// one flat key space. Later sources override earlier ones: YAML file, then <c>--set key=value</c>, then explicit CLI options.
/// </summary>
public sealed class TrainConfig
{
    private TrainConfig(TrainOptions run, AlgorithmSpec algorithm, IAlgorithmOptions options, IReadOnlyDictionary<string, string> envSettings)
    {
        Run = run;
        Algorithm = algorithm;
        Options = options;
        EnvSettings = envSettings;
    }

    /// <summary>Run-level settings.</summary>
    public TrainOptions Run { get; }

    /// <summary>The algorithm named by <see cref="TrainOptions.Algo"/>.</summary>
    public AlgorithmSpec Algorithm { get; }

    public IAlgorithmOptions Options { get; }

    /// <summary>Every environment setting, defaults filled in.</summary>
    public IReadOnlyDictionary<string, string> EnvSettings { get; }

    /// <summary>Resolves and validates; every problem raises <see cref="ConfigException"/> naming the key, sizes whose memory
    /// estimate is above the <see cref="MemoryLimit"/> included (checked before anything is built).</summary>
    public static TrainConfig Resolve(IEnumerable<(string Key, string Value)> values)
    {
        var merged = new List<(string Key, string Value)>();
        foreach (var (k, v) in values)
        {
            merged.RemoveAll(m => m.Key == k);
            merged.Add((k, v));
        }
        var run = new TrainOptions();
        foreach (var (key, value) in merged) { run.TrySet(key, value); }

        var algorithm = AlgorithmRegistry.Describe(run.Algo);
        string env = run.Env;
        EnvSpec envSpec;
        try { envSpec = EnvRegistry.Describe(env); }
        catch (EnvConfigurationException ex) { throw new ConfigException(ex.Message); }
        run.Validate();

        var options = algorithm.CreateOptions();
        var envKeys = envSpec.Settings.Select(s => s.Key).ToArray();
        var envSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = TrainOptions.Keys.Concat(OptionsBinder.Keys(options.GetType())).Concat(envKeys).ToArray();
        foreach (var (key, value) in merged)
        {
            if (TrainOptions.Keys.Contains(key)) { continue; }
            if (envKeys.Contains(key)) { envSettings[key] = value; continue; }
            if (!OptionsBinder.TrySet(options, key, value)) { throw new ConfigException(KeySuggester.UnknownKeyMessage(key, valid)); }
        }
        Env probe;
        try
        {
            options.Validate();
            envSettings = new Dictionary<string, string>(EnvRegistry.Settings(env, envSettings).Values, StringComparer.Ordinal);
            probe = EnvRegistry.Make(env, envSettings);
            if (!algorithm.SupportsActions(probe.ActionSpace)) { throw new ConfigException($"algorithm '{algorithm.Name}' cannot act in {env}'s action space {probe.ActionSpace}{(probe.ActionSpace is MultiDiscrete ? " (RecSlate-v0: --set action=index gives a Discrete slate index)" : "")}"); }
        }
        catch (ArgumentException ex) { throw new ConfigException(ex.Message); }
        // The learner's networks and buffers, and the environment batch it trains on (each environment's footprint).
        MemoryLimit.Current.Check(options.EstimateMemory(ModelShape.Of(probe))
            .Include(EnvRegistry.Footprint(env, envSettings).Environment, options.NumEnvs, "num_envs", "environments"));
        if (run.TaskSeed >= 0 && probe.Find<ITaskEnv>() is null) { throw new ConfigException($"key 'task_seed' needs a task-family environment; {env} is not one"); }
        return new TrainConfig(run, algorithm, options, envSettings);
    }

    /// <summary>Builds the environment batch the algorithm trains on.</summary>
    public EnvBatch CreateEnvs() => new(Enumerable.Range(0, Options.NumEnvs).Select(_ => CreateEnv()).ToArray(), Run.Seed);

    /// <summary>One environment of the run (pinned to the fixed task when <see cref="TrainOptions.TaskSeed"/> ≥ 0).</summary>
    public Env CreateEnv()
    {
        var env = EnvRegistry.Make(Run.Env, EnvSettings);
        if (Run.TaskSeed >= 0 && env.Find<ITaskEnv>() is { } family) { family.SetTask(family.SampleTask(new MetaRL.Random.Rng(Run.TaskSeed))); }
        return env;
    }

    /// <summary>The resolved config as flat YAML (what <c>config.yaml</c> holds; reading it back gives the same run).</summary>
    public string ToYaml()
    {
        var sb = new StringBuilder();
        var envSettings = EnvSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value));
        foreach (var (key, value) in OptionsBinder.Values(Run).Concat(OptionsBinder.Values(Options)).Concat(envSettings))
        {
            sb.Append(key).Append(": ").Append(value).Append('\n');
        }
        return sb.ToString();
    }
}
