using System.Diagnostics;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Off-policy evaluation of a target policy from logged bandit feedback (<c>metarl ope</c>): the estimators of Open
/// Bandit Pipeline (Saito et al. 2021; <see cref="OpeEstimator"/>) on a <see cref="BanditLog"/>, each with a seeded
/// bootstrap 95% interval (<see cref="OpeBootstrap"/>). When an estimator needs q̂ and the log has none, q̂ is fitted on
/// the log's contexts (<see cref="RewardModel"/>).
/// </summary>
public static class OffPolicyEvaluation
{
    /// <exception cref="BanditLogFormatException">An estimator needs q̂ and the log has neither q̂ nor contexts.</exception>
    public static OpeReport Evaluate(BanditLog log, OpeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= new OpeOptions();
        if (options.Estimators.Count == 0) { throw new ArgumentException("no estimator to run"); }
        ArgumentOutOfRangeException.ThrowIfNegative(options.BootstrapSamples);
        var clock = Stopwatch.StartNew();
        bool fitted = false;
        if (log.QHat is null && options.Estimators.Any(e => e.NeedsRewardModel))
        {
            if (log.Context is null)
            {
                var needing = string.Join(", ", options.Estimators.Where(e => e.NeedsRewardModel).Select(e => e.Name));
                if (log.EmptyContextLine > 0)
                {
                    throw new BanditLogFormatException($"line {log.EmptyContextLine}: context is an empty array, so there is nothing to fit q_hat on, and {needing} need q_hat; give q_hat in the log or contexts with values (ipw and snipw need neither)")
                    { Line = log.EmptyContextLine };
                }
                throw new BanditLogFormatException($"{needing} need q_hat, and the log has neither q_hat nor context to fit a reward model on; ipw and snipw need neither");
            }
            log = log.WithQHat(RewardModel.Fit(log, options.RewardModel));
            fitted = true;
        }
        double fitSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var roundRewards = RoundRewards(log, options.Estimators);
        var values = roundRewards.Select(r => OpeKernels.Mean(r)).ToArray();
        double estimateSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var intervals = options.BootstrapSamples > 0
            ? OpeBootstrap.Intervals(roundRewards, options.BootstrapSamples, options.Seed)
            : [.. values.Select(_ => (double.NaN, double.NaN))];
        double bootstrapSeconds = clock.Elapsed.TotalSeconds;
        var rows = options.Estimators.Select((e, k) => new OpeEstimate(e, values[k], intervals[k].Item1, intervals[k].Item2, log.Rows)).ToArray();
        return new OpeReport(rows, fitted, fitSeconds, estimateSeconds, bootstrapSeconds);
    }

    /// <summary>Each estimator's round rewards on <paramref name="log"/> (which must hold q̂ where an estimator needs it).</summary>
    public static double[][] RoundRewards(BanditLog log, IReadOnlyList<OpeEstimator> estimators)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(estimators);
        int n = log.Rows;
        var weights = new double[n];
        var reward = new double[n];
        OpeKernels.ImportanceWeights(log.Target, log.Actions, log.Action, log.Pscore, weights);
        for (int i = 0; i < n; i++) { reward[i] = log.Reward[i]; }
        double[] policyAverage = [], factual = [];
        if (estimators.Any(e => e.NeedsRewardModel))
        {
            var qHat = log.QHat ?? throw new ArgumentException("the log has no q_hat", nameof(log));
            policyAverage = new double[n];
            factual = new double[n];
            OpeKernels.PolicyAverage(log.Target, qHat, log.Actions, policyAverage);
            OpeKernels.Factual(qHat, log.Actions, log.Action, factual);
        }
        return [.. estimators.Select(e =>
        {
            var dest = new double[n];
            OpeKernels.RoundRewards(e, weights, reward, policyAverage, factual, dest);
            return dest;
        })];
    }
}
