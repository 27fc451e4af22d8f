namespace MetaRL.Tests.Core.Kernels;

/// <summary>Naive twins of <see cref="MetaRL.Kernels.Reduce"/>, softmax rows and permute: plain index loops
/// (sums accumulate in double, so they are the more accurate side of each comparison).</summary>
internal static class ReduceReference
{
    public static float[] Sum(float[] x, int outer, int size, int inner)
    {
        var d = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double s = 0;
                for (int k = 0; k < size; k++) { s += x[(o * size + k) * inner + i]; }
                d[o * inner + i] = (float)s;
            }
        }
        return d;
    }

    public static (float[] Values, int[] Indices) Max(float[] x, int outer, int size, int inner)
    {
        var d = new float[outer * inner];
        var arg = new int[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                for (int k = 1; k < size; k++)
                {
                    if (x[(o * size + k) * inner + i] > x[(o * size + best) * inner + i]) { best = k; }
                }
                d[o * inner + i] = x[(o * size + best) * inner + i];
                arg[o * inner + i] = best;
            }
        }
        return (d, arg);
    }

    /// <summary>Softmax (or log-softmax) of each row of length n, in double from the textbook formula.</summary>
    public static double[] SoftmaxRows(float[] x, int n, bool log)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / n; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < n; j++) { max = Math.Max(max, x[r * n + j]); }
            double z = 0;
            for (int j = 0; j < n; j++) { z += Math.Exp(x[r * n + j] - max); }
            for (int j = 0; j < n; j++)
            {
                double v = x[r * n + j] - max;
                y[r * n + j] = log ? v - Math.Log(z) : Math.Exp(v) / z;
            }
        }
        return y;
    }

    /// <summary>out[i₀,…] = x[…] with output axis k being input axis perm[k].</summary>
    public static float[] Permute(float[] x, int[] shape, int[] perm)
    {
        int rank = shape.Length;
        var outShape = perm.Select(p => shape[p]).ToArray();
        var y = new float[x.Length];
        var outIndex = new int[rank];
        var inIndex = new int[rank];
        for (int flat = 0; flat < y.Length; flat++)
        {
            int rem = flat;
            for (int k = rank - 1; k >= 0; k--) { outIndex[k] = rem % outShape[k]; rem /= outShape[k]; }
            for (int k = 0; k < rank; k++) { inIndex[perm[k]] = outIndex[k]; }
            int src = 0;
            for (int k = 0; k < rank; k++) { src = src * shape[k] + inIndex[k]; }
            y[flat] = x[src];
        }
        return y;
    }
}
