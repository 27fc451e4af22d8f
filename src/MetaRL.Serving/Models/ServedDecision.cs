namespace MetaRL.Serving;

/// <summary>One decision of a served policy: the action it took (sampled from its distribution) and what it knew.</summary>
/// <param name="Action">The action: one class index, or the Gaussian's sampled vector.</param>
/// <param name="Probs">The action probabilities of a categorical policy, else null.</param>
/// <param name="Mean">The action mean of a Gaussian policy, else null.</param>
/// <param name="Std">The action standard deviation of a Gaussian policy, else null.</param>
/// <param name="Value">The critic's value of the observation, or null for a policy without a critic (MAML's).</param>
/// <param name="LogProb">log π(action | history): the behaviour (log-)probability the off-policy estimators read.</param>
public sealed record ServedDecision(float[] Action, double[]? Probs, double[]? Mean, double[]? Std, double? Value, double LogProb)
{
    private byte[]? _json;

    /// <summary>The decision as one UTF-8 JSON object (<see cref="DecisionJson"/>), made once: the log stores and the act
    /// response sends the same bytes.</summary>
    internal byte[] Json => _json ??= DecisionJson.Utf8(this);
}
