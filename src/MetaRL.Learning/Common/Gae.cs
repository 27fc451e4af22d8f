namespace MetaRL.Learning;

/// <summary>
/// Generalized advantage estimation (Schulman et al., 2016, "High-Dimensional Continuous Control Using
/// Generalized Advantage Estimation"), laid out as CleanRL's <c>ppo.py</c>: buffers are [steps, envs]
/// row-major; <c>dones[t]</c> says the observation at t began a new episode, so the value after step t is
/// cut when <c>dones[t+1]</c> (or <c>nextDones</c> after the last step) is set.
/// </summary>
public static class Gae
{
    /// <summary>Writes advantages and returns (= advantages + values), on rewards times <paramref name="rewardScale"/>
    /// (taken in double precision).</summary>
    public static void Compute(
        ReadOnlySpan<float> rewards, ReadOnlySpan<float> values, ReadOnlySpan<float> dones,
        ReadOnlySpan<float> nextValues, ReadOnlySpan<float> nextDones,
        int steps, int envs, double gamma, double lambda, Span<float> advantages, Span<float> returns, double rewardScale = 1.0)
    {
        for (int e = 0; e < envs; e++)
        {
            double last = 0;
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = t * envs + e;
                double nonTerminal, nextValue;
                if (t == steps - 1)
                {
                    nonTerminal = 1.0 - nextDones[e];
                    nextValue = nextValues[e];
                }
                else
                {
                    nonTerminal = 1.0 - dones[i + envs];
                    nextValue = values[i + envs];
                }
                double delta = rewards[i] * rewardScale + gamma * nextValue * nonTerminal - values[i];
                last = delta + gamma * lambda * nonTerminal * last;
                advantages[i] = (float)last;
                returns[i] = (float)(last + values[i]);
            }
        }
    }
}
