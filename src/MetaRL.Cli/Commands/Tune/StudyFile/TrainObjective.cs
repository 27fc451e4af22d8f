namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// A study file as an objective: each trial suggests the searched keys, trains the resulting
/// <c>metarl train</c> config into its own run directory (<c>RUNS/trial-0007/</c>: config.yaml,
/// metrics.jsonl, checkpoints/, summary.json), reports the study's metric to the trial every
/// <see cref="TrainStudySpec.ReportEvery"/> steps through the training context's early-stopping hook (so
/// the study's pruner can stop it; a pruned run leaves no checkpoint), and returns the metric from the
/// run's <see cref="TrainingResult"/>. A diverged run fails its trial with the run's own message.
/// </summary>
internal sealed class TrainObjective : IObjective, IHasSearchSpace
{
    public TrainObjective(TrainStudySpec spec, string runsRoot)
    {
        Spec = spec;
        RunsRoot = Path.GetFullPath(runsRoot);
    }

    public TrainStudySpec Spec { get; }

    /// <summary>The study folder holding one run directory per trial.</summary>
    public string RunsRoot { get; }

    public string Name => Spec.Name;

    public StudyDirection Direction => Spec.Direction;

    public SearchSpace Space => Spec.Space;

    /// <summary>The system attribute under which each trial keeps its run directory.</summary>
    public const string RunDirAttr = "run_dir";

    /// <summary>The same objective writing its runs under another folder.</summary>
    public TrainObjective WithRunsRoot(string root) => new(Spec, root);

    /// <summary>The pruner the study file names (a <see cref="NopPruner"/> when none).</summary>
    public Pruner CreatePruner() => Spec.Pruner.Create(Spec.ReportEvery, TrainConfig.Resolve(Spec.BaseConfig).Options.TotalSteps);

    /// <summary>
    /// Adds the study file's <c>enqueue:</c> trials to a study that has none yet, once: of several commands started
    /// together on one new study (each finds it empty), only the first to take the study's <c>enqueue</c> counter
    /// enqueues. Returns how many it added.
    /// </summary>
    public int EnqueueInitialTrials(Study study)
    {
        if (Spec.Enqueued.Count == 0 || study.Trials.Count > 0) { return 0; }
        if (study.Storage.NextInSequence(study.Info.Id, "enqueue") > 0) { return 0; }
        var distributions = Spec.Parameters.ToDictionary(p => p.Key, p => p.Distribution);
        foreach (var fixedParams in Spec.Enqueued) { study.Enqueue(fixedParams, distributions); }
        return Spec.Enqueued.Count;
    }

    /// <summary>The run directory of trial <paramref name="number"/>.</summary>
    public string RunDirectory(int number) => Path.Combine(RunsRoot, "trial-" + number.ToString("D4", CultureInfo.InvariantCulture));

    public double Evaluate(Trial trial, CancellationToken cancellation)
    {
        var values = new List<(string Key, string Value)>(Spec.BaseConfig);
        foreach (var p in Spec.Parameters) { values.Add((p.Key, Format(p.Distribution.ToExternal(trial.Suggest(p.Key, p.Distribution))))); }
        var config = TrainConfig.Resolve(values);
        var run = new Tracking.RunDirectory(RunDirectory(trial.Number));
        trial.SetSystemAttr(RunDirAttr, run.Root);
        var curve = new TrialCurveReporter(trial, Spec.ReportEvery, Spec.Metric);
        // A trial number is claimed once per study, so a run already there is left from an older study of the same name
        // (an in-memory study asked for --overwrite; see StudyFolder): it is replaced, unless a live process still writes it.
        var result = TrainingRun.Execute(config, run, resume: false, cancellation: cancellation, earlyStopping: curve, overwrite: true);
        if (curve.Pruned) { throw new TrialPrunedException($"Pruned at step {curve.LastReportedStep}."); }
        cancellation.ThrowIfCancellationRequested();
        if (result.Summary.Status != Tracking.RunSummary.Completed) { throw new InvalidOperationException($"run {result.Summary.Status}: {result.Summary.Error ?? "stopped early"}"); }
        return SummaryMetric.Of(result.Summary, Spec.Metric);
    }

    /// <summary>A suggested value as config text (doubles round-trip exactly).</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
