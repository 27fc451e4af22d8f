namespace MetaRL.Learning.Deploy;

/// <summary>
/// How every compression writes its run: into a folder that must be new or empty, staged in a sibling temporary folder
/// and moved into place only once the checkpoint and <c>compression.json</c> are written, so that a failure leaves
/// nothing half-written.
/// </summary>
internal static class CompressedRun
{
    /// <summary>The output run, refused when its folder holds anything.</summary>
    /// <exception cref="ConfigException">The folder is not empty.</exception>
    public static RunDirectory Target(string outPath)
    {
        var target = new RunDirectory(outPath);
        if (File.Exists(target.Root.TrimEnd(Path.DirectorySeparatorChar))) { throw new ConfigException($"'{target.Root}' is a file; compress writes a new run folder"); }
        if (Directory.Exists(target.Root) && Directory.EnumerateFileSystemEntries(target.Root).Any())
        {
            throw new ConfigException($"'{target.Root}' is not empty; compress writes a new run folder");
        }
        return target;
    }

    /// <summary>Runs <paramref name="write"/> on a staging run (it writes the config and checkpoint and returns the
    /// report), writes the report into it and moves it to <paramref name="target"/>.</summary>
    public static CompressionReport Write(RunDirectory target, Func<RunDirectory, CompressionReport> write)
    {
        string temp = target.Root.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(temp);
            var staged = new RunDirectory(temp);
            var report = write(staged);
            MetaRL.Serialization.AtomicFile.WriteText(staged.File(CompressionReport.FileName), report.ToJson());
            if (Directory.Exists(target.Root)) { Directory.Delete(target.Root); }
            Directory.Move(temp, target.Root);
            return report;
        }
        finally
        {
            if (Directory.Exists(temp)) { Directory.Delete(temp, recursive: true); }
        }
    }

    /// <summary>Parameters in a state dict (an int8 one's scales are not parameters).</summary>
    public static long Parameters(IReadOnlyDictionary<string, Tensor> tensors) =>
        tensors.Where(t => !t.Key.EndsWith(Int8Weights.ScaleSuffix, StringComparison.Ordinal)).Sum(t => (long)t.Value.Numel);

    /// <summary>Bytes of the tensors of a state dict.</summary>
    public static long Bytes(IReadOnlyDictionary<string, Tensor> tensors) => tensors.Values.Sum(t => (long)t.Numel * t.DType.ByteSize());

    /// <summary>Size of a checkpoint's model file.</summary>
    public static long ModelFileBytes(string checkpoint) => new FileInfo(Path.Combine(checkpoint, CheckpointStore.Model)).Length;
}
