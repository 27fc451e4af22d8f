namespace MetaRL.Tuning;

/// <summary>Writes a running trial's heartbeat on a timer thread until disposed.</summary>
internal sealed class HeartbeatTimer : IDisposable
{
    private readonly Timer _timer;

    public HeartbeatTimer(TrialStorage storage, long trialId, TimeSpan every)
    {
        _timer = new Timer(_ =>
        {
            try { storage.Heartbeat(trialId); }
#pragma warning disable CA1031 // A missed beat is harmless; the next one retries.
            catch (Exception) { }
#pragma warning restore CA1031
        }, null, every, every);
    }

    public void Dispose() => _timer.Dispose();
}
