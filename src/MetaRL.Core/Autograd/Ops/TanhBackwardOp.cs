using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The fused derivative of tanh, g·(1 − y²) where y = tanh(x): one pass and one result instead of three
    /// (y·y, 1 − ·, g·). Recorded with a backward written in ops (∂/∂g = 1 − y², ∂/∂y = −2gy), so
    /// second-order gradients through tanh keep working.
    /// </summary>
    public static Tensor TanhBackward(Tensor g, Tensor y)
    {
        if (!ShapeUtil.Equal(g.Shape, y.Shape) || g.DType != y.DType || !g.DType.IsFloating())
        {
            throw new ArgumentException($"TanhBackward needs equal shapes and floating dtypes, got {ShapeUtil.Format(g.Shape)} {g.DType} and {ShapeUtil.Format(y.Shape)} {y.DType}.");
        }
        var r = Uninitialized(g.ShapeRef, g.DType);
        if (g.DType == DType.Float32) { TanhBackwardKernel<float>(g.F32, y.F32, r.F32); }
        else { TanhBackwardKernel<double>(g.F64, y.F64, r.F64); }
        if (!ShouldRecord(g, y)) { return Checked(r, "tanh_backward"); }
        return Record(r, "tanh_backward", [g, y], gg => [
            g.RequiresGrad ? TanhBackward(gg, y) : null,
            y.RequiresGrad ? Mul(gg, MulScalar(Mul(g, y), -2)) : null]);
    }

    private static void TanhBackwardKernel<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T yr = ref MemoryMarshal.GetReference(y);
            ref T rr = ref MemoryMarshal.GetReference(r);
            var one = Vector512<T>.One;
            for (; i + Vector512<T>.Count <= r.Length; i += Vector512<T>.Count)
            {
                var yv = Vector512.LoadUnsafe(ref yr, (nuint)i);
                (Vector512.LoadUnsafe(ref gr, (nuint)i) * (one - yv * yv)).StoreUnsafe(ref rr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            ref T gr = ref MemoryMarshal.GetReference(g);
            ref T yr = ref MemoryMarshal.GetReference(y);
            ref T rr = ref MemoryMarshal.GetReference(r);
            var one = Vector256<T>.One;
            for (; i + Vector256<T>.Count <= r.Length; i += Vector256<T>.Count)
            {
                var yv = Vector256.LoadUnsafe(ref yr, (nuint)i);
                (Vector256.LoadUnsafe(ref gr, (nuint)i) * (one - yv * yv)).StoreUnsafe(ref rr, (nuint)i);
            }
        }
        for (; i < r.Length; i++) { r[i] = g[i] * (T.One - y[i] * y[i]); }
    }
}
