namespace MetaRL.Envs;

/// <summary>
/// The solver's transposition table: for each stored position (its full key, so a collision is never mistaken for
/// a hit) a lower and an upper bound on its score. One slot per index (key mod a prime); a new position replaces
/// whatever was there. About 10 bytes a slot.
/// </summary>
internal sealed class SolverTable
{
    private const sbyte NoLower = sbyte.MinValue, NoUpper = sbyte.MaxValue;
    private readonly ulong[] _keys;
    private readonly sbyte[] _lower, _upper;

    public SolverTable(int slotsAtLeast)
    {
        int size = NextPrime(Math.Max(slotsAtLeast, 3));
        _keys = new ulong[size];
        _lower = new sbyte[size];
        _upper = new sbyte[size];
        Clear();
    }

    public int Slots => _keys.Length;

    public void Clear()
    {
        // key 0 is never a position's key (the key adds the mask to the mover's stones; 0 only for the empty board,
        // which is searched once, at the root), so 0 marks an empty slot
        Array.Clear(_keys);
    }

    /// <summary>The stored bounds of <paramref name="key"/>, or false.</summary>
    public bool TryGet(ulong key, out int lower, out int upper)
    {
        int i = (int)(key % (ulong)_keys.Length);
        if (key != 0 && _keys[i] == key)
        {
            lower = _lower[i];
            upper = _upper[i];
            return true;
        }
        lower = NoLower;
        upper = NoUpper;
        return false;
    }

    /// <summary>Stores bounds for <paramref name="key"/>, tightened by those already stored for it.</summary>
    public void Put(ulong key, int lower, int upper)
    {
        int i = (int)(key % (ulong)_keys.Length);
        if (_keys[i] == key)
        {
            lower = Math.Max(lower, _lower[i]);
            upper = Math.Min(upper, _upper[i]);
        }
        _keys[i] = key;
        _lower[i] = (sbyte)Math.Max(lower, NoLower);
        _upper[i] = (sbyte)Math.Min(upper, NoUpper);
    }

    private static int NextPrime(int n)
    {
        for (int p = n | 1; ; p += 2)
        {
            bool prime = true;
            for (int d = 3; (long)d * d <= p; d += 2)
            {
                if (p % d == 0) { prime = false; break; }
            }
            if (prime) { return p; }
        }
    }
}
