namespace MetaRL.Learning;

/// <summary>
/// Proximal Policy Optimization (Schulman et al., 2017) laid out as CleanRL's <c>ppo.py</c>: per iteration,
/// anneal the learning rate, collect <c>num_steps</c> from every environment, compute GAE, then
/// <c>update_epochs</c> passes of shuffled minibatches of the clipped loss with grad-norm clipping.
/// Categorical actions for a <see cref="Discrete"/> space, a diagonal Gaussian for a <see cref="Box"/>.
/// </summary>
public sealed class Ppo : FeedForwardOnPolicyAlgorithm
{
    private readonly PpoOptions _options;

    public Ppo(EnvBatch envs, PpoOptions options, Rng rng)
        : base(envs, rng, ValidatedBudget(options), options, options.Hidden, options.NumSteps)
    {
        _options = options;
        RewardNormalizer = options.NormReward ? new RewardNormalizer(envs.Count, options.Gamma) : null;
        ObservationNormalizer = options.NormObs ? new ObservationNormalizer(envs.ObservationSize) : null;
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        AnnealLearningRate(Adam, _options);
        Collect(context, _options.Gamma, _options.GaeLambda);
        Update(context);
    }

    private void Update(TrainContext context)
    {
        int batch = Buffer.Size, mb = _options.MinibatchSize;
        var indices = Enumerable.Range(0, batch).ToArray();
        PpoLossTerms terms = default;
        double clipFracSum = 0;
        int updates = 0;
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            Rng.Shuffle(indices.AsSpan());
            for (int start = 0; start < batch; start += mb)
            {
                using var step = TensorArena.Step();
                var idx = indices.AsSpan(start, mb);
                var (obs, actions) = Rows(idx);
                var (logProb, entropy) = Policy.Policy(obs).LogProbAndEntropy(actions);
                terms = PpoLoss.Compute(
                    logProb, entropy, Policy.Value(obs),
                    RolloutBuffer.GatherScratch(Buffer.LogProbs, 1, idx, mb),
                    RolloutBuffer.GatherScratch(Buffer.Advantages, 1, idx, mb),
                    RolloutBuffer.GatherScratch(Buffer.Returns, 1, idx, mb),
                    RolloutBuffer.GatherScratch(Buffer.Values, 1, idx, mb),
                    _options);
                GradientStep(Adam, terms.Loss, _options.MaxGradNorm);
                clipFracSum += terms.ClipFraction;
                updates++;
            }
            if (_options.TargetKl > 0 && terms.ApproxKl > _options.TargetKl) { break; }
        }
        double wall = context.WallSeconds;
        var sink = context.Sink;
        sink.Add("charts/learning_rate", GlobalStep, Adam.LearningRate, wall);
        sink.Add("losses/value_loss", GlobalStep, terms.ValueLoss, wall);
        sink.Add("losses/policy_loss", GlobalStep, terms.PolicyLoss, wall);
        sink.Add("losses/entropy", GlobalStep, terms.Entropy, wall);
        sink.Add("losses/approx_kl", GlobalStep, terms.ApproxKl, wall);
        sink.Add("losses/clipfrac", GlobalStep, clipFracSum / updates, wall);
        sink.Add("losses/explained_variance", GlobalStep, ExplainedVariance(Buffer.Values, Buffer.Returns), wall);
    }
}
