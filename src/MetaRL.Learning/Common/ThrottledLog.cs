using System.Diagnostics;

namespace MetaRL.Learning;

/// <summary>
/// Progress lines for a long phase with no display of its own (building a baseline, a long evaluation): a line at most
/// every <see cref="Every"/>, plus the last one, so a user never watches a silent terminal for more than a few seconds
/// and a log is not flooded.
/// </summary>
public sealed class ThrottledLog(Action<string>? log, TimeSpan? every = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan _next = every ?? TimeSpan.FromSeconds(2);

    /// <summary>The interval between lines (2 s unless given).</summary>
    public TimeSpan Every { get; } = every ?? TimeSpan.FromSeconds(2);

    /// <summary>Writes <paramref name="message"/> when the interval has passed or <paramref name="last"/> is set; the
    /// message is built only then. Safe to call from parallel workers.</summary>
    public void Report(Func<string> message, bool last = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (log is null) { return; }
        lock (_gate)
        {
            if (!last && _clock.Elapsed < _next) { return; }
            log(message());
            _next = _clock.Elapsed + Every;
        }
    }
}
