namespace MetaRL.Envs;

/// <summary>
/// The ordered slates of k distinct candidates out of n, numbered 0 … n!/(n−k)! − 1 in lexicographic order (slate
/// (0, 1) is 0, (0, 2) is 1, …, (1, 0) is n − 1 for k = 2): the <see cref="Discrete"/> action encoding of
/// <see cref="RecSlate"/> (<c>action=index</c>). Position j's candidate is written as its rank among the candidates not
/// yet placed, a mixed-radix digit of base n − j.
/// </summary>
public static class SlateIndex
{
    /// <summary>n!/(n−k)!, the number of ordered slates (as a double: it may exceed an int).</summary>
    public static double Count(int n, int k)
    {
        double c = 1;
        for (int j = 0; j < k; j++) { c *= n - j; }
        return c;
    }

    /// <summary>The index of <paramref name="slate"/> (k distinct candidates in [0, n)).</summary>
    public static int Encode(ReadOnlySpan<int> slate, int n)
    {
        int index = 0;
        for (int j = 0; j < slate.Length; j++)
        {
            int rank = slate[j];
            for (int i = 0; i < j; i++) { if (slate[i] < slate[j]) { rank--; } }
            index = index * (n - j) + rank;
        }
        return index;
    }

    /// <summary>Writes the slate of <paramref name="index"/> into <paramref name="slate"/> (its length is k); allocation-free.</summary>
    public static void Decode(int index, int n, Span<int> slate)
    {
        int k = slate.Length;
        // Digits from the last position (base n − k + 1) back to the first (base n).
        for (int j = k - 1; j >= 0; j--)
        {
            int b = n - j;
            slate[j] = index % b;
            index /= b;
        }
        // Rank among the unused candidates → candidate: each earlier pick at or below the value shifts it up.
        for (int j = 1; j < k; j++)
        {
            int v = slate[j];
            for (bool moved = true; moved;)
            {
                moved = false;
                int below = 0;
                for (int i = 0; i < j; i++) { if (slate[i] <= v) { below++; } }
                int target = slate[j] + below;
                if (target != v) { v = target; moved = true; }
            }
            slate[j] = v;
        }
    }
}
