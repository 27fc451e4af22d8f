namespace MetaRL.Learning;

/// <summary>
/// Advantage actor-critic (Mnih et al., 2016), synchronous: one gradient step per short rollout on
/// L = −mean(A·log π(a|s)) + c_v·½·mean((R − V)²) − c_e·mean(H), sharing the rollout buffer, GAE and
/// actor-critic of <see cref="Ppo"/>.
/// </summary>
public sealed class A2c(EnvBatch envs, A2cOptions options, Rng rng)
    : FeedForwardOnPolicyAlgorithm(envs, rng, ValidatedBudget(options), options, options.Hidden, options.NumSteps)
{
    private readonly A2cOptions _options = options;

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        AnnealLearningRate(Adam, _options);
        Collect(context, _options.Gamma, _options.GaeLambda);
        using var step = TensorArena.Step();
        int size = Buffer.Size;
        var idx = Enumerable.Range(0, size).ToArray();
        var (obs, actions) = Rows(idx);
        var dist = Policy.Policy(obs);
        var adv = Tensor.FromArray((float[])Buffer.Advantages.Clone(), size);
        if (_options.NormAdv) { adv = PpoLoss.Normalize(adv); }
        var pg = Ops.Neg(Ops.Mean(Ops.Mul(adv, dist.LogProb(actions))));
        var diff = Ops.Sub(Policy.Value(obs), Tensor.FromArray((float[])Buffer.Returns.Clone(), size));
        var vLoss = Ops.MulScalar(Ops.Mean(Ops.Mul(diff, diff)), 0.5);
        var entropy = Ops.Mean(dist.Entropy());
        var loss = Ops.Add(Ops.Sub(pg, Ops.MulScalar(entropy, _options.EntCoef)), Ops.MulScalar(vLoss, _options.VfCoef));
        GradientStep(Adam, loss, _options.MaxGradNorm);
        if (Iteration % 20 == 0)
        {
            double wall = context.WallSeconds;
            context.Sink.Add("charts/learning_rate", GlobalStep, Adam.LearningRate, wall);
            context.Sink.Add("losses/policy_loss", GlobalStep, pg.Item(), wall);
            context.Sink.Add("losses/value_loss", GlobalStep, vLoss.Item(), wall);
            context.Sink.Add("losses/entropy", GlobalStep, entropy.Item(), wall);
        }
    }
}
