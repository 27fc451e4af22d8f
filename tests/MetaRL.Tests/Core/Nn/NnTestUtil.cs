using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Nn;

/// <summary>Small helpers for the module tests: writing literal values into parameters, comparing arrays.</summary>
internal static class NnTestUtil
{
    public static void Set(Tensor t, params double[] values)
    {
        Assert.Equal(t.Numel, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (t.DType == DType.Float32) { t.F32[i] = (float)values[i]; } else { t.F64[i] = values[i]; }
        }
    }

    public static void Close(double[] expected, Tensor actual, double tol, string what = "value")
    {
        Assert.Equal(expected.Length, actual.Numel);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"{what}[{i}]: expected {expected[i]}, got {actual[i]}.");
        }
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(a.Numel, b.Numel);
        double m = 0;
        for (int i = 0; i < a.Numel; i++) { m = Math.Max(m, Math.Abs(a[i] - b[i])); }
        return m;
    }

    /// <summary>Detached float64 copies of a module's parameters with gradients on, for Functional.Call.</summary>
    public static Tensor[] Float64Copies(MetaRL.Nn.Module module) =>
        module.Parameters().Select(p => p.Detach().To(DType.Float64)).ToArray();

    public static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
