using System.Globalization;
using System.Text;
using MetaRL.Envs;

namespace MetaRL.Learning;

/// <summary>
/// The fully resolved configuration of a training run: run keys (<c>algo</c>, <c>env</c>, <c>seed</c>,
/// <c>checkpoint_every</c>), the algorithm's options (<c>total_steps</c>, <c>learning_rate</c>, …) and the
/// environment's settings (the keys <see cref="EnvRegistry"/> lists for the id), all in one flat key space.
/// Later sources override earlier ones: YAML file, then <c>--set key=value</c>, then explicit CLI options.
/// </summary>
public sealed class TrainConfig
{
    private static readonly string[] RunKeys = ["algo", "env", "seed", "checkpoint_every", "task_seed"];

    private TrainConfig(AlgorithmSpec algorithm, string env, long seed, long checkpointEvery, long taskSeed, IAlgorithmOptions options, IReadOnlyDictionary<string, string> envSettings)
    {
        TaskSeed = taskSeed;
        Algorithm = algorithm;
        Env = env;
        Seed = seed;
        CheckpointEvery = checkpointEvery;
        Options = options;
        EnvSettings = envSettings;
    }

    public AlgorithmSpec Algorithm { get; }

    public string Env { get; }

    public long Seed { get; }

    /// <summary>Steps between periodic checkpoints (0: only at the end and on interruption).</summary>
    public long CheckpointEvery { get; }

    /// <summary>For task-family environments: ≥ 0 pins every copy to the one task drawn with this seed
    /// (a fixed task); −1 leaves the family drawing a task at each reset.</summary>
    public long TaskSeed { get; }

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
        string Get(string key, string fallback) => merged.LastOrDefault(m => m.Key == key).Value ?? fallback;

        var algorithm = AlgorithmRegistry.Describe(Get("algo", "ppo"));
        string env = Get("env", "CartPole-v1");
        EnvSpec envSpec;
        try { envSpec = EnvRegistry.Describe(env); }
        catch (EnvConfigurationException ex) { throw new ConfigException(ex.Message); }
        long seed = ParseLong("seed", Get("seed", "1"));
        long checkpointEvery = ParseLong("checkpoint_every", Get("checkpoint_every", "0"));
        if (checkpointEvery < 0) { throw new ConfigException("key 'checkpoint_every' must be ≥ 0"); }
        long taskSeed = ParseLong("task_seed", Get("task_seed", "-1"));

        var options = algorithm.CreateOptions();
        var envKeys = envSpec.Settings.Select(s => s.Key).ToArray();
        var envSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = RunKeys.Concat(OptionsBinder.Keys(options.GetType())).Concat(envKeys).ToArray();
        foreach (var (key, value) in merged)
        {
            if (RunKeys.Contains(key)) { continue; }
            if (envKeys.Contains(key)) { envSettings[key] = value; continue; }
            if (!OptionsBinder.TrySet(options, key, value)) { throw new ConfigException(KeySuggester.UnknownKeyMessage(key, valid)); }
        }
        Env probe;
        try
        {
            options.Validate();
            envSettings = new Dictionary<string, string>(EnvRegistry.Settings(env, envSettings).Values, StringComparer.Ordinal);
            probe = EnvRegistry.Make(env, envSettings);
            if (!algorithm.SupportsActions(probe.ActionSpace)) { throw new ConfigException($"algorithm '{algorithm.Name}' cannot act in {env}'s action space {probe.ActionSpace}"); }
        }
        catch (ArgumentException ex) { throw new ConfigException(ex.Message); }
        MemoryLimit.Current.Check(options.EstimateMemory(ModelShape.Of(probe)));
        if (taskSeed >= 0 && probe.Find<ITaskEnv>() is null) { throw new ConfigException($"key 'task_seed' needs a task-family environment; {env} is not one"); }
        return new TrainConfig(algorithm, env, seed, checkpointEvery, taskSeed, options, envSettings);
    }

    private static long ParseLong(string key, string raw) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw new ConfigException($"key '{key}' must be an integer, got '{raw}'");

    /// <summary>Builds the environment batch the algorithm trains on.</summary>
    public EnvBatch CreateEnvs() => new(Enumerable.Range(0, Options.NumEnvs).Select(_ => CreateEnv()).ToArray(), Seed);

    /// <summary>One environment of the run (pinned to the fixed task when <see cref="TaskSeed"/> ≥ 0).</summary>
    public Env CreateEnv()
    {
        var env = EnvRegistry.Make(Env, EnvSettings);
        if (TaskSeed >= 0 && env.Find<ITaskEnv>() is { } family) { family.SetTask(family.SampleTask(new MetaRL.Random.Rng(TaskSeed))); }
        return env;
    }

    /// <summary>The resolved config as flat YAML (what <c>config.yaml</c> holds; reading it back gives the same run).</summary>
    public string ToYaml()
    {
        var sb = new StringBuilder();
        sb.Append("algo: ").Append(Algorithm.Name).Append('\n');
        sb.Append("env: ").Append(Env).Append('\n');
        sb.Append("seed: ").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("checkpoint_every: ").Append(CheckpointEvery.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("task_seed: ").Append(TaskSeed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (key, value) in OptionsBinder.Values(Options)) { sb.Append(key).Append(": ").Append(value).Append('\n'); }
        foreach (var (key, value) in EnvSettings.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { sb.Append(key).Append(": ").Append(value).Append('\n'); }
        return sb.ToString();
    }
}
