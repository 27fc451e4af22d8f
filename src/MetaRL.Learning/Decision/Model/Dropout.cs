namespace MetaRL.Learning.Decision;

/// <summary>Inverted dropout (Srivastava et al. 2014) as a product with a constant mask: each element is zeroed with
/// probability p and the survivors scaled by 1/(1 − p), so evaluation needs no rescaling.</summary>
internal static class Dropout
{
    /// <summary><paramref name="x"/> with dropout applied, or <paramref name="x"/> itself when <paramref name="rng"/> is
    /// null (evaluation) or <paramref name="p"/> is 0.</summary>
    public static Tensor Apply(Tensor x, double p, Rng? rng)
    {
        if (rng is null || p <= 0) { return x; }
        var mask = Tensor.Empty(x.Shape, x.DType);
        float keep = (float)(1 / (1 - p));
        var m = mask.F32;
        for (int i = 0; i < m.Length; i++) { m[i] = rng.NextDouble() < p ? 0f : keep; }
        return Ops.Mul(x, mask);
    }
}
