namespace MetaRL.Learning;

/// <summary>
/// Run-level settings of <c>metarl train</c>, the single-task counterpart of <see cref="Meta.MetaTrainOptions"/> (the
/// algorithm's own settings live in its options class, the environment's in <see cref="Envs.EnvRegistry"/>). Integers
/// are read as written: a seed of <c>1e3</c> is refused here, unlike a budget such as <c>total_steps=5e5</c>.
/// </summary>
public sealed class TrainOptions
{
    /// <summary>The algorithm, a name in <see cref="AlgorithmRegistry"/>.</summary>
    /// <value>The default value is "ppo".</value>
    public string Algo { get; set; } = "ppo";

    /// <summary>The environment, a registered id.</summary>
    /// <value>The default value is "CartPole-v1".</value>
    public string Env { get; set; } = "CartPole-v1";

    /// <summary>The run seed; environments, initialisation and sampling are all seeded from it.</summary>
    /// <value>The default value is 1.</value>
    public long Seed { get; set; } = 1;

    /// <summary>Steps between periodic checkpoints (0: only at the end and on interruption).</summary>
    /// <value>The default value is 0.</value>
    public long CheckpointEvery { get; set; }

    /// <summary>For task-family environments: ≥ 0 pins every copy to the one task drawn with this seed (a fixed task);
    /// −1 leaves the family drawing a task at each reset.</summary>
    /// <value>The default value is −1.</value>
    public long TaskSeed { get; set; } = -1;

    /// <summary>The run keys, in the order <c>config.yaml</c> lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = OptionsBinder.Keys(typeof(TrainOptions));

    /// <summary>Sets a run key from its text; false when <paramref name="key"/> is not a run key. A value that is not an
    /// integer where one is needed raises <see cref="ConfigException"/> naming the key.</summary>
    public bool TrySet(string key, string raw)
    {
        switch (key)
        {
            case "algo": Algo = raw; break;
            case "env": Env = raw; break;
            case "seed": Seed = Integer(key, raw); break;
            case "checkpoint_every": CheckpointEvery = Integer(key, raw); break;
            case "task_seed": TaskSeed = Integer(key, raw); break;
            default: return false;
        }
        return true;
    }

    /// <summary>Rejects settings out of range.</summary>
    public void Validate()
    {
        if (CheckpointEvery < 0) { throw new ConfigException("key 'checkpoint_every' must be ≥ 0"); }
    }

    private static long Integer(string key, string raw) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw new ConfigException($"key '{key}' must be an integer, got '{raw}'");
}
