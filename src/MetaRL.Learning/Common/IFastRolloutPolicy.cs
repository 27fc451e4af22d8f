namespace MetaRL.Learning;

/// <summary>
/// Optional capability of an <see cref="ActorCritic"/>: rollout inference on spans into caller-owned
/// buffers, without building tensors or a graph. It must give bit for bit what the tensor path gives
/// (<c>Policy(obs)</c>, <c>Sample(rng)</c>, <c>LogProb</c>, <c>Value(obs)</c> under no-grad) and draw
/// from the generator exactly as <c>Sample</c> does, so a run is the same with or without it.
/// </summary>
public interface IFastRolloutPolicy
{
    /// <summary>
    /// A sampler holding a snapshot of the parameters as they are now (fast weights included), for the
    /// steps of one rollout; or null when they cannot take this path (the caller then uses the tensor path).
    /// Parameter changes after the call are not seen. The sampler may be reused by the next call, which
    /// refreshes it: one rollout at a time.
    /// </summary>
    IRolloutSampler? TryBeginRollout();
}
