namespace MetaRL.Learning.Decision;

/// <summary>The behaviour policy that draws a DPT context's actions.</summary>
public enum ContextBehaviour
{
    /// <summary>Per task, action probabilities drawn from a flat Dirichlet, then each action from them (DPT's bandit
    /// contexts: some tasks explore evenly, others dwell on a few arms, as an online learner does).</summary>
    Dirichlet,

    /// <summary>Every action uniformly at random.</summary>
    Uniform,
}
