using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

/// <summary>Differentiable tensor operations. Every backward is written with these same ops, so the
/// backward pass can be recorded and differentiated again.</summary>
public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        var y = Elementwise.Binary<AddKernel>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, "add"); }
        return Record(y, "add", [a, b], static (n, g) => [SumTo(g, n.Inputs[0].Shape), SumTo(g, n.Inputs[1].Shape)]);
    }

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Sub(Tensor a, Tensor b)
    {
        var y = Elementwise.Binary<SubKernel>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, "sub"); }
        return Record(y, "sub", [a, b], static (n, g) => [SumTo(g, n.Inputs[0].Shape), SumTo(Neg(g), n.Inputs[1].Shape)]);
    }

    /// <summary>a · b elementwise with broadcasting.</summary>
    public static Tensor Mul(Tensor a, Tensor b)
    {
        var y = Elementwise.Binary<MulKernel>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, "mul"); }
        return Record(y, "mul", [a, b], static (n, g) =>
        {
            Tensor a = n.Inputs[0], b = n.Inputs[1];
            return [a.RequiresGrad ? SumTo(Mul(g, b), a.Shape) : null, b.RequiresGrad ? SumTo(Mul(g, a), b.Shape) : null];
        });
    }

    /// <summary>a / b elementwise with broadcasting.</summary>
    public static Tensor Div(Tensor a, Tensor b)
    {
        var y = Elementwise.Binary<DivKernel>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, "div"); }
        return Record(y, "div", [a, b], g => [
            a.RequiresGrad ? SumTo(Div(g, b), a.Shape) : null,
            b.RequiresGrad ? SumTo(Neg(Div(Mul(g, a), Mul(b, b))), b.Shape) : null]);
    }

    /// <summary>−x.</summary>
    public static Tensor Neg(Tensor x) => MulScalar(x, -1.0);

    /// <summary>x + s for a scalar s.</summary>
    public static Tensor AddScalar(Tensor x, double s)
    {
        var y = Scalar<AddKernel>(x, s, scalarFirst: false);
        if (!ShouldRecord(x)) { return Checked(y, "add_scalar"); }
        return Record(y, "add_scalar", [x], g => [g]);
    }

    /// <summary>x · s for a scalar s.</summary>
    public static Tensor MulScalar(Tensor x, double s)
    {
        var y = Scalar<MulKernel>(x, s, scalarFirst: false);
        if (!ShouldRecord(x)) { return Checked(y, "mul_scalar"); }
        return Record(y, "mul_scalar", [x], static (n, g) => [MulScalar(g, n.Scalar)], scalar: s);
    }

    /// <summary>s − x for a scalar s.</summary>
    public static Tensor RSubScalar(double s, Tensor x)
    {
        var y = Scalar<SubKernel>(x, s, scalarFirst: true);
        if (!ShouldRecord(x)) { return Checked(y, "rsub_scalar"); }
        return Record(y, "rsub_scalar", [x], g => [Neg(g)]);
    }

    /// <summary>s / x for a scalar s.</summary>
    public static Tensor RDivScalar(double s, Tensor x)
    {
        var y = Scalar<DivKernel>(x, s, scalarFirst: true);
        if (!ShouldRecord(x)) { return Checked(y, "rdiv_scalar"); }
        return Record(y, "rdiv_scalar", [x], g => [Neg(Div(Mul(g, y), x))]);
    }

    internal static Tensor Scalar<TK>(Tensor x, double s, bool scalarFirst)
        where TK : IBinaryKernel
    {
        if (!x.DType.IsFloating()) { throw new ArgumentException($"Arithmetic needs float32 or float64, not {x.DType}."); }
        var y = Tensor.Result(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32)
        {
            if (scalarFirst) { TK.Run((float)s, x.F32, y.F32); } else { TK.Run(x.F32, (float)s, y.F32); }
        }
        else
        {
            if (scalarFirst) { TK.Run(s, x.F64, y.F64); } else { TK.Run(x.F64, s, y.F64); }
        }
        return y;
    }
}
