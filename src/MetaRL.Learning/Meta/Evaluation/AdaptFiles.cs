using MetaRL.Serialization;

namespace MetaRL.Learning.Meta;

/// <summary>
/// The one writer of <c>adapt</c>'s output directory: <c>policy.safetensors</c>, one <c>NAME.safetensors</c> per
/// tensor of <see cref="AdaptedPolicy.State"/> (RL²'s <c>hidden.safetensors</c>), each with the same metadata,
/// and <c>adapt.json</c> (<see cref="AdaptRecord"/>). The folder is never a run (<see cref="MetaAdapter"/> refuses one), and
/// it is locked (<see cref="RunLock"/>) while it is written, so two adaptations never interleave their files.
/// </summary>
internal static class AdaptFiles
{
    /// <summary>Writes everything into <paramref name="outDir"/> (created if missing); the safetensors metadata is
    /// <paramref name="taskMeta"/> followed by the learner's <see cref="AdaptedPolicy.Metadata"/>. Returns the
    /// paths written, in the order written.</summary>
    public static IReadOnlyList<string> Save(string outDir, AdaptedPolicy adapted, IReadOnlyDictionary<string, string> taskMeta, AdaptRecord record)
    {
        using var writing = RunLock.Acquire(outDir);
        var meta = new Dictionary<string, string>(taskMeta);
        foreach (var (key, value) in adapted.Metadata) { meta[key] = value; }
        string policyPath = Path.Combine(outDir, "policy.safetensors");
        Checkpoint.SaveModule(policyPath, adapted.Policy, meta);
        var files = new List<string> { policyPath };
        foreach (var (name, tensor) in adapted.State)
        {
            string path = Path.Combine(outDir, name + ".safetensors");
            SafeTensors.Save(path, new Dictionary<string, Tensor> { [name] = tensor }, meta);
            files.Add(path);
        }
        string json = Path.Combine(outDir, AdaptRecord.FileName);
        record.Save(json);
        files.Add(json);
        return files;
    }
}
