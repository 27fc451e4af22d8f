namespace MetaRL.Kernels;

/// <summary>A binary elementwise kernel in its three span shapes (tensor∘tensor, tensor∘scalar, scalar∘tensor).</summary>
internal interface IBinaryKernel
{
    static abstract void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;

    static abstract void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>;
}

internal readonly struct AddKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Add(y, x, d);
}

internal readonly struct SubKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Subtract(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Subtract(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Subtract(x, y, d);
}

internal readonly struct MulKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(y, x, d);
}

internal readonly struct DivKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Divide(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Divide(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Divide(x, y, d);
}

internal readonly struct PowKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Pow(x, y, d);
}

internal readonly struct MaxKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Max(y, x, d);
}

internal readonly struct MinKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Min(x, y, d);
    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Min(x, y, d);
    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Min(y, x, d);
}

/// <summary>1 where x ≥ y (used for min/max/clamp masks), else 0.</summary>
internal readonly struct GreaterEqualKernel : IBinaryKernel
{
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++) { d[i] = x[i] >= y[i] ? T.One : T.Zero; }
    }

    public static void Run<T>(ReadOnlySpan<T> x, T y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++) { d[i] = x[i] >= y ? T.One : T.Zero; }
    }

    public static void Run<T>(T x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < d.Length; i++) { d[i] = x >= y[i] ? T.One : T.Zero; }
    }
}

/// <summary>Elementwise kernels with NumPy broadcasting over contiguous tensors.</summary>
internal static class Elementwise
{
    /// <summary>Applies <typeparamref name="TK"/> to broadcast operands; dims are merged so the inner loop is one long span call.</summary>
    public static Tensor Binary<TK>(Tensor a, Tensor b)
        where TK : IBinaryKernel
    {
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"dtype mismatch: {a.DType} and {b.DType}.");
        }
        if (!a.DType.IsFloating())
        {
            throw new ArgumentException($"Arithmetic needs float32 or float64, not {a.DType}.");
        }
        var shape = ShapeUtil.Equal(a.Shape, b.Shape) ? a.ShapeRef : ShapeUtil.Broadcast(a.Shape, b.Shape);
        var result = Tensor.Result(shape, a.DType);
        if (a.DType == DType.Float32)
        {
            Run<TK, float>(a.F32, a.Shape, b.F32, b.Shape, result.F32, shape);
        }
        else
        {
            Run<TK, double>(a.F64, a.Shape, b.F64, b.Shape, result.F64, shape);
        }
        return result;
    }

    internal static void Run<TK, T>(ReadOnlySpan<T> a, ReadOnlySpan<int> aShape, ReadOnlySpan<T> b, ReadOnlySpan<int> bShape, Span<T> d, int[] shape)
        where TK : IBinaryKernel
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.Length == 0) { return; }
        if (a.Length == d.Length && b.Length == d.Length) { TK.Run(a, b, d); return; }
        if (b.Length == 1 && a.Length == d.Length) { TK.Run(a, b[0], d); return; }
        if (a.Length == 1 && b.Length == d.Length) { TK.Run(a[0], b, d); return; }

        // Merge adjacent dims whose strides are compatible in both operands (on the stack for the usual ranks).
        int rank = shape.Length;
        Span<int> sa = rank <= 16 ? stackalloc int[rank] : new int[rank];
        Span<int> sb = rank <= 16 ? stackalloc int[rank] : new int[rank];
        ShapeUtil.BroadcastStrides(aShape, shape, sa);
        ShapeUtil.BroadcastStrides(bShape, shape, sb);
        Span<(int Size, int A, int B)> dims = rank <= 16 ? stackalloc (int, int, int)[rank] : new (int, int, int)[rank];
        int dimCount = 0;
        for (int i = 0; i < rank; i++)
        {
            if (shape[i] == 1) { continue; }
            if (dimCount > 0)
            {
                var last = dims[dimCount - 1];
                if (last.A == sa[i] * shape[i] && last.B == sb[i] * shape[i])
                {
                    dims[dimCount - 1] = (last.Size * shape[i], sa[i], sb[i]);
                    continue;
                }
            }
            dims[dimCount++] = (shape[i], sa[i], sb[i]);
        }
        var inner = dims[dimCount - 1];
        int outerRank = dimCount - 1;
        Span<int> counter = rank <= 16 ? stackalloc int[Math.Max(outerRank, 1)] : new int[Math.Max(outerRank, 1)];
        int outerCount = d.Length / inner.Size;
        int ia = 0, ib = 0;
        for (int o = 0; o < outerCount; o++)
        {
            var dst = d.Slice(o * inner.Size, inner.Size);
            if (inner.A == 1 && inner.B == 1) { TK.Run(a.Slice(ia, inner.Size), b.Slice(ib, inner.Size), dst); }
            else if (inner.A == 1) { TK.Run(a.Slice(ia, inner.Size), b[ib], dst); }
            else if (inner.B == 1) { TK.Run(a[ia], b.Slice(ib, inner.Size), dst); }
            else { TK.Run(a.Slice(ia, 1), b[ib], dst.Slice(0, 1)); dst.Fill(dst[0]); }

            for (int k = outerRank - 1; k >= 0; k--)
            {
                counter[k]++;
                ia += dims[k].A;
                ib += dims[k].B;
                if (counter[k] < dims[k].Size) { break; }
                ia -= dims[k].A * dims[k].Size;
                ib -= dims[k].B * dims[k].Size;
                counter[k] = 0;
            }
        }
    }

    /// <summary>Applies a unary span map, producing a new tensor of the same shape.</summary>
    public static Tensor Map(Tensor x, SpanMap<float> f32, SpanMap<double> f64)
    {
        if (!x.DType.IsFloating())
        {
            throw new ArgumentException($"Arithmetic needs float32 or float64, not {x.DType}.");
        }
        var result = Tensor.Result(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32) { f32(x.F32, result.F32); }
        else { f64(x.F64, result.F64); }
        return result;
    }

    /// <summary>Index of the first NaN or Inf element, or -1.</summary>
    public static int FirstNonFinite(Tensor t)
    {
        switch (t.DType)
        {
            case DType.Float32:
                {
                    var s = t.F32;
                    for (int i = 0; i < s.Length; i++) { if (!float.IsFinite(s[i])) { return i; } }
                    return -1;
                }
            case DType.Float64:
                {
                    var s = t.F64;
                    for (int i = 0; i < s.Length; i++) { if (!double.IsFinite(s[i])) { return i; } }
                    return -1;
                }
            default:
                return -1;
        }
    }
}

/// <summary>A unary span-in, span-out kernel.</summary>
internal delegate void SpanMap<T>(ReadOnlySpan<T> x, Span<T> y);
