using MetaRL.Learning.Meta;
using MetaRL.Memory;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The rows a DPT run pretrains on, split into training and validation rows (the last <see cref="PretrainSettings.ValTasks"/>).
/// They come from a dataset folder (<see cref="DatasetPretrainSettings.Data"/>, written by <c>metarl pretrain-data</c>) or from the
/// dataset the run generates into its own <c>data/</c> folder (<see cref="Plan"/>), with a seed derived from the run
/// seed, so a resumed or overwritten run trains on the very rows it started with.
/// </summary>
public sealed record DptData(DptSamples Train, DptSamples Validation) : IPretrainCorpus
{
    /// <summary>The run's own dataset folder, beside config.yaml.</summary>
    public const string RunFolder = "data";

    /// <summary>Each drawn row's transitions in a fresh order (<see cref="DptOptions.ShuffleContext"/>).</summary>
    public bool Shuffle { get; init; }

    /// <inheritdoc />
    public int SequenceTokens => Train.Context + 1;

    /// <inheritdoc />
    public PretrainBatch Draw(int rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var indices = new int[rows];
        for (int b = 0; b < rows; b++) { indices[b] = rng.NextInt(Train.Count); }
        var batch = DptBatch.Build(Train, indices, Shuffle ? rng : null);
        return new PretrainBatch(batch.Tokens, batch.Labels, rows);
    }

    /// <inheritdoc />
    public IEnumerable<PretrainBatch> ValidationBatches(int rows)
    {
        for (int start = 0; start < Validation.Count; start += rows)
        {
            int[] indices = [.. Enumerable.Range(start, Math.Min(rows, Validation.Count - start))];
            var batch = DptBatch.Build(Validation, indices, null);
            yield return new PretrainBatch(batch.Tokens, batch.Labels, indices.Length);
        }
    }

    private const long DataStream = 0x64617461; // "data"

