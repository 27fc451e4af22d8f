using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// Writes <c>metrics.jsonl</c>: one object per line, <c>{"tag": "...", "step": int, "value": float, "wall_s": float}</c>.
/// Non-finite values, which JSON numbers cannot hold, are written as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
public sealed class JsonlScalarSink : IScalarSink
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "metrics.jsonl";

    private readonly FileStream _stream;
    private readonly FlushClock _clock;
    private readonly Lock _gate = new();
    private readonly MemoryStream _line = new();
    private bool _disposed;

    /// <summary>Appends to <c>metrics.jsonl</c> in <paramref name="directory"/> (created if missing).</summary>
    public JsonlScalarSink(string directory, FlushPolicy? flush = null)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16);
        _clock = (flush ?? new FlushPolicy()).Start();
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Add(string tag, long step, double value, double wallSeconds)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _line.SetLength(0);
            using (var json = new Utf8JsonWriter(_line))
            {
                json.WriteStartObject();
                json.WriteString("tag", tag);
                json.WriteNumber("step", step);
                Json.Write(json, "value", value);
                Json.Write(json, "wall_s", wallSeconds);
                json.WriteEndObject();
            }
            _line.WriteByte((byte)'\n');
            _stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
            if (_clock.Tick())
            {
                _stream.Flush(false);
                _clock.Flushed();
            }
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            if (_disposed) { return; }
            _stream.Flush(true);
            _clock.Flushed();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) { return; }
            _stream.Flush(true);
            _stream.Dispose();
            _line.Dispose();
            _disposed = true;
        }
    }
}
