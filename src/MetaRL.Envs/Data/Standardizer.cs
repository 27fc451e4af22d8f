namespace MetaRL.Envs;

/// <summary>
/// Per-column standardisation z = (x − mean) / std fitted on the rows it is given (a training fold) and nothing else,
/// so the rows of a test fold never move the statistics they are scaled with. Missing values (NaN) are left out of the
/// statistics and imputed by the mean (z = 0); a constant column is centred, not scaled (std counts as 1).
/// </summary>
public sealed class Standardizer
{
    private Standardizer(double[] mean, double[] std) => (Mean, Std) = (mean, std);

    /// <summary>Per column, the mean of the fitted rows.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per column, the population standard deviation (ddof 0, as scikit-learn's StandardScaler) of the fitted rows.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>Fits the statistics on the listed rows of <paramref name="data"/> only.</summary>
    public static Standardizer Fit(TabularData data, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        int d = data.Columns;
        var mean = new double[d];
        var std = new double[d];
        for (int c = 0; c < d; c++)
        {
            double sum = 0, sq = 0;
            int n = 0;
            foreach (int r in rows)
            {
                double v = data.Row(r)[c];
                if (double.IsNaN(v)) { continue; }
                sum += v;
                n++;
            }
            mean[c] = n > 0 ? sum / n : 0;
            foreach (int r in rows)
            {
                double v = data.Row(r)[c];
                if (!double.IsNaN(v)) { sq += (v - mean[c]) * (v - mean[c]); }
            }
            double s = n > 0 ? Math.Sqrt(sq / n) : 0;
            std[c] = s > 1e-12 * Math.Max(1, Math.Abs(mean[c])) ? s : 1;
        }
        return new Standardizer(mean, std);
    }

    /// <summary>Writes row <paramref name="row"/> of <paramref name="data"/> standardised into <paramref name="destination"/>.</summary>
    public void Transform(TabularData data, int row, Span<double> destination)
    {
        var x = data.Row(row);
        for (int c = 0; c < x.Length; c++) { destination[c] = double.IsNaN(x[c]) ? 0 : (x[c] - Mean[c]) / Std[c]; }
    }

    /// <summary>The listed rows standardised, row-major [rows.Count, columns].</summary>
    public double[] Transform(TabularData data, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(data);
        var z = new double[rows.Count * data.Columns];
        for (int i = 0; i < rows.Count; i++) { Transform(data, rows[i], z.AsSpan(i * data.Columns, data.Columns)); }
        return z;
    }
}
