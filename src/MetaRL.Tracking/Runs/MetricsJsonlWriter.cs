using System.Text;
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
    private readonly ArrayBufferWriterStream _line = new();
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
                WriteDouble(json, "value", value);
                WriteDouble(json, "wall_s", wallSeconds);
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

    private static void WriteDouble(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) { json.WriteNumber(name, value); }
        else { json.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"); }
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
            _disposed = true;
        }
    }

    private sealed class ArrayBufferWriterStream : MemoryStream;
}
