namespace MetaRL.Tuning;

/// <summary>
/// An optimisation study in the spirit of Optuna: ask for a trial, evaluate, tell the result (or hand an
/// objective to <see cref="Optimize"/>). The study's state lives entirely in its <see cref="TrialStorage"/>,
/// so several workers (threads or processes) can share it and a crashed run can be resumed; this object
/// only caches finished trials, which never change.
/// </summary>
public sealed class Study
{
    private readonly List<FrozenTrial> _finished = [];
    private readonly List<FrozenTrial> _complete = [];
    private readonly Dictionary<long, HeartbeatTimer> _heartbeats = [];
    private long _lastOrder;
    private FrozenTrial? _best;
    private SearchSpace? _intersection;
    private IReadOnlyList<FrozenTrial>? _running;
    private long _asking = -1;

    public Study(TrialStorage storage, StudyInfo info, Sampler sampler, Pruner? pruner = null, StudyOptions? options = null)
    {
        Storage = storage;
        Info = info;
        Sampler = sampler;
        Pruner = pruner ?? new NopPruner();
        Options = options ?? new StudyOptions();
    }

    /// <summary>Creates (or loads, resuming it) the named study.</summary>
    public static Study Create(string name, Sampler sampler, TrialStorage? storage = null, StudyDirection direction = StudyDirection.Minimize,
        Pruner? pruner = null, StudyOptions? options = null)
    {
        storage ??= new InMemoryStorage();
        return new Study(storage, storage.CreateOrLoadStudy(name, direction), sampler, pruner, options);
    }

    /// <summary>
    /// Joins the named study (creating it when new) as one more worker: takes the study's next worker number
    /// from the storage (0 for the first worker ever to join it, then 1, 2, …, whichever process or machine
    /// asks) and builds this worker's sampler for that number, so that workers sharing a study, and reruns that
    /// resume it, never draw the same random stream. The first worker's sampler is <c>samplerForWorker(0)</c>,
    /// so a study run by one worker is the same as with <see cref="Create"/>.
    /// </summary>
    public static Study Join(string name, Func<int, Sampler> samplerForWorker, TrialStorage storage, StudyDirection direction = StudyDirection.Minimize,
        Pruner? pruner = null, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(samplerForWorker);
        ArgumentNullException.ThrowIfNull(storage);
        var info = storage.CreateOrLoadStudy(name, direction);
        int worker = checked((int)storage.NextInSequence(info.Id, WorkerSequence));
        return new Study(storage, info, samplerForWorker(worker), pruner, options) { WorkerNumber = worker };
    }

    /// <summary>The study counter (<see cref="TrialStorage.NextInSequence"/>) that numbers the workers joining it.</summary>
    public const string WorkerSequence = "workers";

    /// <summary>The error kept with a trial that was running when its study was stopped (Ctrl-C, a signal, a stopped worker).</summary>
    public const string InterruptedError = "interrupted: the study was stopped while this trial ran";

    /// <summary>This worker's number in the study when it came through <see cref="Join"/> (null otherwise).</summary>
    public int? WorkerNumber { get; private init; }

    public TrialStorage Storage { get; }
    public StudyInfo Info { get; }
    public string Name => Info.Name;
    public StudyDirection Direction => Info.Direction;
    public Sampler Sampler { get; }
    public Pruner Pruner { get; }
    public StudyOptions Options { get; }

    /// <summary>Every trial, by number (read from the storage).</summary>
    public IReadOnlyList<FrozenTrial> Trials => Storage.GetAllTrials(Info.Id);

    /// <summary>Finished trials (Complete, Pruned, Failed) in the order they finished, as of the last refresh.</summary>
    public IReadOnlyList<FrozenTrial> FinishedTrials { get { Refresh(); return _finished; } }

    /// <summary>Complete trials in the order they finished.</summary>
    public IReadOnlyList<FrozenTrial> CompleteTrials { get { Refresh(); return _complete; } }

    /// <summary>
    /// The Running trials other workers hold, with the parameters they have stored so far: read from the
    /// storage once per trial, when a sampler first asks, so that samplers can steer away from points already
    /// being evaluated (TPE's constant liar), as Optuna does with its RDB storage.
    /// </summary>
    public IReadOnlyList<FrozenTrial> RunningTrials =>
        _running ??= [.. Storage.GetTrials(Info.Id, TrialState.Running).Where(t => t.Id != _asking)];

    /// <summary>Parameters shared by every complete trial with the same distribution.</summary>
    public SearchSpace IntersectionSearchSpace { get { Refresh(); return _intersection ?? SearchSpace.Empty; } }

    /// <summary>The best complete trial (null before any completes).</summary>
    public FrozenTrial? BestTrial { get { Refresh(); return _best; } }

    public double? BestValue => BestTrial?.Value;

    /// <summary>The best trial's parameters as user values.</summary>
    public IReadOnlyDictionary<string, object> BestParams => BestTrial?.ExternalParams ?? throw new InvalidOperationException("No trial has completed yet.");

    /// <summary>True when <paramref name="a"/> is better than <paramref name="b"/> in this study's direction.</summary>
    public bool IsBetter(double a, double b) => Direction == StudyDirection.Minimize ? a < b : a > b;

