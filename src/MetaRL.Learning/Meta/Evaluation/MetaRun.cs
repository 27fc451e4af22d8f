namespace MetaRL.Learning.Meta;

/// <summary>A finished (or checkpointed) meta-training run loaded back: its setup and its newest model file, which the
/// run's <see cref="MetaAlgorithm"/> loads into the policy it creates (<see cref="LoadInto"/>).</summary>
public sealed class MetaRun
{
    private MetaRun(RunDirectory run, MetaSetup setup, string modelPath, MetaSetup? modelSetup = null)
    {
        Run = run;
        Setup = setup;
        ModelPath = modelPath;
        ModelSetup = modelSetup ?? setup;
    }

    /// <summary>The setup whose model the checkpoints hold: <see cref="Setup"/>, or for one family of a generalist
    /// (<see cref="ForFamily"/>) the generalist's.</summary>
    public MetaSetup ModelSetup { get; }

    /// <summary>Family <paramref name="index"/> of a generalist run as a run of its own: its family's setup (tasks,
    /// baselines, evaluation settings), the generalist's model.</summary>
    public MetaRun ForFamily(int index) => new(Run, Setup.Families[index], ModelPath, Setup);

    /// <summary>The run's folder.</summary>
    public RunDirectory Run { get; }

    /// <summary>The newest checkpoint's model file.</summary>
    public string ModelPath { get; }

    public MetaSetup Setup { get; }

    /// <summary>The learner's name (<c>maml</c>, <c>reptile</c>, <c>rl2</c>, <c>es</c>).</summary>
    public string Method => Setup.Run.Algo;

    /// <summary>The seed that fixes held-out tasks and evaluation rollouts for a given evaluation seed.</summary>
    public long EvalSeed(long seed) => SeedPath.Derive(Setup.Run.Seed, 424_242, seed);

    /// <summary>Reads <c>config.yaml</c> and checks that the newest checkpoint's model (and the pretrained baseline, when
    /// there is one) verifies, so a damaged file is reported before any evaluation starts; errors name the file.
    /// <paramref name="family"/> (<c>key=value</c>, family keys only) changes the task family the run is evaluated on,
    /// e.g. a shifted one (<c>meta-eval --set</c>).</summary>
    public static MetaRun Load(string directory, IReadOnlyList<string>? family = null)
    {
        var run = new RunDirectory(directory);
        if (!run.HasRun) { throw new ConfigException(FolderKind.NoRun(directory, "meta-training or pretraining run")); }
        var layers = ConfigLayers.OfRun(run, meta: true);
        if (family is { Count: > 0 } && layers.Pairs.Any(p => p.Key == MetaSetup.MixtureKey))
        {
            layers.Set(family); // a generalist: its family keys come prefixed (DarkRoom-v0.goals=all), checked by the parse
            foreach (var assignment in family)
            {
                string key = ConfigLayers.ParseAssignment(assignment).Key;
                int dot = key.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || !EnvRegistry.Ids.Contains(key[..dot]) || !EnvRegistry.Describe(key[..dot]).Settings.Any(s => s.Key == key[(dot + 1)..]))
                {
                    throw new ConfigException($"--set {key}: a generalist run changes one family's settings for an evaluation, prefixed with the family (DarkRoom-v0.goals=all)");
                }
            }
        }
        else if (family is { Count: > 0 })
        {
            string env = layers.Pairs.LastOrDefault(p => p.Key == "env").Value ?? new MetaTrainOptions().Env;
            var keys = EnvRegistry.Describe(env).Settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var assignment in family)
            {
                string key = ConfigLayers.ParseAssignment(assignment).Key;
                if (!keys.Contains(key.StartsWith("env.", StringComparison.Ordinal) ? key[4..] : key))
                {
                    throw new ConfigException($"--set {key}: only {env}'s family keys change for an evaluation ({string.Join(", ", keys.Order(StringComparer.Ordinal))})");
                }
            }
            layers.Set(family);
        }
        string model = MetaCheckpoint.ModelPath(run) ?? throw new ConfigException($"{directory} has no checkpoint (nothing under checkpoints/)");
        CheckpointStore.ReadFile(model);
        if (File.Exists(run.PretrainedPath)) { CheckpointStore.ReadFile(run.PretrainedPath); }
        return new MetaRun(run, MetaSetup.Parse(layers.Pairs), model);
    }

    /// <summary>Held-out tasks for evaluation seed <paramref name="seed"/>: drawn from <c>new Rng(EvalSeed(seed))</c>, a
    /// stream no training draw uses, so <c>metarl baselines</c> given the same seed sees the same tasks.</summary>
    public IReadOnlyList<EnvTask> HeldOutTasks(int count, long seed)
    {
        var env = Setup.MakeEnv();
        return Setup.Distribution(env).SampleTasks(count, new Rng(EvalSeed(seed)));
    }

    /// <summary>Loads a verified model file (<see cref="CheckpointStore.ReadFile"/>) into <paramref name="module"/>.</summary>
    internal static void LoadInto(Nn.Module module, string path)
    {
        var tensors = CheckpointStore.ReadFile(path);
        try { module.LoadStateDict(tensors); }
        catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException)
        {
            throw new ConfigException($"{path}: cannot load the checkpoint ({ex.Message})");
        }
    }
}
