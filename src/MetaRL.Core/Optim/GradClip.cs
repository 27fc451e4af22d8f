namespace MetaRL.Optim;

/// <summary>
/// Gradient-norm clipping (Pascanu, Mikolov and Bengio, 2013, "On the difficulty of training recurrent
/// neural networks"), as PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> does it.
/// </summary>
public static class GradClip
{
    /// <summary>Added to the norm in the scale's denominator, as in PyTorch. <value>The value is 1e-6.</value></summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// Computes the global L2 norm ‖g‖ of all gradients (as if concatenated; parameters without a gradient are
    /// skipped) and, when <c>maxNorm / (‖g‖ + 1e-6) &lt; 1</c>, scales every gradient by that factor.
    /// The sum of squares is accumulated in float64. Gradients that share storage (autograd may hand the same
    /// buffer to several leaves) are copied first so that each is scaled exactly once.
    /// </summary>
    /// <returns>The total norm before clipping (NaN or ∞ when a gradient is not finite, which PyTorch also
    /// propagates into the scaled gradients).</returns>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(maxNorm >= 0)) { throw new ArgumentOutOfRangeException(nameof(maxNorm), "maxNorm must be ≥ 0"); }
        // Indexed, without a set: this runs once per update and allocates nothing (a storage seen before is one that an
        // earlier parameter's gradient, kept or not copied, still holds).
        var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToArray();
        double sumSq = 0;
        for (int i = 0; i < list.Count; i++)
        {
            var p = list[i];
            if (p.Grad is not { } g) { continue; }
            for (int j = 0; j < i; j++)
            {
                if (list[j].Grad is { } earlier && ReferenceEquals(earlier.Storage, g.Storage)) { p.Grad = g = g.Clone(); break; }
            }
            sumSq += SumOfSquares(g);
        }
        double norm = Math.Sqrt(sumSq);
        double coef = maxNorm / (norm + Epsilon);
        if (coef < 1 || double.IsNaN(coef))
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i].Grad is not { } g) { continue; }
                if (g.DType == DType.Float32) { TensorPrimitives.Multiply(g.F32, (float)coef, g.F32); }
                else { TensorPrimitives.Multiply(g.F64, coef, g.F64); }
            }
        }
        return norm;
    }

    private static double SumOfSquares(Tensor g)
    {
        double s = 0;
        if (g.DType == DType.Float32)
        {
            foreach (float v in g.F32) { s += (double)v * v; }
        }
        else
        {
            foreach (double v in g.F64) { s += v * v; }
        }
        return s;
    }
}
