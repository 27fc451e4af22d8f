namespace MetaRL.Learning.Decision;

/// <summary>The one place a decision model's transformer is chosen.</summary>
public static class DecisionBackbones
{
    /// <summary>A backbone of <paramref name="settings"/>' shape for sequences of up to <paramref name="maxTokens"/>
    /// tokens, its weights drawn from <paramref name="rng"/>.</summary>
    public static ICausalBackbone Create(DecisionModelSettings settings, int maxTokens, Rng rng) =>
        new BlockStack(settings, maxTokens, rng);
}
