using MetaRL.Distributions;
using MetaRL.Nn;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// A policy with a value head: what PPO, A2C and REINFORCE-with-baseline optimise. Observations are
/// [batch, obs] float tensors; actions come back as a <see cref="Distribution"/> over [batch] indices or
/// [batch, d] vectors.
/// </summary>
public abstract class ActorCritic : Module
{
    /// <summary>The action distribution for a batch of observations.</summary>
    public abstract Distribution Policy(Tensor observations);

    /// <summary>State values, shape [batch].</summary>
    public abstract Tensor Value(Tensor observations);

    /// <summary>Number of floats in one action (1 for a discrete action).</summary>
    public abstract int ActionSize { get; }

    /// <summary>True when actions are class indices.</summary>
    public abstract bool IsDiscrete { get; }
}
