using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Serialization;

namespace MetaRL.Learning.Meta;

/// <summary>A finished (or checkpointed) meta-training run loaded back: its setup and, for gradient-based
/// learners, the meta-learned policy; for RL², the recurrent policy.</summary>
public sealed class MetaRun
{
    private MetaRun(string directory, MetaSetup setup)
    {
        Directory = directory;
        Setup = setup;
    }

    public string Directory { get; }

    public MetaSetup Setup { get; }

    /// <summary>The learner's name (<c>maml</c>, <c>reptile</c>, <c>rl2</c>, <c>es</c>).</summary>
    public string Method => Setup.Run.Algo;

    /// <summary>The seed that fixes held-out tasks and evaluation rollouts for a given evaluation seed.</summary>
    public long EvalSeed(long seed) => SeedPath.Derive(Setup.Run.Seed, 424_242, seed);

    /// <summary>Reads <c>config.yaml</c> and checks a checkpoint exists; errors name the file.</summary>
    public static MetaRun Load(string directory)
    {
        string config = Path.Combine(directory, MetaRunFiles.Config);
        if (!File.Exists(config)) { throw new ConfigException($"{directory} is not a meta-training run (no {MetaRunFiles.Config})"); }
        if (!File.Exists(Path.Combine(directory, MetaRunFiles.Model))) { throw new ConfigException($"{directory} has no checkpoint ({MetaRunFiles.Model})"); }
        var pairs = YamlConfigReader.Read(File.ReadAllText(config), config);
        return new MetaRun(directory, MetaSetup.Parse(pairs));
    }

    /// <summary>The meta-learned MLP policy of a gradient-based run, with its environment pool.</summary>
    public (MlpPolicy Policy, EnvPool Pool) LoadPolicy()
    {
        var pool = new EnvPool(Setup.MakeEnv);
        var policy = ((GradientMetaOptions)Setup.LearnerOptions).CreatePolicy(pool.Prototype, 0);
        LoadInto(policy, Path.Combine(Directory, MetaRunFiles.Model));
        return (policy, pool);
    }

    /// <summary>The recurrent policy of an RL² run, with a pool of trial-wrapped environments.</summary>
    public (Rl2Policy Policy, EnvPool Pool) LoadRl2()
    {
        var (policy, pool) = Rl2Algorithm.CreatePolicy(Setup, Setup.Run.Seed);
        LoadInto(policy, Path.Combine(Directory, MetaRunFiles.Model));
        return (policy, pool);
    }

    /// <summary>Held-out tasks for evaluation seed <paramref name="seed"/>: drawn from <c>new Rng(EvalSeed(seed))</c>, a
    /// stream no training draw uses, so <c>metarl baselines</c> given the same seed sees the same tasks.</summary>
    public IReadOnlyList<EnvTask> HeldOutTasks(int count, long seed)
    {
        var env = Setup.MakeEnv();
        return Setup.Distribution(env).SampleTasks(count, new Rng(EvalSeed(seed)));
    }

    internal static void LoadInto(Nn.Module module, string path)
    {
        try { Checkpoint.LoadModule(path, module); }
        catch (Exception ex) when (ex is SafeTensorsFormatException or ArgumentException or KeyNotFoundException or IOException)
        {
            throw new ConfigException($"{path}: cannot load the checkpoint ({ex.Message})");
        }
    }
}
