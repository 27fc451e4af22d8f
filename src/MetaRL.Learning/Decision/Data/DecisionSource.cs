namespace MetaRL.Learning.Decision;

/// <summary>What one row of a pretraining dataset holds.</summary>
public enum DecisionSource
{
    /// <summary>Decision-Pretrained Transformer (Lee et al. 2023): a context of transitions from a behaviour policy, a
    /// query state and the optimal action there, labelled by the family's oracle.</summary>
    Dpt,

    /// <summary>Algorithm Distillation (Laskin et al. 2022): the whole learning history of a source learner on one task,
    /// from scratch across one trial of the family's <c>episodes</c>.</summary>
    Ad,
}

/// <summary>How a <see cref="DecisionSource.Dpt"/> context is collected.</summary>
public enum RollIn
{
    /// <summary>Episodes from the start state through the environment API, reset whenever one ends.</summary>
    Trajectory,

    /// <summary>Every transition starts in a state drawn uniformly (DPT's Dark Room roll-in); needs a family whose states
    /// can be set: Bandit-v0, DarkRoom-v0, TabularMDP-v0.</summary>
    UniformStates,
}

/// <summary>The behaviour policy of a <see cref="DecisionSource.Dpt"/> context.</summary>
public enum BehaviourPolicy
{
    /// <summary>Every action equally likely.</summary>
    Uniform,

    /// <summary>DPT's bandit mix, drawn once per row: p = (1 − c)·Dirichlet(α·1) + c·e_k with c uniform on
    /// {0, 0.1, …, 1} and k a uniform action, so contexts range from spread out to all on one action.</summary>
    Dirichlet,
}
