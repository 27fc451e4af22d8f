namespace MetaRL.Learning.Meta;

/// <summary>
/// <c>init_from</c>: a new run's learner starts from another run's trained weights (as Stable-Baselines3's
/// <c>set_parameters(..., exact_match=False)</c> does), by parameter name. Parameters the file lacks (a head added by a
/// new option) keep their fresh initialisation; tensors the learner has no parameter for are ignored; a parameter whose
/// shape differs is an error. The optimiser, iteration count and schedules start afresh.
/// </summary>
public static class MetaWarmStart
{
    /// <summary>Loads <paramref name="source"/> (a run directory, or a model .safetensors file) into <paramref name="learner"/>;
    /// returns a one-line account of what was loaded and what was not.</summary>
    public static string Apply(string source, MetaLearner learner)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(learner);
        string path = Directory.Exists(source) ? MetaCheckpoint.ModelPath(new RunDirectory(source)) ?? new RunDirectory(source).CheckpointsPath : source;
        if (!File.Exists(path))
        {
            throw new ConfigException($"init_from: '{source}' is neither a meta-training run with a checkpoint nor a model file ({path} does not exist)");
        }
        Dictionary<string, MetaRL.Tensors.Tensor> tensors;
        try { tensors = CheckpointStore.ReadFile(path); }
        catch (RunFormatException ex)
        {
            throw new ConfigException($"init_from: cannot read {path} ({ex.Message})");
        }
        var own = learner.Model.NamedParameters().Select(p => p.Name).ToList();
        var fresh = own.Where(n => !tensors.ContainsKey(n)).ToList();
        if (fresh.Count == own.Count)
        {
            throw new ConfigException($"init_from: {path} holds none of this {learner.Name} learner's parameters");
        }
        try { learner.Model.LoadStateDict(tensors, strict: false); }
        catch (ArgumentException ex) { throw new ConfigException($"init_from: {ex.Message}"); }
        var known = own.ToHashSet(StringComparer.Ordinal);
        var unused = tensors.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return $"initialised from {path}: {own.Count - fresh.Count} of {own.Count} parameters loaded"
            + (fresh.Count > 0 ? $"; kept fresh: {string.Join(", ", fresh)}" : "")
            + (unused.Count > 0 ? $"; not used: {string.Join(", ", unused)}" : "");
    }
}
