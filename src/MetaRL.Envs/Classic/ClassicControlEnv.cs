namespace MetaRL.Envs;

/// <summary>
/// What Gymnasium's classic-control environments share here: fixed spaces, a record of physical parameters
/// (<typeparamref name="TTask"/>, which <see cref="ScaledPhysicsFamily{TTask, TEnv}"/> varies per task) and a named
/// float64 state that <see cref="SetState"/> checks against <see cref="StateNames"/> before the subclass loads it.
/// </summary>
/// <typeparam name="TTask">The physical parameters.</typeparam>
public abstract class ClassicControlEnv<TTask> : Env, IStatefulEnv
    where TTask : EnvTask, IPhysicsTask<TTask>
{
    private readonly string[] _stateNames;
    private TTask _parameters = TTask.Default;

    /// <param name="id">The registry id.</param>
    /// <param name="observationSpace">The observation space.</param>
    /// <param name="actionSpace">The action space.</param>
    /// <param name="stateNames">The state variables, in the order <see cref="GetState"/> writes them.</param>
    protected ClassicControlEnv(string id, Box observationSpace, Space actionSpace, string[] stateNames)
        : base(id, observationSpace, actionSpace) => _stateNames = stateNames;

    /// <inheritdoc />
    public IReadOnlyList<string> StateNames => _stateNames;

    /// <summary>The physical parameters (settable; a subclass recomputes what it derives from them in <see cref="OnParametersChanged"/>).</summary>
    public TTask Parameters
    {
        get => _parameters;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _parameters = value;
            OnParametersChanged(value);
        }
    }

    /// <summary>Called after <see cref="Parameters"/> is set.</summary>
    protected virtual void OnParametersChanged(TTask parameters)
    {
    }

    /// <inheritdoc />
    public abstract void GetState(Span<double> state);

    /// <inheritdoc />
    public void SetState(ReadOnlySpan<double> state, Span<float> observation)
    {
        if (state.Length != _stateNames.Length)
        {
            throw new ArgumentException($"{Id} state has {_stateNames.Length} values ({string.Join(", ", _stateNames)}), got {state.Length}.");
        }
        LoadState(state);
        WriteObservation(observation);
    }

    /// <summary>Takes <paramref name="state"/> (of the checked length) as the current state.</summary>
    protected abstract void LoadState(ReadOnlySpan<double> state);

    /// <summary>Writes the observation of the current state.</summary>
    protected abstract void WriteObservation(Span<float> observation);
}
