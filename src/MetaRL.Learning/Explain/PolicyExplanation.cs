namespace MetaRL.Learning.Explain;

/// <summary>One decision of a trained policy, explained: what it does at an observation and which observation features
/// moved it there from the baseline.</summary>
/// <param name="Features">One name per observation component.</param>
/// <param name="Observation">The observation explained, as given.</param>
/// <param name="Baseline">The reference observation, as given (before any normalisation).</param>
/// <param name="Action">The greedy/deterministic action at the observation (a class index, or the Gaussian's mean).</param>
/// <param name="Probs">The action probabilities (a categorical policy), else null.</param>
/// <param name="Mean">The action mean (a Gaussian policy), else null.</param>
/// <param name="Std">The action standard deviation (a Gaussian policy), else null.</param>
/// <param name="Value">The critic's value of the observation (a Q-network's: the largest action value).</param>
/// <param name="Policy">Integrated gradients of log π(<paramref name="Action"/> | observation), or of the action value
/// Q(observation, <paramref name="Action"/>) for a Q-network.</param>
/// <param name="ValueAttribution">Integrated gradients of the value.</param>
/// <param name="QValues">A Q-network's action values, else null.</param>
public sealed record PolicyExplanation(
    IReadOnlyList<string> Features,
    IReadOnlyList<float> Observation,
    IReadOnlyList<float> Baseline,
    IReadOnlyList<float> Action,
    IReadOnlyList<double>? Probs,
    IReadOnlyList<double>? Mean,
    IReadOnlyList<double>? Std,
    double Value,
    Attribution Policy,
    Attribution ValueAttribution,
    IReadOnlyList<double>? QValues = null);
