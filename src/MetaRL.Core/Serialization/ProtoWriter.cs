using System.Buffers.Binary;
using System.Text;

namespace MetaRL.Serialization;

/// <summary>
/// The house's one protobuf encoder: the wire-format primitives (varint, fixed32/64, length-delimited) that
/// hand-encoded messages need, TensorBoard's <c>Event</c> and the ONNX <c>ModelProto</c> alike. A nested message is
/// written into its own writer and added with <see cref="Message"/>.
/// </summary>
public sealed class ProtoWriter
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
        _bytes.AddRange(b);
    }

    public void Float(int field, float value)
    {
        Key(field, WireType.Fixed32);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(b, value);
        _bytes.AddRange(b);
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
        _bytes.AddRange(value);
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message: <paramref name="message"/>'s bytes, length-delimited.</summary>
    public void Message(int field, ProtoWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Key(field, WireType.LengthDelimited);
        Varint((ulong)message._bytes.Count);
        _bytes.AddRange(message._bytes);
    }
}
