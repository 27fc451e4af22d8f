namespace MetaRL.Learning.Decision;

/// <summary>The action distribution of one DPT context, drawn once per row (<see cref="BehaviourPolicy"/>).</summary>
internal sealed class Behaviour(int actions)
{
    private readonly double[] _cumulative = new double[actions];

    /// <summary>The probabilities of the current row, as stored in the <c>behaviour</c> column.</summary>
    public float[] Probabilities { get; } = new float[actions];

    /// <summary>Draws the row's distribution.</summary>
    public void Draw(BehaviourPolicy policy, double alpha, Rng rng)
    {
        int n = Probabilities.Length;
        Span<double> p = stackalloc double[n];
        if (policy == BehaviourPolicy.Uniform) { p.Fill(1.0 / n); }
        else
        {
            double sum = 0;
            for (int a = 0; a < n; a++) { sum += p[a] = rng.Gamma(alpha); }
            double c = rng.NextInt(11) / 10.0;
            int k = rng.NextInt(n);
            for (int a = 0; a < n; a++) { p[a] = (1 - c) * (sum > 0 ? p[a] / sum : 1.0 / n) + (a == k ? c : 0); }
        }
        double total = 0;
        for (int a = 0; a < n; a++)
        {
            Probabilities[a] = (float)p[a];
            _cumulative[a] = total += p[a];
        }
    }

    /// <summary>An action drawn from the row's distribution.</summary>
    public int Sample(Rng rng)
    {
        double u = rng.NextDouble() * _cumulative[^1];
        for (int a = 0; a < _cumulative.Length - 1; a++) { if (u < _cumulative[a]) { return a; } }
        return _cumulative.Length - 1;
    }
}
