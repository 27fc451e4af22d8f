using MetaRL.Distributions;

namespace MetaRL.Learning;

/// <summary>
/// A stateless policy with a value head: what PPO, A2C and REINFORCE-with-baseline optimise. Observations are
/// [batch, obs] float tensors; actions come back as a <see cref="Distribution"/> over [batch] indices or
/// [batch, d] vectors. The recurrent kind is <see cref="RecurrentActorCritic"/>.
/// </summary>
public abstract class ActorCritic : Module, IActorCritic
{
    /// <summary>The action distribution for a batch of observations.</summary>
    public abstract Distribution Policy(Tensor observations);

    /// <summary>State values, shape [batch].</summary>
    public abstract Tensor Value(Tensor observations);

    /// <inheritdoc />
    public abstract ActionHead Head { get; }

    /// <summary>Number of floats in one action (1 for a discrete action).</summary>
    public int ActionSize => Head.ActionSize;

    /// <summary>True when actions are class indices.</summary>
    public bool IsDiscrete => Head.IsDiscrete;
}
