namespace MetaRL.Learning;

/// <summary>
/// Gymnasium's <c>NormalizeReward</c> as the learner sees it: rewards divided by the running standard
/// deviation of each environment's discounted return (Engstrom et al., 2020, "Implementation Matters in
/// Deep Policy Gradients"). Episode statistics keep the raw rewards; only the training signal is scaled.
/// </summary>
public sealed class RewardNormalizer(int envs, double gamma, double epsilon = 1e-8)
{
    private readonly double[] _returns = new double[envs];
    private double _mean, _var = 1, _count = 1e-4;

    /// <summary>Updates the statistics with one step's rewards and scales them in place.</summary>
    public void Normalize(Span<float> rewards, Func<int, bool> done)
    {
        double batchMean = 0;
        for (int e = 0; e < rewards.Length; e++)
        {
            _returns[e] = _returns[e] * gamma + rewards[e];
            batchMean += _returns[e];
        }
        batchMean /= rewards.Length;
        double batchVar = 0;
        for (int e = 0; e < rewards.Length; e++) { batchVar += (_returns[e] - batchMean) * (_returns[e] - batchMean); }
        batchVar /= rewards.Length;
        // Chan et al.'s parallel update of mean and variance, as gymnasium's RunningMeanStd.
        double delta = batchMean - _mean, total = _count + rewards.Length;
        _mean += delta * rewards.Length / total;
        _var = (_var * _count + batchVar * rewards.Length + delta * delta * _count * rewards.Length / total) / total;
        _count = total;
        double scale = 1 / Math.Sqrt(_var + epsilon);
        for (int e = 0; e < rewards.Length; e++)
        {
            rewards[e] = (float)(rewards[e] * scale);
            if (done(e)) { _returns[e] = 0; }
        }
    }

    internal void Save(IDictionary<string, Tensor> state)
    {
        state["reward_norm.returns"] = Tensor.FromArray((double[])_returns.Clone(), _returns.Length);
        state["reward_norm.stats"] = Tensor.FromArray(new[] { _mean, _var, _count }, 3);
    }

    internal void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        state["reward_norm.returns"].F64.CopyTo(_returns);
        var s = state["reward_norm.stats"].F64;
        (_mean, _var, _count) = (s[0], s[1], s[2]);
    }
}
