using System.Buffers.Binary;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>The few protobuf wire-format primitives an Event needs (varint, fixed32/64, length-delimited).</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.Add((byte)value);
    }

    public void Key(int field, WireType wireType) => Varint((ulong)((field << 3) | (int)wireType));

    public void Double(int field, double value)
    {
        Key(field, WireType.Fixed64);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b, value);
        foreach (byte x in b) { _bytes.Add(x); }
    }

    public void Float(int field, float value)
    {
        Key(field, WireType.Fixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        foreach (byte x in b) { _bytes.Add(x); }
    }

    /// <summary>An int64 field: negative values take ten bytes (two's complement), as protobuf specifies.</summary>
    public void Int64(int field, long value)
    {
        Key(field, WireType.Varint);
        Varint(unchecked((ulong)value));
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, WireType.LengthDelimited);
        Varint((ulong)value.Length);
        foreach (byte x in value) { _bytes.Add(x); }
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));
}
