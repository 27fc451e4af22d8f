using MetaRL.Tensors;

namespace MetaRL.Tests.TestSupport;

/// <summary>
/// torch.autograd.gradcheck's test in float64: analytic gradients from the engine against central finite
/// differences, eps 1e-6, passing when |analytic − numeric| ≤ atol + rtol·|numeric| (atol 1e-5, rtol 1e-3).
/// The function's output is reduced with fixed random weights so every output element is exercised.
/// </summary>
internal static class GradCheck
{
    public const double Eps = 1e-6, Atol = 1e-5, Rtol = 1e-3;

    public static void Assert(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        foreach (var x in inputs)
        {
            Xunit.Assert.Equal(DType.Float64, x.DType);
            x.RequiresGrad = true;
            x.Grad = null;
        }
        var probe = f(inputs);
        var weights = Tensor.RandN(probe.Shape, new Random.Rng(99), DType.Float64);
        Tensor Scalarize(Tensor y) => Ops.Sum(Ops.Mul(y, weights));

        var analytic = Autograd.Autograd.Grad(Scalarize(f(inputs)), inputs, allowUnused: true);
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var data = x.F64;
            for (int i = 0; i < x.Numel; i++)
            {
                double saved = data[i];
                double plus, minus;
                using (Autograd.Autograd.NoGrad())
                {
                    data[i] = saved + Eps;
                    plus = Scalarize(f(inputs)).Item();
                    data[i] = saved - Eps;
                    minus = Scalarize(f(inputs)).Item();
                }
                data[i] = saved;
                double numeric = (plus - minus) / (2 * Eps);
                double a = analytic[k][i];
                if (Math.Abs(a - numeric) > Atol + Rtol * Math.Abs(numeric))
                {
                    Xunit.Assert.Fail($"Gradient mismatch for input {k} element {i}: analytic {a}, numeric {numeric}.");
                }
            }
        }
    }

    /// <summary>A float64 tensor of the given shape with entries uniform in [low, high).</summary>
    public static Tensor Rand(int seed, double low, double high, params int[] shape) =>
        Tensor.RandU(shape, new Random.Rng(seed), low, high, DType.Float64);
}