    /// <summary>Reads trials that finished since the last refresh (cheap: finished trials are immutable).</summary>
    public void Refresh()
    {
        var fresh = Storage.GetFinishedTrials(Info.Id, _lastOrder);
        foreach (var t in fresh)
        {
            _finished.Add(t);
            _lastOrder = Math.Max(_lastOrder, t.CompleteOrder);
            if (t.State != TrialState.Complete) { continue; }
            _complete.Add(t);
            _intersection = _intersection is null ? new SearchSpace(t.Distributions) : SearchSpace.Intersection([t, Restrict(_intersection)]);
            if (_best is null || IsBetter(t.Value!.Value, _best.Value!.Value)) { _best = t; }
        }
    }

    private static FrozenTrial Restrict(SearchSpace s) => new()
    {
        Id = -1, Number = -1, State = TrialState.Complete,
        Distributions = s.Names.Select((n, i) => (n, d: s.Distributions[i])).ToDictionary(x => x.n, x => x.d),
    };

    /// <summary>Adds a trial with fixed parameters (internal values); the next <see cref="Ask"/> runs it.</summary>
    public void Enqueue(IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, ParamDistribution> distributions) =>
        Storage.EnqueueTrial(Info.Id, parameters, distributions);

    /// <summary>Starts a new trial (or claims an enqueued one); null when a study-wide budget of <paramref name="maxTrials"/> is spent.</summary>
    public Trial? Ask(int? maxTrials = null)
    {
        if (Options.HeartbeatInterval is not null) { ReapLostTrials(); }
        var claimed = Storage.ClaimTrial(Info.Id, Options.WorkerId, maxTrials);
        if (claimed is null) { return null; }
        var trial = new Trial(this, claimed);
        (_asking, _running) = (trial.Id, null);
        if (Options.HeartbeatInterval is TimeSpan every) { _heartbeats[trial.Id] = new HeartbeatTimer(Storage, trial.Id, every); }
        try
        {
            Refresh();
            var space = Sampler.InferRelativeSearchSpace(this);
            if (space.Count > 0) { trial.SetRelative(space, Sampler.SampleRelative(this, trial, space)); }
        }
        catch (Exception ex)
        {
            Tell(trial, TrialState.Failed, error: $"Sampler failed: {ex.Message}");
            throw;
        }
        return trial;
    }

    /// <summary>Fails trials whose workers stopped sending heartbeats (and re-enqueues them when configured).</summary>
    public IReadOnlyList<FrozenTrial> ReapLostTrials() => Storage.FailStaleTrials(Info.Id, Options.EffectiveGrace, Options.RetryLostTrials);

    /// <summary>Finishes a trial with a value (a non-finite value fails it).</summary>
    public FrozenTrial Tell(Trial trial, double value) =>
        double.IsFinite(value) ? Tell(trial, TrialState.Complete, value) : Tell(trial, TrialState.Failed, null, $"Objective returned {value}.");

    /// <summary>Finishes a trial in the given state. A pruned trial keeps its last intermediate value.</summary>
    public FrozenTrial Tell(Trial trial, TrialState state, double? value = null, string? error = null)
    {
        if (state is TrialState.Running or TrialState.Waiting) { throw new ArgumentException("A trial can only be told Complete, Pruned or Failed.", nameof(state)); }
        if (state == TrialState.Complete && (value is null || !double.IsFinite(value.Value))) { throw new ArgumentException("A complete trial needs a finite value."); }
        if (_heartbeats.Remove(trial.Id, out var hb)) { hb.Dispose(); }
        if (state == TrialState.Pruned && value is null && trial.IntermediateValues.Count > 0) { value = trial.IntermediateValues.Last().Value; }
        Storage.FinishTrial(trial.Id, state, value, error);
        return Storage.GetTrial(trial.Id);
    }

    /// <summary>
    /// Runs the objective on <paramref name="nTrials"/> new trials, or, with <paramref name="studyWideBudget"/>,
    /// until the whole study (all workers together) holds that many trials and none is still running.
    /// Exceptions from the objective fail the trial and are kept as its error; <see cref="TrialPrunedException"/> prunes it, and an
    /// objective that stops for <paramref name="cancellation"/> fails its trial as <see cref="InterruptedError"/>.
    /// </summary>
    public void Optimize(Func<Trial, double> objective, int nTrials, bool studyWideBudget = false,
        Action<FrozenTrial>? onTrialFinished = null, CancellationToken cancellation = default)
    {
        int done = 0;
        while (!cancellation.IsCancellationRequested && (studyWideBudget || done < nTrials))
        {
            var trial = Ask(studyWideBudget ? nTrials : null);
            if (trial is null)
            {
                var counts = Storage.CountByState(Info.Id);
                // Without heartbeats a dead worker's trial would stay Running forever, so only wait when they are on.
                if (Options.HeartbeatInterval is null
                    || (counts.GetValueOrDefault(TrialState.Running) == 0 && counts.GetValueOrDefault(TrialState.Waiting) == 0)) { break; }
                Thread.Sleep(Options.PollInterval);
                continue;
            }
            done++;
            var finished = Run(trial, objective, cancellation);
            onTrialFinished?.Invoke(finished);
        }
    }

    private FrozenTrial Run(Trial trial, Func<Trial, double> objective, CancellationToken cancellation)
    {
        try
        {
            return Tell(trial, objective(trial));
        }
        catch (TrialPrunedException)
        {
            return Tell(trial, TrialState.Pruned);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Tell(trial, TrialState.Failed, error: InterruptedError);
        }
#pragma warning disable CA1031 // An objective's failure is recorded with its trial, not propagated.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Tell(trial, TrialState.Failed, error: $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
