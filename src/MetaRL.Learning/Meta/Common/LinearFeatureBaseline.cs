namespace MetaRL.Learning.Meta;

/// <summary>
/// rllab's linear feature baseline (Duan et al. 2016, "Benchmarking deep RL"; used by MAML): a ridge
/// regression of the discounted reward-to-go on the features [o, o², t/100, (t/100)², (t/100)³, 1]
/// (observations clipped to ±10), fitted afresh on each batch. The ridge coefficient starts at 1e-5 and
/// grows tenfold while the normal equations are not positive definite.
/// </summary>
public static class LinearFeatureBaseline
{
    /// <summary>Fits on <paramref name="targets"/> and returns the fitted values for every step.</summary>
    public static double[] FitPredict(TrajectoryBatch batch, double[] targets)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(targets);
        int n = batch.Steps, d = batch.ObservationSize, f = 2 * d + 4;
        var x = new double[n * f];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * f, f);
            for (int j = 0; j < d; j++)
            {
                double o = Math.Clamp(batch.Observations[i * d + j], -10, 10);
                row[j] = o;
                row[d + j] = o * o;
            }
            double t = batch.TimeSteps[i] / 100.0;
            row[2 * d] = t;
            row[2 * d + 1] = t * t;
            row[2 * d + 2] = t * t * t;
            row[2 * d + 3] = 1;
        }
        var xtx = new double[f * f];
        var xty = new double[f];
        for (int i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * f, f);
            for (int a = 0; a < f; a++)
            {
                xty[a] += row[a] * targets[i];
                for (int b = 0; b <= a; b++) { xtx[a * f + b] += row[a] * row[b]; }
            }
        }
        double[]? w = null;
        for (double reg = 1e-5; w is null && reg < 1e6; reg *= 10) { w = MetaRL.Statistics.Cholesky.Solve(xtx, xty, f, reg); }
        w ??= new double[f];
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int a = 0; a < f; a++) { s += x[i * f + a] * w[a]; }
            result[i] = s;
        }
        return result;
    }
}
