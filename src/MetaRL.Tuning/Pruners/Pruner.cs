namespace MetaRL.Tuning;

/// <summary>Decides, from the intermediate values reported so far, whether a running trial should stop early.</summary>
public abstract class Pruner
{
    /// <summary>True when <paramref name="trial"/> (a snapshot of the running trial) should be pruned.</summary>
    public abstract bool Prune(Study study, FrozenTrial trial);
}

/// <summary>Never prunes.</summary>
public sealed class NopPruner : Pruner
{
    public override bool Prune(Study study, FrozenTrial trial) => false;
}
