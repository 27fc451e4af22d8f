using System.Security.Cryptography;

namespace MetaRL.Serving;

/// <summary>
/// What the routes do, without HTTP: sessions created, brought back from the log after a restart or an idle eviction,
/// decisions taken and logged, feedback logged. Every row is committed to the <see cref="FeedbackLog"/> before the call
/// returns, so whatever the route then acknowledges survives a kill of the process.
/// </summary>
public sealed class ModelServer(ServedModel model, FeedbackLog log, string modelVersion, SessionTable sessions, long seed)
{
    /// <summary>The model served.</summary>
    public ServedModel Model { get; } = model;

    /// <summary>The log.</summary>
    public FeedbackLog Log { get; } = log;

    /// <summary>The version id of <see cref="Model"/> in the log.</summary>
    public string ModelVersion { get; } = modelVersion;

    /// <summary>The live sessions.</summary>
    public SessionTable Sessions { get; } = sessions;

    /// <summary>A new session, logged; null when the session table is full.</summary>
    public async Task<Session?> CreateAsync(string? task)
    {
        if (Sessions.Count >= Sessions.Capacity && Sessions.Sweep() == 0) { return null; }
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)); // unguessable: the id is a capability
        await Log.AppendAsync(new SessionRow(id, task, ModelVersion, DateTimeOffset.UtcNow)).ConfigureAwait(false);
        return Sessions.Add(new Session(id, ModelVersion, Model.NewSession(), SessionRng(id), 0, true, Sessions.Now));
    }

    /// <summary>The session <paramref name="id"/>, from memory or brought back from the log; null when unknown.</summary>
    /// <exception cref="SessionLimitException">The session is known to the log but the table is full of sessions in use.</exception>
    public Session? Find(string id)
    {
        if (!IsSessionId(id)) { return null; }
        if (Sessions.Find(id) is { } live) { return live; }
        if (Log.Counts(id) is not { } counts) { return null; }
        // Back from the log: its counts continue; a recurrent state starts afresh.
        return Sessions.Add(new Session(id, counts.ModelVersion, Model.NewSession(), SessionRng(id, counts.LastStep + 1), counts.LastStep + 1,
            counts.LastStep < 0 || counts.LastStepAnswered, Sessions.Now)) ?? throw new SessionLimitException();
    }

    /// <summary>Acts on <paramref name="observation"/> in <paramref name="session"/> and logs the decision; null when its step
    /// was logged already (a session the log knows further than this process).</summary>
    public async Task<(ServedDecision Decision, long Step)?> ActAsync(Session session, float[] observation)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            long step = session.NextStep;
            var decision = session.Policy.Act(observation, session.Rng);
            bool logged = false;
            try { logged = await Log.AppendAsync(new DecisionRow(session.Id, step, observation, decision, session.ModelVersion, DateTimeOffset.UtcNow)).ConfigureAwait(false); }
            finally
            {
                // Act moved the session's state and generator; unlogged, that step never happened: the next request brings
                // the session back from the log as it stands.
                if (!logged) { Sessions.Drop(session); }
            }
            if (!logged) { return null; }
            session.NextStep = step + 1;
            session.LastAnswered = false;
            return (decision, step);
        }
        finally { session.Gate.Release(); }
    }

    /// <summary>Logs the feedback of <paramref name="step"/> (the newest decision when null); returns the outcome and the
    /// step it answers, read under the session's gate.</summary>
    public async Task<(FeedbackOutcome Outcome, long Step)> FeedbackAsync(Session session, long? step, double reward, bool terminated, bool truncated)
    {
        ArgumentNullException.ThrowIfNull(session);
        await session.Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            long newest = session.NextStep - 1;
            long target = step ?? newest;
            if (newest < 0) { return (FeedbackOutcome.NoDecision, target); }
            if (target < 0 || target > newest) { return (FeedbackOutcome.UnknownStep, target); }
            if (target == newest && session.LastAnswered) { return (FeedbackOutcome.Duplicate, target); }
            if (!await Log.AppendAsync(new FeedbackRow(session.Id, target, reward, terminated, truncated, DateTimeOffset.UtcNow)).ConfigureAwait(false))
            {
                if (target == newest) { session.LastAnswered = true; }
                return (FeedbackOutcome.Duplicate, target);
            }
            if (target == newest)
            {
                session.LastAnswered = true;
                session.Policy.Feedback(reward, terminated || truncated);
            }
            return (FeedbackOutcome.Accepted, target);
        }
        finally { session.Gate.Release(); }
    }

    /// <summary>A session id as <see cref="CreateAsync"/> makes them: 32 lowercase hex digits.</summary>
    public static bool IsSessionId(string id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The session's generator: the server seed and the session id decide it, and a session brought back from the
    /// log continues with a generator of its own (<paramref name="resumedAt"/>), never replaying the first draws.</summary>
    private Rng SessionRng(string id, long resumedAt = 0)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the id, mixed with the seed
        foreach (char c in id) { h = (h ^ c) * 1099511628211UL; }
        return new Rng(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ h ^ (ulong)resumedAt * 0xD1B54A32D192ED03UL));
    }
}

/// <summary>What became of a feedback request.</summary>
public enum FeedbackOutcome
{
    /// <summary>Logged.</summary>
    Accepted,

    /// <summary>The session has made no decision yet.</summary>
    NoDecision,

    /// <summary>The step names no decision of the session.</summary>
    UnknownStep,

    /// <summary>The decision has its feedback already; nothing written.</summary>
    Duplicate,
}

/// <summary>A session the log knows could not be brought back: the table is full of sessions in use (503, not 404).</summary>
public sealed class SessionLimitException : Exception
{
    public SessionLimitException() : base("the session limit is reached; retry later") { }

    public SessionLimitException(string message) : base(message) { }

    public SessionLimitException(string message, Exception inner) : base(message, inner) { }
}
