using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

/// <summary>Runs an optimizer on float64 parameters with gradients given by hand, step by step.</summary>
internal static class OptimTestSupport
{
    public static Tensor Param(params double[] values) => Tensor.FromArray(values, values.Length);

    /// <summary>Sets each step's gradient and steps; returns the parameter values afterwards.</summary>
    public static double[] Run(MetaRL.Optim.Optimizer optimizer, Tensor p, params double[][] grads)
    {
        foreach (var g in grads)
        {
            p.Grad = Tensor.FromArray((double[])g.Clone(), g.Length);
            optimizer.Step();
        }
        return p.ToDoubleArray();
    }

    public static void Close(double[] expected, double[] actual, double tol = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
