namespace MetaRL.Learning.Explain;

/// <summary>
/// Integrated gradients of a differentiable F: attribution_i = (x_i − b_i) · ∫₀¹ ∂F/∂x_i(b + α(x − b)) dα. The integral is
/// taken by m-point Gauss–Legendre quadrature on [0, 1] (the paper's Riemann sum is one quadrature; Gauss–Legendre is
/// exact for polynomials of degree 2m − 1 and converges far faster on a smooth network), all m points evaluated as one
/// batch [m, d]; m doubles from <see cref="IntegratedGradientsOptions.InitialSteps"/> until Σ attributions is within the
/// tolerance of F(x) − F(b). For an F linear in its input every m gives w_i · (x_i − b_i) exactly.
/// </summary>
public static class IntegratedGradients
{
    /// <summary>Eight float32 roundings: a gap this small relative to |F| is rounding, not integration error.</summary>
    private const double Resolution = 8 * 1.1920929e-7;

    /// <summary>Attributes <c>F(input) − F(baseline)</c> to the input's features.</summary>
    /// <param name="f">Maps a batch of inputs [n, d] to outputs [n], differentiably.</param>
    /// <param name="input">The point explained (d values).</param>
    /// <param name="baseline">The reference point (d values).</param>
    /// <param name="options">The integration settings; null for the defaults.</param>
    public static Attribution Compute(Func<Tensor, Tensor> f, ReadOnlySpan<float> input, ReadOnlySpan<float> baseline, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        options ??= new IntegratedGradientsOptions();
        options.Validate();
        if (input.Length != baseline.Length) { throw new ArgumentException($"the baseline has {baseline.Length} values, the input {input.Length}"); }
        int d = input.Length;
        var x = input.ToArray();
        var b = baseline.ToArray();
        double fx, fb;
        using (Autograd.Autograd.NoGrad())
        {
            var ends = f(Tensor.FromArray([.. x, .. b], 2, d));
            fx = ends[0];
            fb = ends[1];
        }
        double delta = fx - fb;
        double[] attributions = [];
        double gap = double.PositiveInfinity;
        int steps = options.InitialSteps;
        for (; ; steps *= 2)
        {
            attributions = Quadrature(f, x, b, steps);
            gap = Math.Abs(attributions.Sum() - delta);
            // Below a few float32 roundings of F the difference F(x) − F(b) is itself not resolved, so more points cannot help.
            bool converged = gap <= options.Tolerance * Math.Abs(delta) || gap <= ResolutionOf(fx, fb);
            if (converged || steps * 2 > options.MaxSteps) { break; }
        }
        return new Attribution(attributions, fx, fb, steps, gap);
    }

    /// <summary>The attributions by <paramref name="steps"/>-point Gauss–Legendre quadrature on the straight path from b to x.</summary>
    private static double[] Quadrature(Func<Tensor, Tensor> f, float[] x, float[] b, int steps)
    {
        int d = x.Length;
        var (nodes, weights) = GaussLegendre(steps);
        var points = new float[steps * d];
        for (int k = 0; k < steps; k++)
        {
            for (int i = 0; i < d; i++) { points[k * d + i] = (float)(b[i] + nodes[k] * (x[i] - b[i])); }
        }
        var batch = Tensor.FromArray(points, steps, d);
        batch.RequiresGrad = true;
        // Returned, not accumulated: the model's parameters get no .Grad from an explanation.
        var grad = Autograd.Autograd.Grad(Ops.Sum(f(batch)), [batch], allowUnused: true)[0].F32;
        var result = new double[d];
        for (int i = 0; i < d; i++)
        {
            double sum = 0;
            for (int k = 0; k < steps; k++) { sum += weights[k] * grad[k * d + i]; }
            result[i] = (x[i] - b[i]) * sum;
        }
        return result;
    }

    /// <summary>The smallest difference of F resolved in float32 near F(x) and F(b): eight roundings of the larger.</summary>
    internal static double ResolutionOf(double atInput, double atBaseline) => Resolution * Math.Max(1, Math.Max(Math.Abs(atInput), Math.Abs(atBaseline)));

    /// <summary>Nodes and weights of m-point Gauss–Legendre quadrature mapped to [0, 1] (weights sum to 1): the roots of the
    /// Legendre polynomial P_m by Newton's method from Tricomi's estimates, weights 2 / ((1 − x²) P′_m(x)²).</summary>
    internal static (double[] Nodes, double[] Weights) GaussLegendre(int m)
    {
        var nodes = new double[m];
        var weights = new double[m];
        for (int i = 0; i < (m + 1) / 2; i++)
        {
            double z = Math.Cos(Math.PI * (i + 0.75) / (m + 0.5)), derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++)
            {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= m; k++) { (p0, p1) = (p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k); }
                derivative = m * (z * p1 - p0) / (z * z - 1);
                double step = p1 / derivative;
                z -= step;
                if (Math.Abs(step) < 1e-15) { break; }
            }
            double w = 1 / ((1 - z * z) * derivative * derivative);
            nodes[i] = (1 - z) / 2;
            nodes[m - 1 - i] = (1 + z) / 2;
            weights[i] = weights[m - 1 - i] = w;
        }
        return (nodes, weights);
    }
}

/// <summary>What <see cref="IntegratedGradients.Compute"/> found.</summary>
/// <param name="Values">One attribution per input feature.</param>
/// <param name="AtInput">F(input).</param>
/// <param name="AtBaseline">F(baseline).</param>
/// <param name="Steps">Quadrature points that gave <paramref name="Values"/>.</param>
/// <param name="Gap">|Σ attributions − (F(input) − F(baseline))|, the completeness check.</param>
public sealed record Attribution(IReadOnlyList<double> Values, double AtInput, double AtBaseline, int Steps, double Gap)
{
    /// <summary>The gap as a share of |F(input) − F(baseline)|, or of F's float32 resolution where the difference is
    /// smaller than that (so it stays finite when F(input) = F(baseline)).</summary>
    public double RelativeGap => Gap == 0 ? 0 : Gap / Math.Max(Math.Abs(AtInput - AtBaseline), IntegratedGradients.ResolutionOf(AtInput, AtBaseline));
}
