namespace MetaRL.Kernels;

/// <summary>
/// Layer normalisation of one row inside a fused recurrence (Ba et al., 2016): y = x̂⊙γ + β with
/// x̂ = (x − mean)·rstd and rstd = 1/√(var + ε), the biased variance, ε = 1e-5 as in torch; and its backward.
/// </summary>
internal static class RowLayerNorm
{
    /// <summary>ε added to the variance by default.</summary>
    public const double Epsilon = 1e-5;

    /// <summary>Normalises <paramref name="x"/> in place to x̂⊙γ + β, writing x̂ and returning rstd.</summary>
    public static T Forward<T>(Span<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> xhat, double epsilon = Epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(x.Length);
        T mean = TensorPrimitives.Sum<T>(x) / n;
        T variance = T.Zero;
        for (int j = 0; j < x.Length; j++) { T d = x[j] - mean; variance += d * d; }
        T rstd = T.One / T.Sqrt((variance / n) + T.CreateChecked(epsilon));
        for (int j = 0; j < x.Length; j++) { xhat[j] = (x[j] - mean) * rstd; }
        TensorPrimitives.FusedMultiplyAdd(xhat, gain, bias, x);
        return rstd;
    }

    /// <summary>∂x from ∂y, the cached x̂ and rstd: rstd·(∂x̂ − mean(∂x̂) − x̂·mean(∂x̂⊙x̂)) with ∂x̂ = ∂y⊙γ.</summary>
    public static void Backward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> xhat, T rstd, ReadOnlySpan<T> gain, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(dy.Length);
        T m1 = T.Zero, m2 = T.Zero;
        for (int j = 0; j < dy.Length; j++)
        {
            T d = dy[j] * gain[j];
            m1 += d;
            m2 += d * xhat[j];
        }
        m1 /= n;
        m2 /= n;
        for (int j = 0; j < dy.Length; j++) { dx[j] = rstd * ((dy[j] * gain[j]) - m1 - (xhat[j] * m2)); }
    }
}
