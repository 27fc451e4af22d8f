using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace MetaRL.Envs;

/// <summary>
/// The weak solver's transposition table: win/draw/loss bounds of a position, the move that last proved a bound, and
/// the search's work (log₂ of the positions searched below it). Two slots per bucket: the first keeps the position
/// with the most work, the second the latest other one (the two-tier scheme of Breuker, Uiterwijk and van den Herik
/// 1994, "Replacement schemes for transposition tables"; Fhourstones replaces by work the same way). The key is
/// scrambled by multiplying with an odd constant, a bijection on 64 bits: the top bits pick one of 2ᵇ buckets, the
/// other 64 − b bits are stored, so an entry gives back its key exactly and a collision is never mistaken for a hit.
/// A slot is one 64-bit word, those bits (fewer than 48 for b ≥ 16) above 16 bits of bounds, move and work; a bucket
/// is 16 bytes of one cache line. The search is memory-bound, so the table asks the OS for huge pages (fewer TLB
/// misses) and lets the search prefetch the buckets of the children it is about to visit.
/// </summary>
internal sealed unsafe class ProofTable
{
    /// <summary>Bytes a bucket's slot takes.</summary>
    public const int SlotBytes = 8;

    private const int MinBucketBits = 16;
    private const ulong Scramble = 0x9E3779B97F4A7C15; // odd: multiplying by it is invertible mod 2⁶⁴
    private readonly ulong[] _array;
    private readonly ulong* _slots;
    private readonly int _shift;
    private readonly ulong _rest;

    /// <summary>A table of the largest power of two of slots that is at most <paramref name="slotsAtMost"/> (and at least
    /// 2¹⁷).</summary>
    public ProofTable(long slotsAtMost)
    {
        int bits = Math.Max(MinBucketBits, 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(slotsAtMost / 2, 1)));
        _shift = 64 - bits;
        _rest = (1UL << _shift) - 1;
        // pinned, so that the pointer stays valid and the pages can be advised; zeroed after the advice so that the
        // first touch already maps huge pages
        _array = GC.AllocateUninitializedArray<ulong>(checked((int)(2L << bits)), pinned: true);
        _slots = (ulong*)Unsafe.AsPointer(ref _array[0]);
        HugePages.Advise(_slots, (long)_array.Length * SlotBytes);
        Array.Clear(_array);
    }

    public long Slots => _array.Length;

    /// <summary>Starts loading the bucket of <paramref name="key"/> into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        if (Sse.IsSupported) { Sse.Prefetch0(_slots + (((key * Scramble) >> _shift) << 1)); }
    }

    /// <summary>The stored entry of <paramref name="key"/>: lower and upper bounds in {−1, 0, 1} and the proving
    /// move (−1: none), or false.</summary>
    public bool TryGet(ulong key, out int lower, out int upper, out int move)
    {
        ulong h = key * Scramble, rest = h & _rest;
        ulong* bucket = _slots + ((h >> _shift) << 1);
        ulong s = bucket[0];
        if (s >> 16 != rest || (s & 15) == 0)
        {
            s = bucket[1];
            if (s >> 16 != rest || (s & 15) == 0)
            {
                lower = -1;
                upper = 1;
                move = -1;
                return false;
            }
        }
        Unpack(s, out lower, out upper, out move, out _);
        return true;
    }

    /// <summary>Stores bounds for <paramref name="key"/>, tightened by those already stored for it; <paramref name="work"/>
    /// (log₂ of the positions searched) decides which slot of the bucket it takes.</summary>
    public void Put(ulong key, int lower, int upper, int move, int work)
    {
        ulong h = key * Scramble, rest = h & _rest;
        ulong* bucket = _slots + ((h >> _shift) << 1);
        ulong first = bucket[0], second = bucket[1];
        bool inFirst = first >> 16 == rest && (first & 15) != 0;
        ulong old = inFirst ? first : second >> 16 == rest && (second & 15) != 0 ? second : 0;
        if (old != 0)
        {
            Unpack(old, out int lo, out int hi, out int m, out int w);
            lower = Math.Max(lower, lo);
            upper = Math.Min(upper, hi);
            if (move < 0) { move = m; }
            work = Math.Max(work, w);
        }
        ulong entry = (rest << 16) | ((ulong)(uint)Math.Min(work, 63) << 9) | ((ulong)(uint)(move + 1) << 4) | (uint)((lower + 1) * 3 + upper + 2);
        if (inFirst) { bucket[0] = entry; }
        else if (work >= (int)((first >> 9) & 63))
        {
            // the first slot goes to the position with more work; what it held moves down (over this position's old copy)
            bucket[1] = first;
            bucket[0] = entry;
        }
        else { bucket[1] = entry; }
    }

    private static void Unpack(ulong s, out int lower, out int upper, out int move, out int work)
    {
        int code = (int)(s & 15) - 1;
        lower = code / 3 - 1;
        upper = code % 3 - 1;
        move = (int)((s >> 4) & 31) - 1;
        work = (int)((s >> 9) & 63);
    }
}
