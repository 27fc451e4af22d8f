namespace MetaRL.Serving;

/// <summary>
/// A DQN run's Q-network served as the ε-greedy policy it acted with at its checkpoint (CleanRL's draw: with probability
/// ε a uniform action, else the first action of largest Q). The decision carries that policy's probabilities,
/// ε/n + (1 − ε) on the greedy action, so the log holds exact propensities for off-policy evaluation; its value is max Q.
/// </summary>
internal sealed class EpsilonGreedyPolicy(Sequential q, double epsilon) : ISessionPolicy
{
    public ServedDecision Act(ReadOnlySpan<float> observation, Rng rng)
    {
        float[] values;
        using (Autograd.Autograd.NoGrad()) { values = q.Forward(Tensor.FromArray(observation.ToArray(), 1, observation.Length)).ToFloatArray(); }
        int n = values.Length, best = 0;
        for (int a = 1; a < n; a++) { if (values[a] > values[best]) { best = a; } }
        var probs = new double[n];
        for (int a = 0; a < n; a++) { probs[a] = epsilon / n + (a == best ? 1 - epsilon : 0); }
        int action = rng.NextDouble() < epsilon ? rng.NextInt(n) : best;
        return new ServedDecision([action], probs, null, null, values[best], Math.Log(probs[action]));
    }

    public void Feedback(double reward, bool episodeEnded) { }
}
