namespace MetaRL.Tracking;

/// <summary>
/// When a sink pushes buffered records to the operating system so that a running job can be watched:
/// after <see cref="EveryRecords"/> records or <see cref="Interval"/> since the last flush, whichever
/// comes first. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class FlushPolicy
{
    /// <summary>Flush after this many records.</summary>
    /// <value>The default value is 100 records.</value>
    public int EveryRecords { get; init; } = 100;

    /// <summary>Flush when this much time has passed since the last flush (checked when a record is added).</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal FlushClock Start() => new(this);
}

/// <summary>Per-sink counter of records and time since the last flush.</summary>
internal sealed class FlushClock(FlushPolicy policy)
{
    private long _last = policy.Time.GetTimestamp();
    private int _pending;

    /// <summary>Counts one record; true when the sink should flush now.</summary>
    public bool Tick()
    {
        _pending++;
        return _pending >= policy.EveryRecords || policy.Time.GetElapsedTime(_last) >= policy.Interval;
    }

    public void Flushed()
    {
        _pending = 0;
        _last = policy.Time.GetTimestamp();
    }
}
