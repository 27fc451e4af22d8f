using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout (Srivastava et al., 2014) as torch.nn.functional.dropout in training: each element is zeroed
    /// with probability <paramref name="p"/> (one uniform draw from <paramref name="rng"/> per element, in row-major
    /// order) and the survivors are scaled by 1/(1 − p), so the expectation is unchanged. p = 0 returns x itself; p = 1
    /// returns zeros. The gradient is g times the same mask.
    /// </summary>
    public static Tensor Dropout(Tensor x, double p, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p <= 1)) { throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1]."); }
        if (p == 0) { return x; }
        if (!x.DType.IsFloating()) { throw new ArgumentException($"Dropout needs a floating tensor, not {x.DType}."); }
        var mask = Uninitialized(x.ShapeRef, x.DType);
        double keep = p == 1 ? 0 : 1 / (1 - p);
        if (x.DType == DType.Float32)
        {
            var m = mask.F32;
            float pf = (float)p, kf = (float)keep;
            for (int i = 0; i < m.Length; i++) { m[i] = rng.NextFloat() < pf ? 0f : kf; }
        }
        else
        {
            var m = mask.F64;
            for (int i = 0; i < m.Length; i++) { m[i] = rng.NextDouble() < p ? 0.0 : keep; }
        }
        return Mul(x, mask);
    }
}
