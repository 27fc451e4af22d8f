using System.Diagnostics;

namespace MetaRL.Learning.Decision;

/// <summary>What <see cref="PretrainData.Generate"/> wrote.</summary>
public sealed record PretrainDataResult(string Directory, DecisionManifest Manifest, long Bytes, double Seconds);

/// <summary>
/// Generates a pretraining dataset (<c>metarl pretrain-data</c>). Randomness: the tasks are drawn from the first
/// generator split off <c>new Rng(seed)</c> and row i from the i-th generator split off the second, so a seed fixes
/// the dataset file for file, and the first k rows of a larger dataset are those of a k-row one.
/// </summary>
public static class PretrainData
{
    /// <summary>Writes the dataset to <paramref name="directory"/> (see <see cref="DecisionDatasetWriter"/> for how a
    /// write that does not finish leaves nothing that loads). <paramref name="progress"/> hears the rows done, every
    /// thousand rows and at the end; cancellation stops between rows, deletes the partial folder and throws
    /// <see cref="OperationCanceledException"/>.</summary>
    public static PretrainDataResult Generate(DecisionDataRequest request, string directory, bool overwrite = false,
        Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        DatasetTarget.Check(directory, overwrite);
        var clock = Stopwatch.StartNew();
        var env = EnvRegistry.Make(request.Family, request.Settings);
        var tasks = env.Find<ITaskEnv>() ?? throw new ConfigException($"{request.Family} is not a task family.");
        int observationSize = env.ObservationSpace.Size;
        int actions = env.ActionSpace is Discrete d ? d.N : throw new ConfigException($"{request.Family} has continuous actions; datasets need a discrete action space.");
        var schema = DecisionSchema.For(request.Source, request.Family, observationSize, actions);
        var batch = new DecisionBatchBuilder(schema, request.Source, observationSize, actions);
        var write = RowWriter(request, env);

        var root = new Rng(request.Seed);
        var taskRng = root.Split(); // task i is the i-th draw: the same tasks as SampleTasks(n, taskRng), without holding them all
        var rows = root.Split();
        using var writer = new DecisionDatasetWriter(directory, schema, batch, request.Options.RowsPerFile);
        for (int i = 0; i < request.Tasks; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var rng = rows.Split();
            var task = tasks.SampleTask(taskRng);
            tasks.SetTask(task);
            batch.BeginRow(i, TaskJson.Serialize(task));
            write(batch, rng);
            batch.EndRow();
            writer.RowDone();
            if ((i + 1) % 1000 == 0) { progress?.Invoke(i + 1); }
        }
        cancel.ThrowIfCancellationRequested();
        DecisionManifest? manifest = null;
        writer.Commit(files => manifest = Manifest(request, observationSize, actions, files), overwrite);
        progress?.Invoke(request.Tasks);
        long bytes = new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length);
        return new PretrainDataResult(Path.GetFullPath(directory), manifest!, bytes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Refuses a target folder that cannot take a dataset (see <see cref="Generate"/>'s <c>overwrite</c>): a file,
    /// or an existing non-empty folder, unless <paramref name="overwrite"/> and it holds a dataset.</summary>
    public static void CheckTarget(string directory, bool overwrite) => DatasetTarget.Check(directory, overwrite);

    private static Action<DecisionBatchBuilder, Rng> RowWriter(DecisionDataRequest request, Env env)
    {
        if (request.Source == DecisionSource.Dpt) { return new DptRows(env, request.Options).Write; }
        if (env.Find<TimeLimit>() is null) { throw new ConfigException($"{request.Family} has no time limit; an ad history needs episodes that end."); }
        int episodes = request.Settings.TryGetValue("episodes", out var e) ? int.Parse(e, System.Globalization.CultureInfo.InvariantCulture) : 1;
        return new AdRows(env, DecisionFamilies.Learner(env, request.Learner, request.Options), episodes).Write;
    }

    private static DecisionManifest Manifest(DecisionDataRequest request, int observationSize, int actions, IReadOnlyList<DecisionFile> files)
    {
        var options = OptionsBinder.Values(request.Options).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        options["learner"] = request.Learner;
        return new DecisionManifest(request.Family, request.Settings, request.Source, options, request.Seed, request.Tasks,
            files.Sum(f => f.Transitions), observationSize, actions, files);
    }
}
