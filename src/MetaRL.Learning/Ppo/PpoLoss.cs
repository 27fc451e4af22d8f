namespace MetaRL.Learning;

/// <summary>The terms of one PPO minibatch loss, as tensors (for backward) and diagnostics.</summary>
public readonly record struct PpoLossTerms(Tensor Loss, double PolicyLoss, double ValueLoss, double Entropy, double ApproxKl, double ClipFraction)
{
    /// <summary>These terms and the step size under CleanRL's tags (<c>charts/learning_rate</c>, <c>losses/…</c>).</summary>
    public KeyValuePair<string, double>[] Diagnostics(double learningRate) =>
    [
        new("charts/learning_rate", learningRate),
        new("losses/policy_loss", PolicyLoss),
        new("losses/value_loss", ValueLoss),
        new("losses/entropy", Entropy),
        new("losses/approx_kl", ApproxKl),
        new("losses/clipfrac", ClipFraction),
    ];
}

/// <summary>
/// PPO's clipped surrogate objective with a (optionally clipped) value loss and an entropy bonus:
/// L = −min(r·A, clip(r, 1−ε, 1+ε)·A) + c_v·½·max((V−R)², (V_old + clip(V−V_old, −ε, ε) − R)²) − c_e·H.
/// </summary>
public static class PpoLoss
{
    /// <summary>The loss of one minibatch with <paramref name="options"/>' coefficients; <paramref name="entCoef"/>, when
    /// given, replaces <see cref="PpoSettings.EntCoef"/> (a learner that anneals the entropy bonus passes the current one).</summary>
    public static PpoLossTerms Compute(
        Tensor newLogProb, Tensor entropy, Tensor newValue,
        Tensor oldLogProb, Tensor advantages, Tensor returns, Tensor oldValues, PpoSettings options, double? entCoef = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var logRatio = Ops.Sub(newLogProb, oldLogProb);
        var ratio = Ops.Exp(logRatio);
        double approxKl, clipFrac;
        using (Autograd.Autograd.NoGrad())
        {
            // Schulman's k3 estimator ((r − 1) − log r), as CleanRL logs it.
            approxKl = Ops.Mean(Ops.Sub(Ops.AddScalar(ratio, -1), logRatio)).Item();
            int clipped = 0;
            for (int i = 0; i < ratio.Numel; i++) { if (Math.Abs(ratio[i] - 1) > options.ClipCoef) { clipped++; } }
            clipFrac = (double)clipped / ratio.Numel;
        }
        var adv = advantages;
        if (options.NormAdv) { adv = Normalize(advantages); }
        var pg1 = Ops.Mul(Ops.Neg(adv), ratio);
        var pg2 = Ops.Mul(Ops.Neg(adv), Ops.Clamp(ratio, 1 - options.ClipCoef, 1 + options.ClipCoef));
        var pgLoss = Ops.Mean(Ops.Maximum(pg1, pg2));

        var diff = Ops.Sub(newValue, returns);
        Tensor vLoss;
        if (options.ClipVloss)
        {
            var unclipped = Ops.Mul(diff, diff);
            var clippedValue = Ops.Add(oldValues, Ops.Clamp(Ops.Sub(newValue, oldValues), -options.ClipCoef, options.ClipCoef));
            var cdiff = Ops.Sub(clippedValue, returns);
            vLoss = Ops.MulScalar(Ops.Mean(Ops.Maximum(unclipped, Ops.Mul(cdiff, cdiff))), 0.5);
        }
        else
        {
            vLoss = Ops.MulScalar(Ops.Mean(Ops.Mul(diff, diff)), 0.5);
        }
        var entropyMean = Ops.Mean(entropy);
        var loss = Ops.Add(Ops.Sub(pgLoss, Ops.MulScalar(entropyMean, entCoef ?? options.EntCoef)), Ops.MulScalar(vLoss, options.VfCoef));
        return new PpoLossTerms(loss, pgLoss.Item(), vLoss.Item(), entropyMean.Item(), approxKl, clipFrac);
    }

    /// <summary>(x − mean) / (std + 1e-8) with the unbiased std, as torch's <c>.std()</c>.</summary>
    public static Tensor Normalize(Tensor x)
    {
        var data = x.ToDoubleArray();
        double mean = data.Average();
        double var = data.Length > 1 ? data.Sum(v => (v - mean) * (v - mean)) / (data.Length - 1) : 0;
        return Ops.MulScalar(Ops.AddScalar(x, -mean), 1.0 / (Math.Sqrt(var) + 1e-8));
    }
}
