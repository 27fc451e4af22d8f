namespace MetaRL.Envs;

/// <summary>Finite-horizon value iteration (backward induction) on a tabular model: Q_t(s, a) =
/// R(s, a) + Σ_s′ P(s′|s, a)·max_a′ Q_{t+1}(s′, a′), Q_H = 0. The optimal policy is time-dependent.</summary>
public static class FiniteHorizonPlanner
{
    /// <summary>Fills <paramref name="q"/> ([H × S × A]) from transitions [S×A×S] and mean rewards [S×A];
    /// returns the optimal expected return from state 0.</summary>
    public static double Plan(int states, int actions, int horizon, ReadOnlySpan<double> transitions, ReadOnlySpan<double> rewards, Span<double> q)
    {
        int sa = states * actions;
        Span<double> v = stackalloc double[states];
        v.Clear();
        for (int t = horizon - 1; t >= 0; t--)
        {
            var qt = q.Slice(t * sa, sa);
            for (int s = 0; s < states; s++)
            {
                for (int a = 0; a < actions; a++)
                {
                    var row = transitions.Slice((s * actions + a) * states, states);
                    double e = 0;
                    for (int j = 0; j < states; j++) { e += row[j] * v[j]; }
                    qt[s * actions + a] = rewards[s * actions + a] + e;
                }
            }
            for (int s = 0; s < states; s++)
            {
                double m = double.NegativeInfinity;
                for (int a = 0; a < actions; a++) { m = Math.Max(m, qt[s * actions + a]); }
                v[s] = m;
            }
        }
        return v[0];
    }
}