    /// <summary>Where <paramref name="setup"/>'s rows come from, checked before the run folder is touched: a dataset
    /// folder, opened with every check and matched against the run (family, settings, source, context, actions), or
    /// the request of the dataset to generate. Mistakes are <see cref="ConfigException"/>s or <see cref="RunFormatException"/>s.</summary>
    /// <param name="setup">The run (a generalist's family).</param>
    /// <param name="options">Its DPT options.</param>
    /// <param name="timedQueries">The model's tokens carry the query's episode step (a generalist's), so TabularMDP-v0's
    /// rows may be read.</param>
    public static DptDataPlan Plan(MetaSetup setup, DptOptions options, bool timedQueries = false)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        if (setup.IsMixture) { throw new ArgumentException("A generalist's rows are planned per family (MixtureData.Plan).", nameof(setup)); }
        if (!timedQueries && DecisionFamilies.TimedQueries.Contains(setup.Run.Env))
        {
            throw new ConfigException($"{setup.Run.Env}'s optimal actions depend on the episode step, which the dpt model's query token does not carry");
        }
        if (options.Data.Length > 0)
        {
            if (!FolderKind.IsDataset(options.Data)) { throw new ConfigException($"data: {FolderKind.NoDataset(options.Data)}"); }
            var manifest = DecisionManifest.Read(Path.Combine(options.Data, DecisionManifest.FileName));
            CheckFits(manifest, setup, options);
            MemoryLimit.Current.Check(new MemoryEstimate().Buffer("data", $"the {manifest.Tasks:N0} rows of {options.Data} in memory",
                manifest.Transitions, 2.0 * manifest.ObservationSize + 2));
            var dataset = DecisionDataset.Open(options.Data);
            CheckFits(dataset.Manifest, setup, options);
            return new DptDataPlan(dataset, null);
        }
        var set = new Dictionary<string, string>(setup.EnvSettings, StringComparer.Ordinal)
        {
            ["context"] = options.Context.ToString(CultureInfo.InvariantCulture),
            ["behaviour"] = OptionsBinder.Format(options.Behaviour),
            ["dirichlet_alpha"] = OptionsBinder.Format(options.DirichletAlpha),
            ["rollin"] = OptionsBinder.Format(options.Rollin),
        };
        foreach (var (k, v) in options.ParsedDataSettings()) { set[k] = v; }
        var request = DecisionDataRequest.Resolve(setup.Run.Env, set, "dpt", options.DataTasks, SeedPath.Derive(setup.Run.Seed, DataStream));
        CheckOrder(request.Options.GoalQueries, options, "data_settings");
        return new DptDataPlan(null, request);
    }

    /// <summary>The rows of <paramref name="plan"/>: the dataset folder's, or the run's <c>data/</c> folder's (a
    /// generalist's family: <c>data/FAMILY</c>, <paramref name="family"/>), generated there first unless it already holds
    /// exactly the planned dataset, as tokens of <paramref name="layout"/> (null: the dataset's own).
    /// <paramref name="log"/> is told where they came from.</summary>
    public static DptData Load(DptDataPlan plan, string runRoot, DptOptions options, Action<string>? log, string? family = null, TokenLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var dataset = plan.Dataset;
        if (plan.Request is { } request)
        {
            string folder = family is null ? Path.Combine(runRoot, RunFolder) : Path.Combine(runRoot, RunFolder, family);
            dataset = Existing(folder, request);
            if (dataset is null)
            {
                var written = PretrainData.Generate(request, folder, overwrite: true);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"generated {request.Tasks:N0} {request.Family} rows of {options.Context} transitions ({OptionsBinder.Format(options.Behaviour)} behaviour, seed {request.Seed}) into {folder} in {written.Seconds:F1} s"));
                dataset = DecisionDataset.Open(folder);
            }
            else { log?.Invoke($"reusing the {dataset.Manifest.Tasks:N0} rows in {folder}"); }
        }
        var rows = DptSamples.From(dataset!, layout);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{rows.Count:N0} rows of {rows.Context} transitions; the last {options.ValTasks:N0} held out for validation"));
        return Split(rows, options.ValTasks) with { Shuffle = options.ShuffleContext };
    }

    /// <summary>The last <paramref name="validation"/> rows held out of <paramref name="rows"/>.</summary>
    public static DptData Split(DptSamples rows, int validation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (validation >= rows.Count) { throw new ConfigException($"val_tasks ({validation}) must be fewer than the {rows.Count} rows of the data"); }
        return new DptData(rows.Slice(0, rows.Count - validation), rows.Slice(rows.Count - validation, validation));
    }

    /// <summary>The dataset in <paramref name="folder"/> when it is the one <paramref name="request"/> would write, else null.</summary>
    private static DecisionDataset? Existing(string folder, DecisionDataRequest request)
    {
        if (!File.Exists(Path.Combine(folder, DecisionManifest.FileName))) { return null; }
        try
        {
            var m = DecisionManifest.Read(Path.Combine(folder, DecisionManifest.FileName));
            var options = OptionsBinder.Values(request.Options).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            bool same = m.Family == request.Family && m.Source == DecisionSource.Dpt && m.Seed == request.Seed && m.Tasks == request.Tasks
                && Same(m.Settings, request.Settings) && options.All(kv => m.Options.TryGetValue(kv.Key, out var v) && v == kv.Value);
            return same ? DecisionDataset.Open(folder) : null;
        }
        catch (RunFormatException) { return null; } // a damaged copy is generated again
    }

    private static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>Rows that ask about the goal's neighbourhood open their context with the goal
    /// (<see cref="DecisionDataOptions.GoalQueries"/>), which shuffling the context would undo.</summary>
    private static void CheckOrder(double goalQueries, DptOptions options, string where)
    {
        if (goalQueries > 0 && options.ShuffleContext)
        {
            throw new ConfigException($"{where}: goal_queries rows open their context with the goal and must be read in order; set shuffle_context: false");
        }
    }

    private static void CheckFits(DecisionManifest m, MetaSetup setup, DptOptions options)
    {
        string where = $"data '{options.Data}'";
        if (m.Source != DecisionSource.Dpt) { throw new ConfigException($"{where} is an {DecisionDataRequest.SourceName(m.Source)} dataset; dpt pretrains on dpt datasets (metarl pretrain-data --source dpt)"); }
        if (m.Family != setup.Run.Env) { throw new ConfigException($"{where} holds {m.Family} rows; the run's env is {setup.Run.Env}"); }
        var effective = EnvRegistry.Settings(setup.Run.Env, setup.EnvSettings).Values;
        foreach (var (key, value) in effective)
        {
            if (m.Settings.TryGetValue(key, out var theirs) && theirs != value)
            {
                throw new ConfigException($"{where} was generated with {key}={theirs}; the run has {key}={value} (set it to match, or generate the data again)");
            }
        }
        string context = m.Options.GetValueOrDefault("context", "?");
        if (context != options.Context.ToString(CultureInfo.InvariantCulture))
        {
            throw new ConfigException($"{where} has contexts of {context} transitions; the model's context is {options.Context} (set context={context})");
        }
        CheckOrder(double.Parse(m.Options.GetValueOrDefault("goal_queries", "0"), CultureInfo.InvariantCulture), options, where);
        if (m.Tasks <= options.ValTasks) { throw new ConfigException($"{where} has {m.Tasks} rows; val_tasks ({options.ValTasks}) are held out of them, so it needs more"); }
    }
}

/// <summary>Where a DPT run's rows come from: an opened dataset folder, or the request of the dataset to generate into the run.</summary>
public sealed record DptDataPlan(DecisionDataset? Dataset, DecisionDataRequest? Request);
