namespace MetaRL.Envs.Markets;

/// <summary>Euclidean projections onto the weight sets of long-only portfolios.</summary>
public static class Simplex
{
    /// <summary>Projects <paramref name="v"/> onto {w ≥ 0, Σ w ≤ 1} (long-only, the rest in cash) into <paramref name="w"/>.</summary>
    public static void ProjectCapped(ReadOnlySpan<double> v, Span<double> w)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++) { w[i] = Math.Max(v[i], 0); sum += w[i]; }
        if (sum > 1) { Project(v, w); }
    }

    /// <summary>Projects <paramref name="v"/> onto the probability simplex {w ≥ 0, Σ w = 1} into <paramref name="w"/>
    /// (the sort-based algorithm of Held, Wolfe and Crowder 1974; Duchi et al. 2008).</summary>
    public static void Project(ReadOnlySpan<double> v, Span<double> w)
    {
        var sorted = v.ToArray();
        Array.Sort(sorted);
        double cumulative = 0, theta = 0;
        for (int k = 1; k <= sorted.Length; k++)
        {
            double u = sorted[^k];
            cumulative += u;
            double t = (cumulative - 1) / k;
            if (u - t > 0) { theta = t; }
        }
        for (int i = 0; i < v.Length; i++) { w[i] = Math.Max(v[i] - theta, 0); }
    }
}
