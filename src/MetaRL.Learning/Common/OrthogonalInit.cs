using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// Orthogonal initialisation (Saxe et al., 2014, "Exact solutions to the nonlinear dynamics of learning in
/// deep linear neural networks"), as CleanRL's <c>layer_init</c> uses it: W = gain·Q with Q from the QR
/// decomposition of a standard-normal matrix (signs fixed by R's diagonal), and a constant bias.
/// </summary>
public static class OrthogonalInit
{
    /// <summary>Re-initialises a linear layer in place.</summary>
    public static void Apply(Linear layer, double gain, Rng rng, double bias = 0.0)
    {
        var q = Orthogonal(layer.OutFeatures, layer.InFeatures, gain, rng);
        var w = layer.Weight;
        for (int i = 0; i < q.Length; i++)
        {
            if (w.DType == DType.Float32) { w.F32[i] = (float)q[i]; } else { w.F64[i] = q[i]; }
        }
        if (layer.Bias is { } b)
        {
            if (b.DType == DType.Float32) { b.F32.Fill((float)bias); } else { b.F64.Fill(bias); }
        }
    }

    /// <summary>A rows×cols matrix (row-major) with orthonormal rows or columns, whichever are fewer, times gain.</summary>
    public static double[] Orthogonal(int rows, int cols, double gain, Rng rng)
    {
        // Orthonormalise the columns of a tall n×k Gaussian matrix (n ≥ k) by modified Gram–Schmidt, which
        // equals QR with R's diagonal made positive; transpose when the matrix is wide.
        bool wide = rows < cols;
        int n = wide ? cols : rows, k = wide ? rows : cols;
        var a = new double[n * k];
        for (int i = 0; i < a.Length; i++) { a[i] = rng.Normal(); }
        for (int j = 0; j < k; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) { dot += a[i * k + j] * a[i * k + p]; }
                for (int i = 0; i < n; i++) { a[i * k + j] -= dot * a[i * k + p]; }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) { norm += a[i * k + j] * a[i * k + j]; }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) { a[i * k + j] /= norm; }
        }
        var result = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[r * cols + c] = gain * (wide ? a[c * k + r] : a[r * k + c]);
            }
        }
        return result;
    }
}
