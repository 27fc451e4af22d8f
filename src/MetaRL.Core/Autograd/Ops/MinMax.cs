using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>Elementwise maximum with broadcasting; ties send the gradient to <paramref name="a"/>.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Extremum<MaxKernel>(a, b, "maximum", maskFromB: false);

    /// <summary>Elementwise minimum with broadcasting; ties send the gradient to <paramref name="a"/>.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Extremum<MinKernel>(a, b, "minimum", maskFromB: true);

    /// <summary>
    /// Maximum or minimum by <typeparamref name="TK"/>: the gradient goes to <paramref name="a"/> where a ≥ b (or,
    /// with <paramref name="maskFromB"/>, where b ≥ a; so ties go to <paramref name="a"/>), to <paramref name="b"/> elsewhere.
    /// </summary>
    private static Tensor Extremum<TK>(Tensor a, Tensor b, string name, bool maskFromB)
        where TK : IBinaryKernel
    {
        var y = Elementwise.Binary<TK>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, name); }
        return Record(y, name, [a, b], static (n, g) =>
        {
            Tensor a = n.Inputs[0], b = n.Inputs[1];
            var m = n.Scalar != 0 ? Elementwise.Binary<GreaterEqualKernel>(b, a) : Elementwise.Binary<GreaterEqualKernel>(a, b);
            return [SumTo(Mul(g, m), a.Shape), SumTo(Mul(g, RSubScalar(1, m)), b.Shape)];
        }, scalar: maskFromB ? 1 : 0);
    }

    /// <summary>Selects <paramref name="a"/> where <paramref name="condition"/> is non-zero, else <paramref name="b"/>
    /// (all three broadcast together; the condition is a constant).</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        if (a.DType != b.DType) { throw new ArgumentException($"dtype mismatch: {a.DType} and {b.DType}."); }
        if (!a.DType.IsFloating()) { throw new ArgumentException($"Where needs float32 or float64 values, not {a.DType}."); }
        var shape = ShapeUtil.Broadcast(ShapeUtil.Broadcast(condition.Shape, a.Shape), b.Shape);
        Tensor c, av, bv;
        using (Autograd.Autograd.NoGrad())
        {
            c = BroadcastTo(condition.DType == a.DType ? condition : condition.To(a.DType), shape);
            av = BroadcastTo(a, shape);
            bv = BroadcastTo(b, shape);
        }
        var y = Tensor.Result(shape, a.DType);
        if (a.DType == DType.Float32) { WhereRun<float>(c.F32, av.F32, bv.F32, y.F32); }
        else { WhereRun<double>(c.F64, av.F64, bv.F64, y.F64); }
        if (!ShouldRecord(a, b)) { return Checked(y, "where"); }
        var mask = Mask(c, static v => v != 0);
        return Record(y, "where", [a, b], g => [SumTo(Mul(g, mask), a.Shape), SumTo(Mul(g, RSubScalar(1, mask)), b.Shape)]);
    }

    private static void WhereRun<T>(ReadOnlySpan<T> c, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < y.Length; i++) { y[i] = T.IsZero(c[i]) ? b[i] : a[i]; }
    }
}
