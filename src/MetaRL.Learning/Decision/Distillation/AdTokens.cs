namespace MetaRL.Learning.Decision;

/// <summary>
/// AD's tokens (Laskin et al. 2022), one per step of a learning history in <see cref="TokenLayout"/>'s features: token t
/// carries the observation s_t (in the observation slot), the previous step's action a_{t−1} (one-hot) and reward
/// r_{t−1}, and the previous observation s_{t−1} (in the next-observation slot); the flag is 1 when step t begins an
/// episode. The very first step of a history has no previous step (a query-shaped token: flag and s_0). The model reads
/// a window of consecutive steps, across episode boundaries, and position t predicts a_t: every later step is absent
/// from it, so the prediction is causal by the mask alone.
/// </summary>
public static class AdTokens
{
    /// <summary>Writes the tokens of steps <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1
    /// of one history into <paramref name="tokens"/> (<c>count·width</c> floats, cleared here).</summary>
    /// <param name="layout">The token features.</param>
    /// <param name="observations">The history's observations, step k at [k·d, (k+1)·d); at least up to the last step written.</param>
    /// <param name="actions">The actions taken, at least up to the step before the last one written.</param>
    /// <param name="rewards">The rewards received, likewise.</param>
    /// <param name="starts">Whether each step begins an episode, up to the last step written.</param>
    /// <param name="from">The first step written.</param>
    /// <param name="count">Steps written.</param>
    /// <param name="tokens">The destination.</param>
    public static void Write(TokenLayout layout, ReadOnlySpan<float> observations, ReadOnlySpan<int> actions, ReadOnlySpan<float> rewards,
        ReadOnlySpan<bool> starts, int from, int count, Span<float> tokens)
    {
        ArgumentNullException.ThrowIfNull(layout);
        int w = layout.Width, o = layout.ObservationSize;
        tokens[..(count * w)].Clear();
        for (int j = 0; j < count; j++)
        {
            int k = from + j;
            var token = tokens.Slice(j * w, w);
            var obs = observations.Slice(k * o, o);
            if (k == 0)
            {
                layout.WriteQuery(obs, token);
                continue;
            }
            layout.WriteTransition(obs, actions[k - 1], rewards[k - 1], observations.Slice((k - 1) * o, o), token);
            token[0] = starts[k] ? 1 : 0;
        }
    }
}
