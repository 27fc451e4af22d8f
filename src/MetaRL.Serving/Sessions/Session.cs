namespace MetaRL.Serving;

/// <summary>
/// One live session: its policy (with the state a recurrent model carries), its action generator, the next decision's
/// step and whether the newest decision has had its feedback. Requests for one session are serialised by
/// <see cref="Gate"/>, so a session's steps are numbered without gaps and its state is never raced.
/// </summary>
public sealed class Session(string id, string modelVersion, ISessionPolicy policy, Rng rng, long nextStep, bool lastAnswered, long now)
{
    /// <summary>The session id.</summary>
    public string Id { get; } = id;

    /// <summary>The model version serving it.</summary>
    public string ModelVersion { get; } = modelVersion;

    /// <summary>The session's policy.</summary>
    public ISessionPolicy Policy { get; } = policy;

    /// <summary>The session's own generator for its actions.</summary>
    public Rng Rng { get; } = rng;

    /// <summary>Held while a request works on the session.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The step the next decision gets.</summary>
    public long NextStep { get; set; } = nextStep;

    /// <summary>Whether the newest decision (<see cref="NextStep"/> − 1) has its feedback.</summary>
    public bool LastAnswered { get; set; } = lastAnswered;

    /// <summary>When the session was last used (<see cref="TimeProvider.GetTimestamp"/> ticks).</summary>
    public long LastUsed { get => Interlocked.Read(ref _lastUsed); set => Interlocked.Exchange(ref _lastUsed, value); }

    private long _lastUsed = now;
}
