using MetaRL.Kernels;
using MetaRL.Random;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>The matrix–vector kernels of the KV-cached step against plain loops, over awkward sizes.</summary>
public sealed class GemvTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 8)]
    [InlineData(13, 33)]
    [InlineData(17, 70)]
    [InlineData(128, 512)]
    public void Rows_and_weighted_rows_match_plain_loops(int rows, int cols)
    {
        var rng = new Rng(rows * 100 + cols);
        float[] Rand(int n) => Enumerable.Range(0, n).Select(_ => rng.NextFloat() - 0.5f).ToArray();
        float[] w = Rand(rows * cols), x = Rand(cols), b = Rand(rows), p = Rand(rows);
        var y = new float[rows];
        Gemv.Rows(w, x, b, y);
        for (int o = 0; o < rows; o++)
        {
            double s = b[o];
            for (int i = 0; i < cols; i++) { s += w[o * cols + i] * (double)x[i]; }
            Assert.True(Math.Abs(s - y[o]) < 1e-5, $"row {o}: {s} vs {y[o]}");
        }
        var mix = new float[cols];
        Gemv.WeightedRows(w, p, mix);
        for (int c = 0; c < cols; c++)
        {
            double s = 0;
            for (int j = 0; j < rows; j++) { s += p[j] * (double)w[j * cols + c]; }
            Assert.True(Math.Abs(s - mix[c]) < 1e-5, $"column {c}: {s} vs {mix[c]}");
        }
        // The strided form reads the first cols − 1 entries of each row (rows of a wider matrix).
        var narrow = new float[Math.Max(1, cols - 1)];
        Gemv.WeightedRows(w, cols, p, narrow);
        for (int c = 0; c < narrow.Length; c++) { Assert.True(Math.Abs(mix[c] - narrow[c]) < 1e-6, $"strided column {c}"); }
    }
}
