using MetaRL.Distributions;

namespace MetaRL.Learning;

/// <summary>
/// An actor-critic with memory: it reads sequences [time, batch, obs] from a recurrent state [batch,
/// <see cref="StateSize"/>] and zeroes the state of a sequence where its reset mask [time, batch] is set (an episode,
/// or a trial, began there). RL²'s policy and recurrent PPO's are of this kind (Duan et al., 2016).
/// </summary>
public abstract class RecurrentActorCritic : Module, IActorCritic
{
    /// <inheritdoc />
    public abstract ActionHead Head { get; }

    /// <summary>Number of floats in one action (1 for a discrete action).</summary>
    public int ActionSize => Head.ActionSize;

    /// <summary>True when actions are class indices.</summary>
    public bool IsDiscrete => Head.IsDiscrete;

    /// <summary>Floats per observation.</summary>
    public abstract int ObservationSize { get; }

    /// <summary>Width of the recurrent state carried from step to step.</summary>
    public abstract int StateSize { get; }

    /// <summary>
    /// Runs a sequence from <paramref name="state"/> (zeros when null): returns the policy over all T·B steps
    /// (time-major rows), their values [T·B] and the last state [B, <see cref="StateSize"/>].
    /// </summary>
    public abstract (Distribution Policy, Tensor Values, Tensor State) Forward(Tensor observations, Tensor? state, Tensor? resetMask);
}
