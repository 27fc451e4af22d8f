using MetaRL.Random;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

/// <summary>OBP's estimators written out plainly, one loop per estimator straight from the formulas, to check the kernels against.</summary>
internal static class OpeReference
{
    public static double Value(BanditLog log, string name, double lambda)
    {
        int n = log.Rows, k = log.Actions;
        double[] w = new double[n], dm = new double[n], qa = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = log.Target[i * k + log.Action[i]] / (double)log.Pscore[i];
            if (log.QHat is null) { continue; }
            for (int a = 0; a < k; a++) { dm[i] += log.Target[i * k + a] * (double)log.QHat[i * k + a]; }
            qa[i] = log.QHat[i * k + log.Action[i]];
        }
        double meanW = w.Average();
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double r = log.Reward[i];
            sum += name switch
            {
                "ipw" => Math.Min(w[i], lambda) * r,
                "snipw" => w[i] * r / meanW,
                "dm" => dm[i],
                "dr" => dm[i] + Math.Min(w[i], lambda) * (r - qa[i]),
                "sndr" => dm[i] + w[i] / meanW * (r - qa[i]),
                "switch-dr" => dm[i] + (w[i] <= lambda ? 1 : 0) * w[i] * (r - qa[i]),
                "dr-os" => dm[i] + (double.IsPositiveInfinity(lambda) ? w[i] : lambda == 0 ? 0 : lambda * w[i] / (w[i] * w[i] + lambda)) * (r - qa[i]),
                _ => throw new ArgumentException(name),
            };
        }
        return sum / n;
    }

    /// <summary>A random log: <paramref name="n"/> rows, <paramref name="k"/> actions, Dirichlet-ish behaviour and target, q̂ in [0, 1].</summary>
    public static BanditLog RandomLog(int n, int k, ulong seed, bool binary = true)
    {
        var rng = new Rng(seed);
        var action = new int[n];
        var reward = new float[n];
        var pscore = new float[n];
        var target = new float[n * k];
        var qHat = new float[n * k];
        var behaviour = new double[k];
        for (int i = 0; i < n; i++)
        {
            double bs = 0, ts = 0;
            for (int a = 0; a < k; a++) { behaviour[a] = 0.05 + rng.NextDouble(); bs += behaviour[a]; }
            for (int a = 0; a < k; a++) { target[i * k + a] = (float)rng.NextDouble(); ts += target[i * k + a]; }
            for (int a = 0; a < k; a++) { target[i * k + a] = (float)(target[i * k + a] / ts); qHat[i * k + a] = rng.NextFloat(); }
            action[i] = rng.NextInt(k);
            pscore[i] = (float)(behaviour[action[i]] / bs);
            reward[i] = binary ? (rng.NextDouble() < 0.4 ? 1 : 0) : (float)rng.Normal(1, 2);
        }
        return new BanditLog(k, action, reward, pscore, target, qHat: qHat);
    }
}
