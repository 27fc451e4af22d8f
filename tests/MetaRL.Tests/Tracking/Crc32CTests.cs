using System.Text;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

/// <summary>The naive, bitwise CRC-32C twin of the table / SSE4.2 implementation.</summary>
internal static class Crc32CReference
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1; }
        }
        return ~crc;
    }

    /// <summary>The mask exactly as the format defines it: ((crc &gt;&gt; 15 | crc &lt;&lt; 17) + 0xa282ead8).</summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
}

public sealed class Crc32CTests
{
    [Fact]
    public void Crc32C_of_the_standard_check_string_is_E3069283()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32CReference.Compute(data));
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, Crc32C.ComputeWithTable(data));
    }

    [Fact]
    public void Fast_and_table_paths_match_the_bitwise_twin_on_every_length_up_to_100()
    {
        var rng = new MetaRL.Random.Rng(7);
        for (int n = 0; n <= 100; n++)
        {
            var data = new byte[n];
            for (int i = 0; i < n; i++) { data[i] = (byte)rng.NextInt(256); }
            uint expected = Crc32CReference.Compute(data);
            Assert.Equal(expected, Crc32C.Compute(data));
            Assert.Equal(expected, Crc32C.ComputeWithTable(data));
        }
    }

    [Fact]
    public void Mask_follows_the_definition_and_unmask_inverts_it()
    {
        foreach (uint crc in new uint[] { 0, 1, 0xE3069283u, 0xFFFFFFFFu, 0x80000000u })
        {
            Assert.Equal(Crc32CReference.Mask(crc), Crc32C.Mask(crc));
            Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
        }
    }
}
