namespace MetaRL.Envs;

/// <summary>
/// The weak solver's transposition table: win/draw/loss bounds of a position, the move that last proved a bound, and
/// the search's work (log₂ of the positions searched below it). Two slots per bucket (key mod a prime): the first keeps
/// the position with the most work, the second the latest other one (the two-tier scheme of Breuker, Uiterwijk and van
/// den Herik 1994, "Replacement schemes for transposition tables"; Fhourstones replaces by work the same way). A slot
/// is one 64-bit word: the quotient of the key by the table size (with the bucket index it gives back the key exactly,
/// so a collision is never mistaken for a hit: a key below 2⁶⁴ and at least 2¹⁶ buckets leave a quotient below 2⁴⁸)
/// above 16 bits of bounds, move and work.
/// </summary>
internal sealed class ProofTable
{
    /// <summary>Bytes a bucket's slot takes.</summary>
    public const int SlotBytes = 8;

    private const int MinBuckets = (1 << 16) + 1;
    private readonly ulong[] _slots;
    private readonly ulong _buckets;

    public ProofTable(long slotsAtLeast)
    {
        _buckets = (ulong)NextPrime(Math.Max(slotsAtLeast / 2, MinBuckets));
        _slots = new ulong[2 * _buckets];
    }

    public long Slots => _slots.Length;

    /// <summary>The stored entry of <paramref name="key"/>: lower and upper bounds in {−1, 0, 1} and the proving
    /// move (−1: none), or false.</summary>
    public bool TryGet(ulong key, out int lower, out int upper, out int move)
    {
        ulong q = key / _buckets;
        long i = 2 * (long)(key - q * _buckets);
        ulong s = _slots[i];
        if (s >> 16 != q || (s & 15) == 0)
        {
            s = _slots[i + 1];
            if (s >> 16 != q || (s & 15) == 0)
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
        ulong q = key / _buckets;
        long i = 2 * (long)(key - q * _buckets);
        ulong first = _slots[i], second = _slots[i + 1];
        bool inFirst = first >> 16 == q && (first & 15) != 0;
        ulong old = inFirst ? first : second >> 16 == q && (second & 15) != 0 ? second : 0;
        if (old != 0)
        {
            Unpack(old, out int lo, out int hi, out int m, out int w);
            lower = Math.Max(lower, lo);
            upper = Math.Min(upper, hi);
            if (move < 0) { move = m; }
            work = Math.Max(work, w);
        }
        ulong entry = Pack(q, lower, upper, move, work);
        if (inFirst) { _slots[i] = entry; return; }
        if (work >= (int)((first >> 9) & 63))
        {
            // the first slot goes to the position with more work; what it held moves down (over this position's old copy)
            _slots[i + 1] = first;
            _slots[i] = entry;
        }
        else { _slots[i + 1] = entry; }
    }

    private static ulong Pack(ulong quotient, int lower, int upper, int move, int work) =>
        (quotient << 16) | ((ulong)Math.Min(work, 63) << 9) | ((ulong)(uint)(move + 1) << 4) | (uint)((lower + 1) * 3 + upper + 2);

    private static void Unpack(ulong s, out int lower, out int upper, out int move, out int work)
    {
        int code = (int)(s & 15) - 1;
        lower = code / 3 - 1;
        upper = code % 3 - 1;
        move = (int)((s >> 4) & 31) - 1;
        work = (int)((s >> 9) & 63);
    }

    private static long NextPrime(long n)
    {
        for (long p = n | 1; ; p += 2)
        {
            bool prime = true;
            for (long d = 3; d * d <= p; d += 2)
            {
                if (p % d == 0) { prime = false; break; }
            }
            if (prime) { return p; }
        }
    }
}
