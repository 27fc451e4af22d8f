using MetaRL.Learning.Explain;

namespace MetaRL.Serving;

/// <summary>
/// A trained run's policy as <c>metarl serve</c> deploys it: what its observations and actions look like, a fresh
/// per-session policy (<see cref="NewSession"/>), and the explanation of a logged decision. Built by
/// <see cref="ServedModels.Load"/>.
/// </summary>
public abstract class ServedModel
{
    /// <summary>The algorithm that trained the run (<c>ppo</c>, <c>maml</c>, …).</summary>
    public required string Algo { get; init; }

    /// <summary>The environment id the policy was trained on.</summary>
    public required string Env { get; init; }

    /// <summary>The run's checkpoint the weights come from (its step count, or the meta-run's model file).</summary>
    public required string Checkpoint { get; init; }

    /// <summary>One name per observation component, in order.</summary>
    public required IReadOnlyList<string> ObservationNames { get; init; }

    /// <summary>Values in one observation.</summary>
    public int ObservationSize => ObservationNames.Count;

    /// <summary>True when actions are class indices.</summary>
    public required bool IsDiscrete { get; init; }

    /// <summary>What the sessions carry: <c>stateless</c>, <c>recurrent</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>A policy for one new session (a shared instance when the policy holds no state).</summary>
    public abstract ISessionPolicy NewSession();

    /// <summary>Integrated-gradients attributions of the decision at <paramref name="observation"/>, or null when the
    /// model's decisions have none (the log's probabilities and value are then the explanation).</summary>
    public virtual PolicyExplanation? Explain(float[] observation) => null;
}
