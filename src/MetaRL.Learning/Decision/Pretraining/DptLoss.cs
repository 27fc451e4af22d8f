namespace MetaRL.Learning.Decision;

/// <summary>DPT's objective: the cross-entropy of the predicted action distribution at every position against the
/// optimal action at the query, averaged over positions and rows (Lee et al. 2023, eq. 1).</summary>
public static class DptLoss
{
    /// <summary>Mean cross-entropy of <paramref name="logits"/> [B, T, A] against <paramref name="labels"/> [B·T, 1].</summary>
    public static Tensor Of(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var logp = Ops.LogSoftmax(Ops.Reshape(logits, -1, logits.Dim(-1)), -1);
        return Ops.Neg(Ops.Mean(Ops.Gather(logp, 1, labels)));
    }
}
