using System.Diagnostics;

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

    /// <summary>Greedy actions timed per batch, and batches (the median is reported).</summary>
    private const int TimedActions = 2000, TimedBatches = 5;

    /// <summary>Writes the int8 run into <paramref name="outPath"/> (which must not hold anything yet) and returns its report.</summary>
    /// <exception cref="ConfigException">The output folder is taken, or the run has no weight matrix.</exception>
    /// <exception cref="RunFormatException">The source run has no readable checkpoint.</exception>
    public static CompressionReport Compress(RunDirectory source, string outPath, int episodes = DefaultEpisodes, long seed = CheckpointEvaluation.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);
        var target = new RunDirectory(outPath);
        if (Directory.Exists(target.Root) && Directory.EnumerateFileSystemEntries(target.Root).Any())
        {
            throw new ConfigException($"'{target.Root}' is not empty; compress writes a new run folder");
        }
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

        string temp = target.Root.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Directory.CreateDirectory(temp);
            var staged = new RunDirectory(temp);
            File.Copy(source.ConfigPath, staged.ConfigPath);
            if (File.Exists(source.SummaryPath)) { File.Copy(source.SummaryPath, staged.SummaryPath); }
            var files = new Dictionary<string, Dictionary<string, Tensor>> { [CheckpointStore.Model] = quantized, [CheckpointStore.State] = state };
            string saved = staged.Checkpoints.Save(long.Parse(original.Step, CultureInfo.InvariantCulture), files,
                new Dictionary<string, string> { ["compressed_from"] = source.Root, ["method"] = "int8" });
            var report = Measure(original, compressed, source.Root, checkpoint, saved, weights, quantized, episodes, seed);
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

    private static CompressionReport Measure(TrainedRun original, Algorithm compressed, string source, string before, string after,
        IReadOnlyDictionary<string, Tensor> weights, IReadOnlyDictionary<string, Tensor> quantized, int episodes, long seed)
    {
        var env = original.Config.CreateEnv();
        var tolerance = Tolerances(env.ActionSpace);
        var other = new float[env.ActionSpace.Size];
        long decisions = 0, agreed = 0;
        double maxDiff = 0;
        var first = Evaluation.Run(original.Algorithm, env, episodes, seed, onStep: (t, obs, action) =>
        {
            if (t == 0) { (compressed as IRecurrentActor)?.ResetState(); }
            compressed.ActGreedy(obs, other);
            (env.ActionSpace as Box)?.Clip(other);
            bool same = true;
            for (int i = 0; i < other.Length; i++)
            {
                double diff = Math.Abs(other[i] - action[i]);
                maxDiff = Math.Max(maxDiff, diff);
                same &= diff <= tolerance[i];
            }
            decisions++;
            if (same) { agreed++; }
        });
        var second = Evaluation.Run(compressed, original.Config.CreateEnv(), episodes, seed);
        return new CompressionReport("int8", source, weights.Values.Sum(t => (long)t.Numel),
            weights.Values.Sum(t => (long)t.Numel * t.DType.ByteSize()), quantized.Values.Sum(t => (long)t.Numel * t.DType.ByteSize()),
            new FileInfo(Path.Combine(before, CheckpointStore.Model)).Length, new FileInfo(Path.Combine(after, CheckpointStore.Model)).Length,
            first, second, decisions == 0 ? 1 : (double)agreed / decisions, maxDiff, decisions,
            MicrosecondsPerAction(original.Algorithm, env), MicrosecondsPerAction(compressed, env));
    }

    /// <summary>Per action component: 0 for a discrete action (it must match), 1% of the range for a bounded continuous one.</summary>
    private static double[] Tolerances(Space actions) => actions is Box box
        ? [.. Enumerable.Range(0, box.Size).Select(i => float.IsFinite(box.High[i] - box.Low[i]) ? 0.01 * (box.High[i] - box.Low[i]) : 0.01)]
        : new double[actions.Size];

    private static double MicrosecondsPerAction(Algorithm algorithm, Env env)
    {
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        var action = new float[env.ActionSpace.Size];
        for (int i = 0; i < TimedActions / 10; i++) { algorithm.ActGreedy(obs, action); }
        var us = new double[TimedBatches];
        for (int b = 0; b < TimedBatches; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < TimedActions; i++) { algorithm.ActGreedy(obs, action); }
            us[b] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / TimedActions;
        }
        Array.Sort(us);
        return us[TimedBatches / 2];
    }
}
