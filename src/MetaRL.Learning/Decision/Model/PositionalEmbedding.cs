namespace MetaRL.Learning.Decision;

/// <summary>How a decision model tells token positions apart.</summary>
public enum PositionalEmbedding
{
    /// <summary>A learned vector per position added to each token (GPT-2's, as DPT and AD use).</summary>
    Learned,

    /// <summary>None: the causal mask alone orders the tokens. A bandit's history is a set (its order carries no
    /// information), and without positions a model cannot read anything into it.</summary>
    None,
}
