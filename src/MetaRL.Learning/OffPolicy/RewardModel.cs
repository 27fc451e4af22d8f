namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Fits q̂(x, a) ≈ E[r | x, a] on a log's contexts, logged actions and rewards (<see cref="RewardModelOptions"/>) and
/// predicts it for every action of every row, with K-fold cross-fitting: rows are shuffled into K folds (seeded) and the
/// rows of a fold get the predictions of the model fitted on the others, so q̂ at a row never saw that row's reward.
/// Logistic regression for 0/1 rewards, ridge otherwise. An action with fewer than two training rows in a fold (per-action
/// features) predicts the training rows' mean reward.
/// </summary>
public static class RewardModel
{
    /// <summary>q̂ for every row and action, row-major Rows × Actions.</summary>
    /// <exception cref="BanditLogFormatException">The log has no contexts, or a logistic model meets rewards outside [0, 1].</exception>
    public static float[] Fit(BanditLog log, RewardModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        options ??= RewardModelOptions.Default;
        options.Validate();
        if (log.Context is null) { throw new BanditLogFormatException("the log has no context to fit a reward model on (and no q_hat)"); }
        bool logistic = options.Kind switch { RewardModelOptions.Logistic => true, RewardModelOptions.Ridge => false, _ => log.HasBinaryRewards };
        if (logistic && log.Reward.Any(r => r is < 0 or > 1)) { throw new BanditLogFormatException("a logistic reward model needs rewards in [0, 1]; use ridge"); }
        double l2 = logistic ? 1.0 / options.LogisticC : options.RidgeAlpha;
        int n = log.Rows, folds = Math.Min(options.Folds, n);
        var fold = new int[n];
        if (folds > 1)
        {
            var order = Enumerable.Range(0, n).ToArray();
            new Rng(options.Seed).Shuffle(order.AsSpan());
            for (int k = 0; k < n; k++) { fold[order[k]] = k % folds; }
        }
        var qHat = new float[n * log.Actions];
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, n).Where(i => folds == 1 || fold[i] != f).ToArray();
            var predict = Enumerable.Range(0, n).Where(i => folds == 1 || fold[i] == f).ToArray();
            if (options.Features == RewardFeatures.Additive) { FitAdditive(log, train, predict, logistic, l2, qHat); }
            else { FitPerAction(log, train, predict, logistic, l2, qHat); }
        }
        return qHat;
    }

    private static void FitAdditive(BanditLog log, int[] train, int[] predict, bool logistic, double l2, float[] qHat)
    {
        var beta = PenalizedGlm.Fit(log.Context, log.ContextDim, log.Action, log.Actions, log.Reward, train, logistic, l2);
        foreach (int i in predict)
        {
            for (int a = 0; a < log.Actions; a++) { qHat[i * log.Actions + a] = (float)PenalizedGlm.Predict(beta, log.ContextRow(i), a, logistic); }
        }
    }

    private static void FitPerAction(BanditLog log, int[] train, int[] predict, bool logistic, double l2, float[] qHat)
    {
        double pooled = train.Length == 0 ? 0 : train.Average(i => (double)log.Reward[i]);
        var byAction = train.GroupBy(i => log.Action[i]).ToDictionary(g => g.Key, g => g.ToArray());
        for (int a = 0; a < log.Actions; a++)
        {
            double[]? beta = byAction.TryGetValue(a, out var rows) && rows.Length >= 2
                ? PenalizedGlm.Fit(log.Context, log.ContextDim, [], 0, log.Reward, rows, logistic, l2)
                : null;
            foreach (int i in predict)
            {
                qHat[i * log.Actions + a] = (float)(beta is null ? pooled : PenalizedGlm.Predict(beta, log.ContextRow(i), -1, logistic));
            }
        }
    }
}
