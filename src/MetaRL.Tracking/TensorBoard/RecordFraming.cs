using System.Buffers.Binary;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>
/// TFRecord framing: <c>u64 length (LE) · u32 masked CRC-32C of the 8 length bytes · data · u32 masked
/// CRC-32C of the data</c>.
/// </summary>
public static class RecordFraming
{
    /// <summary>Bytes of framing around the payload: 8 + 4 before, 4 after.</summary>
    public const int HeaderBytes = 12;

    /// <summary>Bytes of framing after the payload.</summary>
    public const int FooterBytes = 4;

    /// <summary>Frames <paramref name="data"/> as one record.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[HeaderBytes + data.Length + FooterBytes];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], Crc32C.Masked(span[..8]));
        data.CopyTo(span[HeaderBytes..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderBytes + data.Length)..], Crc32C.Masked(data));
        return record;
    }
}
