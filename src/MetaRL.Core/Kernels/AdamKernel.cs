using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MetaRL.Kernels;

/// <summary>
/// The Adam moment and parameter update, vectorised: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − step·m / (√v / √bc₂ + ε). The same IEEE operations in the same order as the scalar loop, so
/// results are bit-identical to it.
/// </summary>
internal static class AdamKernel
{
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, T b1, T b2, T stepSize, T sqrtBc2, T eps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (g.Length != p.Length || m.Length != p.Length || v.Length != p.Length)
        {
            throw new ArgumentException("Adam state and gradient must match the parameter's length.");
        }
        T c1 = T.One - b1, c2 = T.One - b2;
        int j = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            ref T pr = ref MemoryMarshal.GetReference(p);
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T mr = ref MemoryMarshal.GetReference(m);
            ref T vr = ref MemoryMarshal.GetReference(v);
            var vb1 = Vector512.Create(b1);
            var vc1 = Vector512.Create(c1);
            var vb2 = Vector512.Create(b2);
            var vc2 = Vector512.Create(c2);
            var vStep = Vector512.Create(stepSize);
            var vBc = Vector512.Create(sqrtBc2);
            var vEps = Vector512.Create(eps);
            for (; j + Vector512<T>.Count <= p.Length; j += Vector512<T>.Count)
            {
                nuint at = (nuint)j;
                var gj = Vector512.LoadUnsafe(ref gr, at);
                var mj = vb1 * Vector512.LoadUnsafe(ref mr, at) + vc1 * gj;
                var vj = vb2 * Vector512.LoadUnsafe(ref vr, at) + vc2 * gj * gj;
                mj.StoreUnsafe(ref mr, at);
                vj.StoreUnsafe(ref vr, at);
                var pj = Vector512.LoadUnsafe(ref pr, at) - vStep * mj / (Vector512.Sqrt(vj) / vBc + vEps);
                pj.StoreUnsafe(ref pr, at);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            ref T pr = ref MemoryMarshal.GetReference(p);
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T mr = ref MemoryMarshal.GetReference(m);
            ref T vr = ref MemoryMarshal.GetReference(v);
            for (; j + Vector256<T>.Count <= p.Length; j += Vector256<T>.Count)
            {
                nuint at = (nuint)j;
                var gj = Vector256.LoadUnsafe(ref gr, at);
                var mj = Vector256.Create(b1) * Vector256.LoadUnsafe(ref mr, at) + Vector256.Create(c1) * gj;
                var vj = Vector256.Create(b2) * Vector256.LoadUnsafe(ref vr, at) + Vector256.Create(c2) * gj * gj;
                mj.StoreUnsafe(ref mr, at);
                vj.StoreUnsafe(ref vr, at);
                var pj = Vector256.LoadUnsafe(ref pr, at) - Vector256.Create(stepSize) * mj / (Vector256.Sqrt(vj) / Vector256.Create(sqrtBc2) + Vector256.Create(eps));
                pj.StoreUnsafe(ref pr, at);
            }
        }
        for (; j < p.Length; j++)
        {
            T gj = g[j];
            T mj = m[j] = b1 * m[j] + c1 * gj;
            T vj = v[j] = b2 * v[j] + c2 * gj * gj;
            p[j] -= stepSize * mj / (T.Sqrt(vj) / sqrtBc2 + eps);
        }
    }
}
