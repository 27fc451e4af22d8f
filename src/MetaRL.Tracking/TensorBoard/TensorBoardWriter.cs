namespace MetaRL.Tracking.TensorBoard;

/// <summary>
/// Writes scalars as a TensorBoard event file <c>events.out.tfevents.&lt;10-digit seconds&gt;.&lt;hostname&gt;</c>
/// in a run directory. Each record is written whole, so after a crash every complete record reads back;
/// records reach the operating system according to the <see cref="FlushPolicy"/>.
/// </summary>
public sealed class TensorBoardWriter : IScalarSink
{
    private readonly FileStream _stream;
    private readonly FlushClock _clock;
    private readonly double _startUnixSeconds;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>Opens a new event file in <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="startUnixSeconds">Unix time at which the run began (wall times are this plus the run's seconds); defaults to now.</param>
    /// <param name="hostname">Host name for the file name; defaults to <see cref="Environment.MachineName"/>.</param>
    /// <param name="flush">Flush policy; defaults to <see cref="FlushPolicy"/>'s defaults.</param>
    public TensorBoardWriter(string directory, double? startUnixSeconds = null, string? hostname = null, FlushPolicy? flush = null)
    {
        Directory.CreateDirectory(directory);
        _startUnixSeconds = startUnixSeconds ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Path = System.IO.Path.Combine(directory, FileName(_startUnixSeconds, hostname ?? Environment.MachineName));
        // Append: a second writer opened in the same second (a resumed run) adds records rather than clobbering.
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16);
        _clock = (flush ?? new FlushPolicy()).Start();
        Write(EventProto.FileVersionEvent(_startUnixSeconds));
        FlushCore(toDisk: false);
    }

    /// <summary>Full path of the event file.</summary>
    public string Path { get; }

    /// <summary><c>events.out.tfevents.&lt;seconds, 10 digits&gt;.&lt;host&gt;</c> with the host reduced to file-name-safe characters.</summary>
    public static string FileName(double unixSeconds, string hostname)
    {
        var host = new StringBuilder(hostname.Length);
        foreach (char c in hostname) { host.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'); }
        if (host.Length == 0) { host.Append("localhost"); }
        long seconds = (long)Math.Floor(unixSeconds);
        return $"events.out.tfevents.{seconds.ToString("D10", CultureInfo.InvariantCulture)}.{host}";
    }

    /// <inheritdoc/>
    /// <remarks>The value is stored as float32 (<c>simple_value</c>), the wall time as the run's start plus <paramref name="wallSeconds"/>.</remarks>
    public void Add(string tag, long step, double value, double wallSeconds)
    {
        var record = EventProto.ScalarEvent(_startUnixSeconds + wallSeconds, step, tag, (float)value);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Write(record);
            if (_clock.Tick()) { FlushCore(toDisk: false); }
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed) { FlushCore(toDisk: true); }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) { return; }
            FlushCore(toDisk: true);
            _stream.Dispose();
            _disposed = true;
        }
    }

    private void Write(byte[] eventBytes) => _stream.Write(RecordFraming.Frame(eventBytes));

    private void FlushCore(bool toDisk)
    {
        _stream.Flush(toDisk);
        _clock.Flushed();
    }
}
