using System.Globalization;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tracking;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The rows a DPT run pretrains on, split into training and validation rows (the last <see cref="PretrainSettings.ValTasks"/>).
/// Without a dataset folder they are generated from the family with a stream of the run seed, so a resumed run sees the
/// very rows it started with.
/// </summary>
public sealed record DptData(DptSamples Train, DptSamples Validation)
{
    private const long DataStream = 0x64617461; // "data"

    /// <summary>The rows of <paramref name="setup"/>; <paramref name="log"/> is told where they came from.</summary>
    public static DptData Load(MetaSetup setup, DptOptions options, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Data.Length > 0)
        {
            if (!FolderKind.IsDataset(options.Data)) { throw new ConfigException($"data: {FolderKind.NoDataset(options.Data)}"); }
            throw new ConfigException($"data: reading a dataset folder ('{options.Data}') needs the dataset pipeline (metarl pretrain-data), which this build lacks; leave data empty to generate the rows into the run");
        }
        var env = setup.MakeEnv();
        if (!BanditDptGenerator.Handles(env))
        {
            throw new ConfigException($"dpt generates its rows itself for bandit families only; {setup.Run.Env} needs a dataset folder (data: DIR)");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = BanditDptGenerator.Generate(env, options.DataTasks, options.Context, options.Behaviour, new Rng(SeedPath.Derive(setup.Run.Seed, DataStream)));
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"generated {rows.Count:N0} {setup.Run.Env} rows of {rows.Context} transitions ({options.Behaviour.ToString().ToLowerInvariant()} behaviour) in {clock.Elapsed.TotalSeconds:F1} s; {options.ValTasks:N0} held out for validation"));
        return Split(rows, options.ValTasks);
    }

    /// <summary>The last <paramref name="validation"/> rows held out of <paramref name="rows"/>.</summary>
    public static DptData Split(DptSamples rows, int validation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (validation >= rows.Count) { throw new ConfigException($"val_tasks ({validation}) must be fewer than the {rows.Count} rows of the data"); }
        return new DptData(rows.Slice(0, rows.Count - validation), rows.Slice(rows.Count - validation, validation));
    }
}
