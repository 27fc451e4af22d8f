using System.Globalization;
using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The rows a DPT run pretrains on, split into training and validation rows (the last <see cref="PretrainSettings.ValTasks"/>).
/// Without a dataset folder they are generated from the family with a stream of the run seed, so a resumed run sees the
/// very rows it started with.
/// </summary>
public sealed record DptData(DptSamples Train, DptSamples Validation) : IPretrainCorpus
{
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

    /// <summary>The rows of <paramref name="setup"/>; <paramref name="log"/> is told where they came from.</summary>
    public static DptData Load(MetaSetup setup, DptOptions options, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        var env = setup.MakeEnv();
        if (options.Data.Length > 0 || !BanditDptGenerator.Handles(env))
        {
            var read = DatasetSamples.Rows(setup, DecisionSource.Dpt, options, new Dictionary<string, string>
            {
                ["context"] = options.Context.ToString(CultureInfo.InvariantCulture),
                ["behaviour"] = options.Behaviour.ToString().ToLowerInvariant(),
            }, log);
            return Split(DatasetSamples.Dpt(read, DptAlgorithm.Layout(env), options.Context), options.ValTasks) with { Shuffle = options.ShuffleContext };
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = BanditDptGenerator.Generate(env, options.DataTasks, options.Context, options.Behaviour, new Rng(SeedPath.Derive(setup.Run.Seed, DataStream)));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"generated {rows.Count:N0} {setup.Run.Env} rows of {rows.Context} transitions ({options.Behaviour.ToString().ToLowerInvariant()} behaviour) in {clock.Elapsed.TotalSeconds:F1} s; {options.ValTasks:N0} held out for validation"));
        return Split(rows, options.ValTasks) with { Shuffle = options.ShuffleContext };
    }

    /// <summary>The last <paramref name="validation"/> rows held out of <paramref name="rows"/>.</summary>
    public static DptData Split(DptSamples rows, int validation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (validation >= rows.Count) { throw new ConfigException($"val_tasks ({validation}) must be fewer than the {rows.Count} rows of the data"); }
        return new DptData(rows.Slice(0, rows.Count - validation), rows.Slice(rows.Count - validation, validation));
    }
}
