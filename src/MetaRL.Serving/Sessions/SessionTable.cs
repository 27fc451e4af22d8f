using System.Collections.Concurrent;

namespace MetaRL.Serving;

/// <summary>
/// The live sessions, at most <see cref="Capacity"/>: a session unused for <see cref="IdleTimeout"/> is dropped from memory
/// (its rows stay in the log, and its next request brings it back with its counts). When the table is full an idle
/// session is evicted first; if none is idle the new session is refused.
/// </summary>
public sealed class SessionTable(int capacity, TimeSpan idleTimeout, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Session> _live = new(StringComparer.Ordinal);

    /// <summary>Sessions held at most.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>How long an unused session stays in memory.</summary>
    public TimeSpan IdleTimeout { get; } = idleTimeout;

    /// <summary>Sessions in memory now.</summary>
    public int Count => _live.Count;

    /// <summary>The clock's now, in timestamp ticks.</summary>
    public long Now => time.GetTimestamp();

    /// <summary>The live session <paramref name="id"/>, touched; null when it is not in memory.</summary>
    public Session? Find(string id)
    {
        if (!_live.TryGetValue(id, out var s)) { return null; }
        s.LastUsed = Now;
        return s;
    }

    /// <summary>Adds <paramref name="session"/> (or returns the one a racing request added under its id); null when the
    /// table is full of sessions in use.</summary>
    public Session? Add(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_live.Count >= Capacity) { Sweep(); }
        if (_live.Count >= Capacity) { return null; }
        return _live.GetOrAdd(session.Id, session);
    }

    /// <summary>Drops <paramref name="session"/> from memory (its next request brings it back from the log).</summary>
    public void Drop(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _live.TryRemove(new KeyValuePair<string, Session>(session.Id, session));
    }

    /// <summary>Drops the sessions idle for longer than <see cref="IdleTimeout"/>; returns how many.</summary>
    public int Sweep()
    {
        long now = Now;
        int dropped = 0;
        foreach (var (id, s) in _live)
        {
            if (time.GetElapsedTime(s.LastUsed, now) > IdleTimeout && _live.TryRemove(id, out _)) { dropped++; }
        }
        return dropped;
    }
}
