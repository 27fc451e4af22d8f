namespace MetaRL.Learning.Decision;

/// <summary>
/// The features of one token of a decision model: a flag that marks the query token, the observation, the action one-hot,
/// the reward and the next observation (DPT's (s, a, r, s′) transition). The query token carries only the flag and the
/// query observation, the rest zero; it comes first, so the output at position j has seen the query and the first j
/// transitions of the context.
/// </summary>
/// <param name="ObservationSize">Length of an observation.</param>
/// <param name="Actions">Discrete actions (the one-hot's length and the model's outputs).</param>
public sealed record TokenLayout(int ObservationSize, int Actions)
{
    /// <summary>Features per token: 1 + 2·observation + actions + 1.</summary>
    public int Width => 2 + 2 * ObservationSize + Actions;

    /// <summary>Writes the query token for <paramref name="query"/> into <paramref name="token"/> (of <see cref="Width"/>, zeroed).</summary>
    public void WriteQuery(ReadOnlySpan<float> query, Span<float> token)
    {
        token[0] = 1;
        query.CopyTo(token[1..]);
    }

    /// <summary>Writes one transition into <paramref name="token"/> (of <see cref="Width"/>, zeroed).</summary>
    public void WriteTransition(ReadOnlySpan<float> observation, int action, float reward, ReadOnlySpan<float> next, Span<float> token)
    {
        int o = ObservationSize;
        observation.CopyTo(token[1..]);
        token[1 + o + action] = 1;
        token[1 + o + Actions] = reward;
        next.CopyTo(token[(2 + o + Actions)..]);
    }
}
