using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// What fine-tuning adds to DPT pretraining (the run key <c>init_from</c>, <see cref="DptOptions.LoraRank"/>): the
/// adapters in the model's structure, the base run's weights at the start, the parameters that train, and the files a
/// finished run leaves beside its checkpoints: <c>adapters.safetensors</c> (the adapters alone) and, with
/// <see cref="DptOptions.LoraMerge"/>, <c>merged.safetensors</c> (a plain model of the base run's structure).
/// </summary>
public static class DptFinetune
{
    /// <summary>The file of the adapters alone.</summary>
    public const string AdaptersFile = "adapters.safetensors";

    /// <summary>The file of the merged model.</summary>
    public const string MergedFile = "merged.safetensors";

    private const long AdapterStream = 0x6C6F7261; // "lora"

    /// <summary>Attaches the adapters <paramref name="setup"/>'s options ask for (none with rank 0), A drawn from the run
    /// seed's own stream, and freezes the rest.</summary>
    public static void Adapt(DecisionTransformer model, MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        var options = (DptOptions)setup.LearnerOptions;
        if (options.LoraRank == 0) { return; }
        if (setup.Run.InitFrom.Length == 0) { throw new ConfigException("lora_rank needs init_from: the run whose weights the adapters adapt"); }
        var adapted = LowRank.Attach(model, options.IsLoraTarget, options.LoraRank, options.LoraAlpha, new Rng(SeedPath.Derive(setup.Run.Seed, AdapterStream)));
        if (adapted.Count == 0) { throw new ConfigException($"lora_targets ({options.LoraTargets}) chose no layer of the model"); }
    }

    /// <summary>The parameters the optimiser moves: the adapters' under LoRA, else every one.</summary>
    public static IReadOnlyList<Tensor> Trainable(DecisionTransformer model) => LowRank.Trainable(model);

    /// <summary>Loads the newest weights of the run <paramref name="from"/> (the run key <c>init_from</c>; nothing when
    /// it is empty) into <paramref name="model"/>. Every base parameter must exist here with its shape; only adapters may
    /// be new.</summary>
    /// <exception cref="ConfigException">The base run is missing, not a dpt run, or of another shape.</exception>
    public static void LoadBase(DecisionTransformer model, string from, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(from);
        if (from.Length == 0) { return; }
        if (!RunDirectory.IsRun(from)) { throw new ConfigException($"init_from: {from} is not a run directory (no config.yaml)"); }
        var base_ = MetaRun.Load(from);
        if (base_.Method != "dpt") { throw new ConfigException($"init_from: {from} is a {base_.Method} run; fine-tuning starts from a dpt run"); }
        var weights = CheckpointStore.ReadFile(base_.ModelPath);
        var mine = model.NamedParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (weights.Keys.FirstOrDefault(n => !mine.Contains(n)) is { } extra)
        {
            throw new ConfigException($"init_from: the base model's '{extra}' has no place in this model; fine-tune with the base run's model settings");
        }
        if (mine.FirstOrDefault(n => !weights.ContainsKey(n) && !n.Contains(LowRank.Marker, StringComparison.Ordinal)) is { } missing)
        {
            throw new ConfigException($"init_from: the base model has no '{missing}'; fine-tune with the base run's model settings");
        }
        try { model.LoadStateDict(weights, strict: false); } // the adapters are the only names the base lacks
        catch (ArgumentException ex)
        {
            throw new ConfigException($"init_from: {ex.Message} Fine-tune with the base run's model settings and a family with the same observations and actions.");
        }
        int trainable = Trainable(model).Sum(p => p.Numel), total = model.ParameterCount;
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"starting from {base_.ModelPath}; training {trainable:N0} of {total:N0} parameters ({100.0 * trainable / total:F2}%)"));
    }

    /// <summary>Writes the finished run's <see cref="AdaptersFile"/> and, when asked, <see cref="MergedFile"/> (the
    /// model's adapters are merged afterwards, so call it last).</summary>
    public static void WriteOutputs(DecisionTransformer model, MetaSetup setup, RunDirectory run)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(run);
        var options = (DptOptions)setup.LearnerOptions;
        if (options.LoraRank == 0) { return; }
        var meta = new Dictionary<string, string>
        {
            ["lora_rank"] = options.LoraRank.ToString(CultureInfo.InvariantCulture),
            ["lora_alpha"] = options.LoraAlpha.ToString(CultureInfo.InvariantCulture),
            ["lora_targets"] = options.LoraTargets,
            ["init_from"] = setup.Run.InitFrom,
        };
        CheckpointStore.WriteFile(run.File(AdaptersFile), LowRank.AdapterState(model), meta);
        if (!options.LoraMerge) { return; }
        LowRank.Merge(model);
        CheckpointStore.WriteFile(run.File(MergedFile), model.StateDict(), new Dictionary<string, string> { ["merged_from"] = setup.Run.InitFrom });
    }
}
