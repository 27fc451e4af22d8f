namespace MetaRL.Learning;

/// <summary>
/// What every actor-critic of the house shares, stateless (<see cref="ActorCritic"/>) or recurrent
/// (<see cref="RecurrentActorCritic"/>): its action head, and so the size and kind of the actions it gives.
/// </summary>
public interface IActorCritic
{
    /// <summary>The action head the action space called for.</summary>
    ActionHead Head { get; }

    /// <summary>Number of floats in one action (1 for a discrete action).</summary>
    int ActionSize { get; }

    /// <summary>True when actions are class indices.</summary>
    bool IsDiscrete { get; }
}
