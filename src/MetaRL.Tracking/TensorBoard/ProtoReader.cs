using System.Buffers.Binary;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>A forward-only protobuf wire reader; throws <see cref="FormatException"/> on malformed input.</summary>
internal ref struct ProtoReader
{
    private ReadOnlySpan<byte> _rest;

    public ProtoReader(ReadOnlySpan<byte> data) => _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public (int Field, WireType Wire) Key()
    {
        ulong key = Varint();
        int field = (int)(key >> 3);
        if (field == 0) { throw new FormatException("field number 0"); }
        return (field, (WireType)(key & 7));
    }

    public ulong Varint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_rest.IsEmpty) { throw new FormatException("truncated varint"); }
            byte b = _rest[0];
            _rest = _rest[1..];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) { return result; }
        }
        throw new FormatException("varint longer than 10 bytes");
    }

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public float Float() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public ReadOnlySpan<byte> LengthDelimited()
    {
        ulong n = Varint();
        if (n > (ulong)_rest.Length) { throw new FormatException("length-delimited field runs past the end"); }
        return Take((int)n);
    }

    public string String() => Encoding.UTF8.GetString(LengthDelimited());

    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: Varint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.LengthDelimited: LengthDelimited(); break;
            case WireType.Fixed32: Take(4); break;
            default: throw new FormatException($"unsupported wire type {wireType}");
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _rest.Length) { throw new FormatException("field runs past the end"); }
        var head = _rest[..n];
        _rest = _rest[n..];
        return head;
    }
}
