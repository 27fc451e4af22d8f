namespace MetaRL.Learning.Deploy;

/// <summary>
/// <c>metarl compress --method int8</c>: a trained single-task run's newest checkpoint with every weight matrix stored as
/// int8 with one float scale per output row (<see cref="Int8Weights"/>), written as a new run directory that
/// <c>evaluate</c>, <c>explain</c> and <c>export</c> take like any other. The policy computes in float32 on the
/// dequantised weights (int8 storage, float accumulation). The report compares the two policies on the same seeded
/// episodes.
/// </summary>
public static class Int8Compression
{
    /// <summary>Evaluation episodes of the report unless told otherwise.</summary>
    public const int DefaultEpisodes = 100;

    /// <summary>Writes the int8 run into <paramref name="outPath"/> (which must not hold anything yet) and returns its report.</summary>
    /// <exception cref="ConfigException">The output folder is taken, or the run has no weight matrix.</exception>
    /// <exception cref="RunFormatException">The source run has no readable checkpoint.</exception>
    public static CompressionReport Compress(RunDirectory source, string outPath, int episodes = DefaultEpisodes, long seed = CheckpointEvaluation.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var target = CompressedRun.Target(outPath);
        var original = TrainedRun.Load(source, "compress");
        string checkpoint = source.Checkpoints.Newest()!;
        var weights = CheckpointStore.Read(checkpoint, CheckpointStore.Model);
        var state = CheckpointStore.Read(checkpoint, CheckpointStore.State);
        if (Int8Weights.IsQuantized(weights)) { throw new ConfigException($"'{source.Root}' already holds int8 weights"); }
        if (original.Algorithm.Model.FirstNonFiniteParameter() is >= 0 and int bad)
        {
            throw new RunFormatException($"'{checkpoint}': parameter '{original.Algorithm.Model.NamedParameters()[bad].Name}' holds a value that is not finite (a diverged run cannot be quantised)");
        }
        var quantized = Int8Weights.Quantize(weights);
        if (!Int8Weights.IsQuantized(quantized)) { throw new ConfigException($"'{source.Root}' has no weight matrix to quantise"); }
        var compressed = TrainingRun.Build(original.Config);
        compressed.Model.LoadStateDict(quantized);
        compressed.LoadEvaluationState(state);

        return CompressedRun.Write(target, staged =>
        {
            File.Copy(source.ConfigPath, staged.ConfigPath);
            if (File.Exists(source.SummaryPath)) { File.Copy(source.SummaryPath, staged.SummaryPath); }
            var files = new Dictionary<string, Dictionary<string, Tensor>> { [CheckpointStore.Model] = quantized, [CheckpointStore.State] = state };
            string saved = staged.Checkpoints.Save(long.Parse(original.Step, CultureInfo.InvariantCulture), files,
                new Dictionary<string, string> { ["compressed_from"] = source.Root, ["method"] = "int8" });
            long parameters = CompressedRun.Parameters(weights);
            return new CompressionReport("int8", source.Root, parameters, parameters, CompressedRun.Bytes(weights), CompressedRun.Bytes(quantized),
                CompressedRun.ModelFileBytes(checkpoint), CompressedRun.ModelFileBytes(saved),
                PolicyComparison.Measure(original.Config, original.Algorithm, compressed, episodes, seed));
        });
    }
}
