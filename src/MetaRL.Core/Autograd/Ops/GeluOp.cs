using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// The exact (erf) GELU, x·Φ(x), as torch.nn.GELU() with its default approximate='none' (Hendrycks and Gimpel,
    /// 2016); see <see cref="Kernels.Gelu"/> for the float32 erf. The backward is one fused pass; under
    /// <c>createGraph</c> it is g·<see cref="GeluDerivative"/>(x), itself differentiable, so higher orders stay exact.
    /// </summary>
    public static Tensor Gelu(Tensor x)
    {
        if (!x.DType.IsFloating()) { throw new ArgumentException($"GELU needs a floating tensor, not {x.DType}."); }
        var y = Uninitialized(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32) { Kernels.Gelu.Forward(x.F32, y.F32); }
        else { Kernels.Gelu.Forward(x.F64, y.F64); }
        if (!ShouldRecord(x)) { return Checked(y, "gelu"); }
        return Record(y, "gelu", [x], g =>
        {
            if (IsGradEnabled) { return [Mul(g, GeluDerivative(x))]; }
            var dx = Uninitialized(x.ShapeRef, x.DType);
            if (x.DType == DType.Float32) { Kernels.Gelu.Backward(g.F32, x.F32, dx.F32); }
            else { Kernels.Gelu.Backward(g.F64, x.F64, dx.F64); }
            return [dx];
        });
    }

    /// <summary>gelu′(x) = Φ(x) + x·φ(x); its own derivative, φ(x)·(2 − x²), is composed of ops.</summary>
    internal static Tensor GeluDerivative(Tensor x)
    {
        var y = Uninitialized(x.ShapeRef, x.DType);
        var ones = Tensor.Ones(x.Shape, x.DType);
        if (x.DType == DType.Float32) { Kernels.Gelu.Backward(ones.F32, x.F32, y.F32); }
        else { Kernels.Gelu.Backward(ones.F64, x.F64, y.F64); }
        if (!ShouldRecord(x)) { return Checked(y, "gelu_derivative"); }
        return Record(y, "gelu_derivative", [x], g =>
        {
            var density = MulScalar(Exp(MulScalar(Mul(x, x), -0.5)), 1 / Math.Sqrt(2 * Math.PI));
            return [Mul(g, Mul(density, RSubScalar(2, Mul(x, x))))];
        });
    }
}
