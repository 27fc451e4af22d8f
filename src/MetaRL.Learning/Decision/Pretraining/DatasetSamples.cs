using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The dataset rows a pretraining run learns from: read from a <c>metarl pretrain-data</c> folder, after checking it
/// holds the run's kind of rows (its source) for the run's family, observations and actions; or generated from the
/// family with a stream of the run seed through the same pipeline (<see cref="PretrainData"/>, into a temporary folder
/// that is read back and deleted), so a resumed run regenerates the very rows it started with.
/// </summary>
public static class DatasetSamples
{
    private const long DataStream = 0x64617461; // "data"

    /// <summary>The rows of <paramref name="source"/> for <paramref name="setup"/>: from <see cref="DatasetPretrainSettings.Data"/>,
    /// or generated (<see cref="DatasetPretrainSettings.DataTasks"/> rows; the dataset options are <paramref name="generate"/>
    /// with <see cref="DatasetPretrainSettings.DataSettings"/> on top).</summary>
    /// <exception cref="ConfigException">The folder holds another source's rows or another family's.</exception>
    public static IReadOnlyList<DecisionRow> Rows(MetaSetup setup, DecisionSource source, DatasetPretrainSettings options,
        IReadOnlyDictionary<string, string> generate, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(generate);
        string want = DecisionDataRequest.SourceName(source);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (options.Data.Length > 0)
        {
            var dataset = DecisionDataset.Open(options.Data);
            var m = dataset.Manifest;
            string have = DecisionDataRequest.SourceName(m.Source);
            if (m.Source != source)
            {
                throw new ConfigException($"data: {options.Data} is a{(have == "ad" ? "n" : "")} {have} dataset; {setup.Run.Algo} pretrains on {want} datasets (metarl pretrain-data --source {want})");
            }
            var env = setup.MakeEnv();
            int actions = env.ActionSpace is Discrete d ? d.N : 0;
            if (m.Family != setup.Run.Env || m.ObservationSize != env.ObservationSpace.Size || m.Actions != actions)
            {
                throw new ConfigException($"data: {options.Data} holds {m.Family} rows (observations of {m.ObservationSize}, {m.Actions} actions); the run is on {setup.Run.Env} (observations of {env.ObservationSpace.Size}, {actions} actions)");
            }
            var read = dataset.ReadRows().ToList();
            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"read {read.Count:N0} {want} rows ({m.Transitions:N0} transitions) from {options.Data} in {clock.Elapsed.TotalSeconds:F1} s"));
            return read;
        }
        var set = new Dictionary<string, string>(setup.EnvSettings, StringComparer.Ordinal);
        foreach (var (k, v) in generate) { set[k] = v; }
        foreach (var (k, v) in options.ParsedDataSettings()) { set[k] = v; }
        var request = DecisionDataRequest.Resolve(setup.Run.Env, set, want, options.DataTasks, SeedPath.Derive(setup.Run.Seed, DataStream));
        string folder = Path.Combine(Path.GetTempPath(), $"metarl-{want}-rows-{Guid.NewGuid():N}");
        try
        {
            PretrainData.Generate(request, folder);
            var rows = DecisionDataset.Open(folder).ReadRows().ToList();
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"generated {rows.Count:N0} {setup.Run.Env} {want} rows ({rows.Sum(r => (long)r.Steps):N0} transitions) in {clock.Elapsed.TotalSeconds:F1} s; {options.ValTasks:N0} held out for validation"));
            return rows;
        }
        finally
        {
            if (Directory.Exists(folder)) { Directory.Delete(folder, recursive: true); }
        }
    }
}
