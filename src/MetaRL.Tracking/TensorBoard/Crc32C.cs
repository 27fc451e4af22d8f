using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord framing, plus the
/// TensorFlow mask applied to stored checksums. Uses the SSE4.2 / ARMv8 CRC instructions when present
/// and a 256-entry table otherwise.
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u;
    private const uint MaskDelta = 0xa282ead8u;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final xor 0xFFFFFFFF).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>The masked CRC stored in a record: <c>((crc &gt;&gt; 15 | crc &lt;&lt; 17) + 0xa282ead8)</c>.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>Inverse of <see cref="Mask"/>.</summary>
    public static uint Unmask(uint masked)
    {
        uint rot = masked - MaskDelta;
        return (rot >> 17) | (rot << 15);
    }

    /// <summary>The masked CRC-32C of <paramref name="data"/>.</summary>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong c = crc;
            while (data.Length >= 8)
            {
                c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            crc = (uint)c;
            foreach (byte b in data) { crc = Sse42.Crc32(crc, b); }
            return crc;
        }
        if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            foreach (byte b in data) { crc = Crc32.ComputeCrc32C(crc, b); }
            return crc;
        }
        return UpdateTable(crc, data);
    }

    /// <summary>The portable table path (also used by tests to check the intrinsic path against it).</summary>
    internal static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateTable(~0u, data);

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (byte b in data) { crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8); }
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) { c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1; }
            table[i] = c;
        }
        return table;
    }
}
