using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>x^p for a scalar exponent p.</summary>
    public static Tensor Pow(Tensor x, double p)
    {
        var y = Scalar<PowKernel>(x, p, scalarFirst: false);
        if (!ShouldRecord(x)) { return Checked(y, "pow"); }
        return Record(y, "pow", [x], g => [Mul(g, MulScalar(Pow(x, p - 1), p))]);
    }

    /// <summary>a^b elementwise with broadcasting (the gradient in b uses log a, so a should be positive).</summary>
    public static Tensor Pow(Tensor a, Tensor b)
    {
        var y = Elementwise.Binary<PowKernel>(a, b);
        if (!ShouldRecord(a, b)) { return Checked(y, "pow_tensor"); }
        return Record(y, "pow_tensor", [a, b], g => [
            a.RequiresGrad ? SumTo(Mul(g, Mul(b, Pow(a, AddScalar(b, -1)))), a.Shape) : null,
            b.RequiresGrad ? SumTo(Mul(g, Mul(y, Log(a))), b.Shape) : null]);
    }
}
