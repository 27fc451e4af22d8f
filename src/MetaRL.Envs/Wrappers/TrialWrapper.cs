namespace MetaRL.Envs;

/// <summary>
/// RL²'s trial (Duan et al. 2016): one task, <see cref="Episodes"/> episodes in a row, presented as one
/// long episode. The observation is the inner observation followed by the previous action (one-hot for a
/// Discrete space, one one-hot block per component for a <see cref="MultiDiscrete"/>, the raw vector for a Box), the previous reward and a flag that is 1 when the previous
/// step ended an inner episode (all zero at the trial's start). Between inner episodes the wrapper resets
/// the inner environment itself (same task) and reports neither flag; the step that ends the last episode
/// reports the inner flags. Each trial's reset draws a new task (unless one was pinned with
/// <see cref="ITaskEnv.SetTask"/> beforehand) and pins it for the trial.
/// With <see cref="TimeFeatures"/> two more entries follow the inner observation: the fraction of the inner
/// episode's time limit used so far and the fraction of the trial's episodes finished (time-aware inputs,
/// Pardo et al. 2018, "Time Limits in Reinforcement Learning"); the reward and done flag stay last.
/// </summary>
public sealed class TrialWrapper : Wrapper
{
    private readonly int _innerSize;
    private readonly int _prefix;
    private readonly TimeLimit? _limit;
    private readonly int _actionSize;
    private readonly int _discreteN;
    private readonly int[] _components = []; // a MultiDiscrete's nvec: one one-hot block each
    private readonly ITaskEnv? _tasks;
    private readonly float[] _final;
    private bool _pinnedByUs;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="timeFeatures"/> needs a <see cref="TimeLimit"/> inside it.</summary>
    public TrialWrapper(Env inner, int episodes, bool timeFeatures = false)
        : base(inner, TrialObservationSpace(inner, episodes, timeFeatures))
    {
        Episodes = episodes;
        _tasks = inner.Find<ITaskEnv>();
        _limit = timeFeatures ? inner.Find<TimeLimit>() : null;
        _innerSize = inner.ObservationSpace.Size;
        _final = new float[_innerSize];
        _prefix = _innerSize + (timeFeatures ? 2 : 0);
        (_actionSize, _discreteN) = inner.ActionSpace is Discrete d ? (d.N, d.N) : (inner.ActionSpace.Size, 0);
        if (inner.ActionSpace is MultiDiscrete md) { _components = [.. md.Nvec]; _actionSize = _components.Sum(); }
    }

    /// <summary>Checks the arguments and lays out the trial's observation: the inner bounds, [0, 1] for the time features,
    /// the previous action's bounds ([0, 1] one-hot for a Discrete space), an unbounded reward and a 0/1 flag.</summary>
    private static Box TrialObservationSpace(Env inner, int episodes, bool timeFeatures)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);
        if (timeFeatures && inner.Find<TimeLimit>() is null)
        {
            throw new EnvConfigurationException($"{inner.Id}: time features need a TimeLimit inside the trial.");
        }
        var io = inner.ObservationSpace;
        int innerSize = io.Size, prefix = innerSize + (timeFeatures ? 2 : 0);
        int actionSize = inner.ActionSpace switch
        {
            Discrete d => d.N,
            Box b => b.Size,
            MultiDiscrete m => m.Nvec.Sum(),
            _ => throw new ArgumentException("TrialWrapper supports Discrete, MultiDiscrete and Box action spaces."),
        };
        var low = new float[prefix + actionSize + 2];
        var high = new float[low.Length];
        io.Low.CopyTo(low, 0);
        io.High.CopyTo(high, 0);
        for (int i = innerSize; i < prefix; i++) { high[i] = 1f; }
        for (int i = prefix; i < prefix + actionSize; i++)
        {
            (low[i], high[i]) = inner.ActionSpace is Box ab ? (ab.Low[i - prefix], ab.High[i - prefix]) : (0f, 1f);
        }
        low[^2] = float.NegativeInfinity;
        high[^2] = float.PositiveInfinity;
        low[^1] = 0f;
        high[^1] = 1f;
        return new Box(low, high);
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames
    {
        get
        {
            var names = new List<string>(Inner.ObservationNames);
            if (TimeFeatures) { names.AddRange(["episode_time", "trial_progress"]); }
            names.AddRange(Enumerable.Range(0, _actionSize).Select(i => $"prev_action[{i}]"));
            names.AddRange(["prev_reward", "prev_done"]);
            return names;
        }
    }

    /// <summary>Inner episodes per trial.</summary>
    public int Episodes { get; }

    /// <summary>Whether the observation carries the two time features.</summary>
    public bool TimeFeatures => _limit is not null;

    /// <summary>The inner observation that ended the latest inner episode before the trial went on, which the reset
    /// of the next episode overwrote in the trial's observation (a learner that reads transitions needs it).</summary>
    public ReadOnlySpan<float> FinalObservation => _final;

    /// <summary>Index of the inner episode in progress (0-based).</summary>
    public int EpisodeIndex { get; private set; }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null)
    {
        if (_pinnedByUs) { _tasks!.ReleaseTask(); _pinnedByUs = false; }
        Inner.Reset(observation[.._innerSize], seed);
        if (_tasks is not null && !_tasks.IsTaskPinned)
        {
            _tasks.SetTask(_tasks.Task);
            _pinnedByUs = true;
        }
        EpisodeIndex = 0;
        observation[_innerSize..].Clear();
    }

    private void WriteTime(Span<float> observation)
    {
        if (_limit is null) { return; }
        observation[_innerSize] = (float)_limit.ElapsedSteps / _limit.MaxEpisodeSteps;
        observation[_innerSize + 1] = (float)EpisodeIndex / Episodes;
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var inner = observation[.._innerSize];
        var r = Inner.Step(action, inner);
        var prev = observation.Slice(_prefix, _actionSize);
        if (_discreteN > 0) { prev.Clear(); prev[(int)action[0]] = 1f; }
        else if (_components.Length > 0)
        {
            prev.Clear();
            for (int i = 0, offset = 0; i < _components.Length; offset += _components[i++]) { prev[offset + (int)action[i]] = 1f; }
        }
        else { action.CopyTo(prev); }
        observation[^2] = (float)r.Reward;
        observation[^1] = r.Done ? 1f : 0f;
        if (r.Done && ++EpisodeIndex < Episodes)
        {
            inner.CopyTo(_final);
            Inner.Reset(inner);
            r = new StepResult(r.Reward, false, false);
        }
        WriteTime(observation);
        return r;
    }
}
