namespace MetaRL.Cli.Commands.Tune;

/// <summary>One searched key of a study file: a <c>metarl train</c> config key and the range it is drawn from.</summary>
internal sealed record StudyParameter(string Key, ParamDistribution Distribution);

/// <summary>
/// A validated study file (<c>metarl tune STUDY.yaml</c>): the training config every trial starts from,
/// the search space over its keys, the <c>summary.json</c> metric to optimise and how to prune. Read it
/// with <see cref="StudyFileReader.Load"/>; every key and range has been checked against the training
/// config binder before any trial runs.
/// </summary>
internal sealed record TrainStudySpec
{
    /// <summary>The study's short name (the file's <c>name:</c>, else its file name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>Where the study file lives (full path).</summary>
    public required string SourcePath { get; init; }

    /// <summary>The flat config every trial starts from (the config file or inline mapping, then <c>set:</c>).</summary>
    public required IReadOnlyList<(string Key, string Value)> BaseConfig { get; init; }

    /// <summary>Searched keys, in the order the file lists them.</summary>
    public required IReadOnlyList<StudyParameter> Parameters { get; init; }

    /// <summary>The <c>summary.json</c> field the study optimises, e.g. <c>final_return_mean</c>.</summary>
    public required string Metric { get; init; }

    public required StudyDirection Direction { get; init; }

    /// <summary>Environment steps between intermediate reports of the learning curve (mean of the last 20 returns).</summary>
    public required long ReportEvery { get; init; }

    /// <summary>The pruner the file asks for (<see cref="PrunerSpec.None"/> when it names none).</summary>
    public required PrunerSpec Pruner { get; init; }

    /// <summary>Trials to run first with fixed parameters (internal values), e.g. the algorithm's defaults.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, double>> Enqueued { get; init; }

    /// <summary>Folder for the per-trial run directories, when the file names one (else the caller chooses).</summary>
    public string? RunsDir { get; init; }

    /// <summary>The search space as samplers see it.</summary>
    public SearchSpace Space => new(Parameters.Select(p => KeyValuePair.Create(p.Key, p.Distribution)));
}
