namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// <c>metarl tune STUDY.yaml</c>: loads a study file into a <see cref="TrainObjective"/> (every key and range
/// checked before any trial runs; problems exit 2 with one line) and decides where its trial runs go.
/// </summary>
internal static class StudyFileObjective
{
    public static bool IsStudyFile(string spec) =>
        spec.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || Path.Exists(spec); // a folder or another existing path is refused as a study file, naming what it is, not as an unknown objective

    public static TrainObjective Load(string path)
    {
        var spec = StudyFileReader.Load(path);
        return new TrainObjective(spec, spec.RunsDir ?? Path.Combine("runs", "tune", spec.Name));
    }

    /// <summary>
    /// The study folder: the file's <c>runs_dir:</c> when set; else beside a SQLite store
    /// (<c>DIR/STUDY-NAME/trial-0000/</c> for <c>sqlite:DIR/x.db</c>); else <c>runs/tune/STUDY-NAME/</c>.
    /// Every worker computes the same folder from the same arguments.
    /// </summary>
    public static TrainObjective Place(TrainObjective objective, string? storage, string studyName)
    {
        if (objective.Spec.RunsDir is { } dir) { return objective.WithRunsRoot(dir); }
        string root = storage is not null && storage.StartsWith("sqlite:", StringComparison.Ordinal)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage["sqlite:".Length..]))!, studyName)
            : Path.Combine("runs", "tune", studyName);
        return objective.WithRunsRoot(root);
    }
}
