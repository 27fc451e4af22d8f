using System.Buffers;
using System.Text.Json;
using MetaRL.Serialization;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Writes a <see cref="BanditLog"/> as the JSON lines <see cref="BanditLogReader"/> reads, atomically
/// (<see cref="AtomicFile"/>): a reader never sees half a log. Floats are written in their shortest round-trip form, so
/// a log read back is the log written.
/// </summary>
public static class BanditLogWriter
{
    public static void Write(string path, BanditLog log)
    {
        ArgumentNullException.ThrowIfNull(log);
        AtomicFile.Write(path, stream => Write(stream, log));
    }

    /// <summary>Writes the rows to <paramref name="stream"/>, one JSON object and a newline each.</summary>
    public static void Write(Stream stream, BanditLog log)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(log);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using var writer = new Utf8JsonWriter(buffer);
        for (int i = 0; i < log.Rows; i++)
        {
            writer.WriteStartObject();
            if (log.Context is not null) { Numbers(writer, "context"u8, log.ContextRow(i)); }
            writer.WriteNumber("action"u8, log.Action[i]);
            writer.WriteNumber("reward"u8, log.Reward[i]);
            writer.WriteNumber("pscore"u8, log.Pscore[i]);
            if (log.Position is not null) { writer.WriteNumber("position"u8, log.Position[i]); }
            Numbers(writer, "target"u8, log.TargetRow(i));
            if (log.QHat is not null) { Numbers(writer, "q_hat"u8, log.QHatRow(i)); }
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount > 1 << 16)
            {
                stream.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }
        stream.Write(buffer.WrittenSpan);
    }

    private static void Numbers(Utf8JsonWriter writer, ReadOnlySpan<byte> name, ReadOnlySpan<float> values)
    {
        writer.WriteStartArray(name);
        foreach (float v in values) { writer.WriteNumberValue(v); }
        writer.WriteEndArray();
    }
}
