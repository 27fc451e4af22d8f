namespace MetaRL.Learning.Decision;

/// <summary>DPT's objective: the cross-entropy of the predicted action distribution at every position against the
/// optimal action at the query, averaged over positions and rows (Lee et al. 2023, eq. 1).</summary>
public static class DptLoss
{
    /// <summary>Mean cross-entropy of <paramref name="logits"/> [B, T, A] against <paramref name="labels"/> [B·T, 1];
    /// <paramref name="mask"/> ([B·T, A], 0 or −∞; a generalist's rows of families with fewer actions than the model's
    /// outputs) is added to the logits first, so a masked action has probability 0 and gets no gradient.</summary>
    public static Tensor Of(Tensor logits, Tensor labels, Tensor? mask = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var flat = Ops.Reshape(logits, -1, logits.Dim(-1));
        var logp = Ops.LogSoftmax(mask is null ? flat : Ops.Add(flat, mask), -1);
        return Ops.Neg(Ops.Mean(Ops.Gather(logp, 1, labels)));
    }
}
