using MetaRL.Random;

namespace MetaRL.Learning;

/// <summary>
/// Optional capability of an <see cref="ActorCritic"/>: rollout inference on spans into caller-owned
/// buffers, without building tensors or a graph. It must give bit for bit what the tensor path gives
/// (<c>Policy(obs)</c>, <c>Sample(rng)</c>, <c>LogProb</c>, <c>Value(obs)</c> under no-grad) and draw
/// from the generator exactly as <c>Sample</c> does, so a run is the same with or without it.
/// Implementations may reuse internal buffers between calls: one caller at a time.
/// </summary>
public interface IFastRolloutPolicy
{
    /// <summary>
    /// For <paramref name="batch"/> observations [batch, obs] writes sampled actions [batch, ActionSize],
    /// their log-probabilities and the state values. Returns false, touching nothing and drawing nothing,
    /// when the current parameters cannot take this path (the caller then uses the tensor path).
    /// </summary>
    bool TrySampleActions(ReadOnlySpan<float> observations, int batch, Rng rng, Span<float> actions, Span<float> logProbs, Span<float> values);

    /// <summary>State values of <paramref name="batch"/> observations; false as for <see cref="TrySampleActions"/>.</summary>
    bool TryValues(ReadOnlySpan<float> observations, int batch, Span<float> values);
}
