namespace MetaRL.Serving;

/// <summary>
/// A served policy as one session sees it: stateless policies share one instance, recurrent and in-context ones carry
/// their state (hidden state, KV cache) in theirs. Calls for one session come one at a time (the session holds a lock).
/// </summary>
public interface ISessionPolicy
{
    /// <summary>Acts on <paramref name="observation"/> (already checked: its length is the model's, every value finite),
    /// drawing the action from <paramref name="rng"/>.</summary>
    ServedDecision Act(ReadOnlySpan<float> observation, Rng rng);

    /// <summary>Told the reward of the last decision, and whether the episode ended there (terminated or truncated).</summary>
    void Feedback(double reward, bool episodeEnded);
}
