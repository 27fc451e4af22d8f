using System.Buffers.Binary;
using System.Text;

namespace MetaRL.Tests.Core.Serialization;

/// <summary>Builds safetensors files byte by byte, so tests can write malformed ones on purpose.</summary>
internal static class SafeTensorsBytes
{
    /// <summary>8-byte little-endian length (the header's own unless overridden), the header, then the data.</summary>
    public static byte[] Craft(string header, byte[]? data = null, ulong? headerLength = null) =>
        Craft(Encoding.UTF8.GetBytes(header), data, headerLength);

    public static byte[] Craft(byte[] header, byte[]? data = null, ulong? headerLength = null)
    {
        var bytes = new byte[8 + header.Length + (data?.Length ?? 0)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data?.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>Little-endian bytes of float32 values.</summary>
    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) { BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]); }
        return bytes;
    }

    public static byte[] Zeros(int count) => new byte[count];
}

/// <summary>A read-only stream over bytes that fails the test if a read asks for anything past the end, so
/// a loader that relies on short reads at end of file (instead of checking lengths first) is caught.</summary>
internal sealed class StrictStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        Assert.True(Position + count <= Length, $"read of {count} bytes at {Position} runs past the {Length}-byte end");
        return base.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Assert.True(Position + buffer.Length <= Length, $"read of {buffer.Length} bytes at {Position} runs past the {Length}-byte end");
        return base.Read(buffer);
    }
}
