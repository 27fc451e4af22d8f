namespace MetaRL.Learning;

/// <summary>Span inference with a parameter snapshot, from <see cref="IFastRolloutPolicy.TryBeginRollout"/>.</summary>
public interface IRolloutSampler
{
    /// <summary>For <paramref name="batch"/> observations [batch, obs] writes sampled actions [batch, ActionSize],
    /// their log-probabilities and the state values, drawing from <paramref name="rng"/> as <c>Sample</c> does.</summary>
    void SampleActions(ReadOnlySpan<float> observations, int batch, Rng rng, Span<float> actions, Span<float> logProbs, Span<float> values);

    /// <summary>State values of <paramref name="batch"/> observations.</summary>
    void Values(ReadOnlySpan<float> observations, int batch, Span<float> values);
}
