namespace MetaRL.Tuning;

/// <summary>Log expected improvement of a fitted GP below the best standardised value, and its maximisation.</summary>
internal sealed class Acquisition(MaternGp gp, double best)
{
    /// <summary>log EI(x) = log σ + log h((best − μ)/σ).</summary>
    public double LogEi(double[] x)
    {
        var (mean, variance) = gp.Predict(x);
        double sd = Math.Sqrt(variance);
        return Math.Log(sd) + NormalMath.LogH((best - mean) / sd);
    }

    public double[] Maximise(SearchSpace space, bool[] categorical, double[][] observed, double[] y, Rng rng, GpOptions options)
    {
        int dim = space.Count;
        var candidates = new List<(double[] X, double A)>();
        void Add(double[] c) => candidates.Add((c, LogEi(c)));
        for (int k = 0; k < options.Candidates; k++)
        {
            var c = new double[dim];
            for (int d = 0; d < dim; d++) { c[d] = categorical[d] ? rng.NextInt(((CategoricalDistribution)space.Distributions[d]).Choices.Count) : rng.NextDouble(); }
            Add(c);
        }
        // Local candidates around the best observations, where the improvement usually is.
        var order = Enumerable.Range(0, y.Length).OrderBy(i => y[i]).Take(5).ToArray();
        foreach (int i in order)
        {
            for (int k = 0; k < options.Candidates / 10; k++)
            {
                var c = (double[])observed[i].Clone();
                double scale = k % 2 == 0 ? 0.02 : 0.1;
                for (int d = 0; d < dim; d++) { if (!categorical[d]) { c[d] = Math.Clamp(c[d] + scale * rng.Normal(), 0, 1); } }
                Add(c);
            }
        }
        candidates.Sort((a, b) => b.A.CompareTo(a.A));
        var bestX = candidates[0].X;
        double bestA = candidates[0].A;
        var lower = new double[dim];
        var upper = Enumerable.Repeat(1.0, dim).ToArray();
        foreach (var (start, _) in candidates.Take(options.LocalRefinements))
        {
            var x = (double[])start.Clone();
            double value = -Lbfgs.Minimize((p, g) => NegativeWithGradient(p, g, categorical), x, maxIterations: 30, lower: lower, upper: upper, gradTolerance: 1e-7);
            if (value > bestA) { bestA = value; bestX = x; }
        }
        return bestX;
    }

    private double NegativeWithGradient(ReadOnlySpan<double> p, Span<double> g, bool[] categorical)
    {
        var x = p.ToArray();
        double f = -LogEi(x);
        for (int d = 0; d < x.Length; d++)
        {
            if (categorical[d]) { g[d] = 0; continue; }
            double h = 1e-6, keep = x[d];
            double hi = Math.Min(1, keep + h), lo = Math.Max(0, keep - h);
            x[d] = hi;
            double fh = -LogEi(x);
            x[d] = lo;
            double fl = -LogEi(x);
            x[d] = keep;
            g[d] = hi > lo ? (fh - fl) / (hi - lo) : 0;
        }
        return f;
    }
}
