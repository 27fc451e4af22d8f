using System.Runtime.CompilerServices;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// float32 from a JSON number's text, correctly rounded: Clinger's fast path (a mantissa of at most 2^53 and a power of ten
/// of at most 22 give a correctly rounded double in one multiplication or division) and then the double rounded to float.
/// Rounding twice can differ from rounding once only when the double lands exactly on a halfway point between two
/// floats; that case, subnormal floats, long mantissas and large exponents go to the general parser.
/// </summary>
internal static class JsonFloat
{
    private static readonly double[] Powers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>mantissa·10^exponent as float32, or NaN where the fast path does not apply (the caller then parses the text).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FromParts(ulong mantissa, int exponent)
    {
        if (mantissa > 1UL << 53 || exponent < -22 || exponent > 22) { return float.NaN; }
        // The mantissa fits 53 bits, so converting it as a signed integer is exact (and one instruction; an unsigned one is not).
        double m = (long)mantissa;
        double v = exponent >= 0 ? m * Powers[exponent] : m / Powers[-exponent];
        if (v != 0 && (v < 1.17549435E-38 || v > float.MaxValue)) { return float.NaN; }
        ulong bits = BitConverter.DoubleToUInt64Bits(v);
        return (bits & 0x1FFF_FFFFUL) == 0x1000_0000UL ? float.NaN : (float)v;
    }

    /// <summary>The general parser, for what the fast path leaves (the magnitude: the sign is the caller's).</summary>
    public static float Slow(ReadOnlySpan<byte> text) => Math.Abs(float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
}
