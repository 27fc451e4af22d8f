namespace MetaRL.Tracking;

/// <summary>
/// What a path given where a run or a pretraining dataset is expected holds instead, told in the one-line refusal: a
/// dataset (its <see cref="DatasetManifest"/>) where a run is wanted, a run (its <c>config.yaml</c>) where a dataset is
/// wanted, a file, a folder of runs, or nothing. Every "holds no run" and "is not a dataset" error is phrased here, so
/// each names the real problem and the command that fits.
/// </summary>
public static class FolderKind
{
    /// <summary>The file that makes a folder a pretraining dataset (written by <c>metarl pretrain-data</c>).</summary>
    public const string DatasetManifest = "dataset.json";

    /// <summary>True when <paramref name="path"/> is a folder holding a pretraining dataset.</summary>
    public static bool IsDataset(string path) => File.Exists(Path.Combine(path, DatasetManifest));

    /// <summary>The refusal of <paramref name="path"/>, which holds no run (no <c>config.yaml</c>), where a run is wanted
    /// (<paramref name="wanted"/>, without article: e.g. "meta-training run", "run to resume").</summary>
    public static string NoRun(string path, string wanted = "run")
    {
        string shown = PathGuard.Show(path);
        if (File.Exists(path)) { return $"'{shown}' is a file; a {wanted} is a folder holding {RunConfig.FileName}"; }
        if (!Directory.Exists(path)) { return $"'{shown}' does not exist; a {wanted} is a folder holding {RunConfig.FileName}"; }
        if (IsDataset(path))
        {
            return $"'{shown}' is a pretraining dataset (it holds {DatasetManifest}, written by 'metarl pretrain-data'), not a {wanted}; 'metarl pretrain-data --check {shown}' describes it";
        }
        var runs = RunDirectory.Find(path).Where(d => Path.GetFullPath(d) != Path.GetFullPath(path)).ToArray();
        if (runs.Length > 0)
        {
            return $"'{shown}' holds no run itself but {runs.Length} in its subfolders (e.g. '{PathGuard.Show(runs[0])}'): name one of them";
        }
        return $"'{shown}' holds no {wanted} (no {RunConfig.FileName})";
    }

    /// <summary>The refusal of <paramref name="path"/> where a pretraining dataset is wanted but its
    /// <see cref="DatasetManifest"/> is missing.</summary>
    public static string NoDataset(string path)
    {
        string shown = PathGuard.Show(path);
        if (RunDirectory.IsRun(path))
        {
            return $"'{shown}' is a run (it holds {RunConfig.FileName}), not a pretraining dataset: make a dataset with 'metarl pretrain-data --out DIR'";
        }
        if (File.Exists(path)) { return $"'{shown}' is a file; a pretraining dataset is a folder holding {DatasetManifest} beside its Arrow files"; }
        return $"'{shown}' is not a pretraining dataset: a dataset folder holds {DatasetManifest} beside its Arrow files (no {DatasetManifest} there)";
    }
}
