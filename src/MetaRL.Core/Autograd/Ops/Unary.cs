using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>eˣ.</summary>
    public static Tensor Exp(Tensor x) =>
        Unary(x, "exp", static (s, d) => TensorPrimitives.Exp(s, d), static (s, d) => TensorPrimitives.Exp(s, d), static (g, _, y) => Mul(g, y));

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) =>
        Unary(x, "log", static (s, d) => TensorPrimitives.Log(s, d), static (s, d) => TensorPrimitives.Log(s, d), static (g, x, _) => Div(g, x));

    /// <summary>Square root.</summary>
    public static Tensor Sqrt(Tensor x) =>
        Unary(x, "sqrt", static (s, d) => TensorPrimitives.Sqrt(s, d), static (s, d) => TensorPrimitives.Sqrt(s, d), static (g, _, y) => Div(g, MulScalar(y, 2)));

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) =>
        Unary(x, "tanh", static (s, d) => TensorPrimitives.Tanh(s, d), static (s, d) => TensorPrimitives.Tanh(s, d), static (g, _, y) => TanhBackward(g, y));

    /// <summary>Logistic sigmoid 1/(1+e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor x) =>
        Unary(x, "sigmoid", static (s, d) => TensorPrimitives.Sigmoid(s, d), static (s, d) => TensorPrimitives.Sigmoid(s, d), static (g, _, y) => Mul(g, Mul(y, RSubScalar(1, y))));

    /// <summary>max(x, 0).</summary>
    public static Tensor Relu(Tensor x) =>
        Unary(x, "relu", static (s, d) => TensorPrimitives.Max(s, 0f, d), static (s, d) => TensorPrimitives.Max(s, 0.0, d), static (g, x, _) => Mul(g, Mask(x, static v => v > 0)));

    /// <summary>log(1+eˣ), computed stably as max(x,0) + log1p(e^−|x|).</summary>
    public static Tensor Softplus(Tensor x) => Unary(
        x,
        "softplus",
        static (s, d) => { for (int i = 0; i < s.Length; i++) { d[i] = (float)(Math.Max(s[i], 0) + Log1P(Math.Exp(-Math.Abs(s[i])))); } },
        static (s, d) => { for (int i = 0; i < s.Length; i++) { d[i] = Math.Max(s[i], 0) + Log1P(Math.Exp(-Math.Abs(s[i]))); } },
        static (g, x, _) => Mul(g, Sigmoid(x)));

    /// <summary>
    /// An elementwise function y = f(x) (one span map per float type) as a graph node whose gradient is
    /// <paramref name="backward"/>(upstream gradient, x, y); unrecorded outputs are checked for non-finite values by name.
    /// </summary>
    private static Tensor Unary(Tensor x, string op, SpanMap<float> f32, SpanMap<double> f64, Func<Tensor, Tensor, Tensor, Tensor> backward)
    {
        var y = Elementwise.Map(x, f32, f64);
        if (!ShouldRecord(x)) { return Checked(y, op); }
        return Record(y, op, [x], static (n, g) => [((Func<Tensor, Tensor, Tensor, Tensor>)n.Aux!)(g, n.Inputs[0], n.Saved!)], saved: y, aux: backward);
    }

    /// <summary>log(1+u), accurate for tiny u (Goldberg's correction; <c>Math.Log(1 + u)</c> returns 0 below 1e-16).</summary>
    internal static double Log1P(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }

    /// <summary>|x| (gradient sign(x), 0 at 0).</summary>
    public static Tensor Abs(Tensor x) =>
        Unary(x, "abs", static (s, d) => TensorPrimitives.Abs(s, d), static (s, d) => TensorPrimitives.Abs(s, d), static (g, x, _) => Mul(g, Sign(x)));

    /// <summary>Clamps into [min, max]; the gradient passes where the input was inside the range.</summary>
    public static Tensor Clamp(Tensor x, double min, double max)
    {
        if (min > max) { throw new ArgumentException($"Clamp needs min ≤ max, got {min} > {max}."); }
        var y = Tensor.Result(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32) { TensorPrimitives.Clamp(x.F32, (float)min, (float)max, y.F32); }
        else { TensorPrimitives.Clamp(x.F64, min, max, y.F64); }
        if (!ShouldRecord(x)) { return Checked(y, "clamp"); }
        return Record(y, "clamp", [x], static (n, g) => [Mul(g, InRange(n.Inputs[0], n.Scalar, (double)n.Aux!))], scalar: min, aux: max);
    }

    /// <summary>The constant 0/1 mask of min ≤ x ≤ max (<see cref="Clamp"/>'s gradient passes there).</summary>
    private static Tensor InRange(Tensor x, double min, double max)
    {
        var m = Tensor.Result(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32)
        {
            var s = x.F32; var d = m.F32;
            for (int i = 0; i < s.Length; i++) { d[i] = s[i] >= min && s[i] <= max ? 1f : 0f; }
        }
        else
        {
            var s = x.F64; var d = m.F64;
            for (int i = 0; i < s.Length; i++) { d[i] = s[i] >= min && s[i] <= max ? 1.0 : 0.0; }
        }
        return m;
    }

    /// <summary>sign(x) ∈ {−1, 0, 1}; not differentiable (no graph).</summary>
    public static Tensor Sign(Tensor x) => Elementwise.Map(
        x,
        static (s, d) => { for (int i = 0; i < s.Length; i++) { d[i] = MathF.Sign(s[i]); } },
        static (s, d) => { for (int i = 0; i < s.Length; i++) { d[i] = Math.Sign(s[i]); } });

    /// <summary>A constant 0/1 tensor where the predicate holds.</summary>
    public static Tensor Mask(Tensor x, Func<double, bool> predicate)
    {
        var m = Tensor.Result(x.ShapeRef, x.DType);
        if (x.DType == DType.Float32)
        {
            var s = x.F32; var d = m.F32;
            for (int i = 0; i < s.Length; i++) { d[i] = predicate(s[i]) ? 1f : 0f; }
        }
        else
        {
            var s = x.F64; var d = m.F64;
            for (int i = 0; i < s.Length; i++) { d[i] = predicate(s[i]) ? 1.0 : 0.0; }
        }
        return m;
    }
}
