namespace MetaRL.Kernels;

/// <summary>
/// The scalars of one Adam step, computed once per <see cref="Optim.Adam.Step"/> in the parameters' precision:
/// β1, β2, 1 − β1, 1 − β2, the weight decay λ (coupled) or the decay factor 1 − η·λ (decoupled), the bias-corrected
/// step size η / (1 − β1^t), √(1 − β2^t) and ε.
/// </summary>
internal readonly struct AdamScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public AdamScalars(double beta1, double beta2, double learningRate, double weightDecay, bool decoupled, double epsilon, long step)
    {
        double bc1 = 1 - Math.Pow(beta1, step), bc2 = 1 - Math.Pow(beta2, step);
        B1 = T.CreateChecked(beta1);
        B2 = T.CreateChecked(beta2);
        A1 = T.One - B1;
        A2 = T.One - B2;
        StepSize = T.CreateChecked(learningRate / bc1);
        SqrtBc2 = T.CreateChecked(Math.Sqrt(bc2));
        Eps = T.CreateChecked(epsilon);
        T wd = T.CreateChecked(weightDecay);
        CoupledDecay = weightDecay != 0 && !decoupled;
        DecoupledDecay = weightDecay != 0 && decoupled;
        Wd = wd;
        // Computed in T as the unfused step did (lr and λ rounded to T first), so the product rounds the same.
        Shrink = T.One - T.CreateChecked(learningRate) * wd;
    }

    public T B1 { get; }
    public T B2 { get; }
    public T A1 { get; }
    public T A2 { get; }
    public T StepSize { get; }
    public T SqrtBc2 { get; }
    public T Eps { get; }
    public T Wd { get; }
    public T Shrink { get; }
    public bool CoupledDecay { get; }
    public bool DecoupledDecay { get; }
}

/// <summary>
/// Adam's update of one parameter buffer in a single pass: per element (decoupled decay θ·(1 − η·λ) first, or
/// coupled decay g + λθ), m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g·g, θ ← θ − s·(m / (√v / √(1 − β2^t) + ε)),
/// m, v and θ written back in place with no temporaries. Vector256, then a scalar tail; both perform the same IEEE
/// operations in the same order (no fused multiply-add), so the result equals the scalar loop bit for bit. (A
/// Vector512 body would give the same bits too; one vector loop is kept, its gain on AVX-512 CPUs not yet measured.)
/// </summary>
internal static class AdamStep
{
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = p.Length;
        if (g.Length != n || m.Length != n || v.Length != n) { throw new ArgumentException("Adam needs parameter, gradient and moment buffers of one length."); }
        ref T pr = ref MemoryMarshal.GetReference(p);
        ref T gr = ref MemoryMarshal.GetReference(g);
        ref T mr = ref MemoryMarshal.GetReference(m);
        ref T vr = ref MemoryMarshal.GetReference(v);
        int j = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= Vector256<T>.Count)
        {
            var b1 = Vector256.Create(s.B1);
            var b2 = Vector256.Create(s.B2);
            var a1 = Vector256.Create(s.A1);
            var a2 = Vector256.Create(s.A2);
            var wd = Vector256.Create(s.Wd);
            var shrink = Vector256.Create(s.Shrink);
            var step = Vector256.Create(s.StepSize);
            var bc2 = Vector256.Create(s.SqrtBc2);
            var eps = Vector256.Create(s.Eps);
            for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                nuint at = (nuint)j;
                var pk = Vector256.LoadUnsafe(ref pr, at);
                var gk = Vector256.LoadUnsafe(ref gr, at);
                if (s.DecoupledDecay) { pk *= shrink; }
                else if (s.CoupledDecay) { gk += wd * pk; }
                var mk = b1 * Vector256.LoadUnsafe(ref mr, at) + a1 * gk;
                var vk = b2 * Vector256.LoadUnsafe(ref vr, at) + a2 * gk * gk;
                mk.StoreUnsafe(ref mr, at);
                vk.StoreUnsafe(ref vr, at);
                (pk - step * (mk / (Vector256.Sqrt(vk) / bc2 + eps))).StoreUnsafe(ref pr, at);
            }
        }
        for (; j < n; j++)
        {
            T pj = p[j], gj = g[j];
            if (s.DecoupledDecay) { pj *= s.Shrink; }
            else if (s.CoupledDecay) { gj += s.Wd * pj; }
            T mj = m[j] = s.B1 * m[j] + s.A1 * gj;
            T vj = v[j] = s.B2 * v[j] + s.A2 * gj * gj;
            p[j] = pj - s.StepSize * (mj / (T.Sqrt(vj) / s.SqrtBc2 + s.Eps));
        }
    }
}
