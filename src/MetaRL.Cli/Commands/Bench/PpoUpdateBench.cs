namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// One PPO minibatch update at CartPole size, as CleanRL's <c>ppo.py</c> does it: batch 128, observation 4,
/// separate 64-64 tanh actor (2 logits) and critic (1 output); clipped surrogate (clip 0.2) with the ratio
/// from new versus stored log-probabilities, the log-probabilities and the entropy from the fused categorical head
/// (<see cref="Ops.CategoricalLogProbEntropy"/>, as the trainers' PPO takes them), value loss 0.5·mean((v − R)²) weighted
/// 0.5, entropy bonus 0.01; backward; global gradient-norm clip to 0.5; Adam step (lr 2.5e-4, eps 1e-5). Each update
/// runs in a <see cref="TensorArena"/> step, as the trainers' updates do, so in steady state it reuses its buffers.
/// </summary>
internal sealed class PpoUpdateBench
{
    private const int Batch = 128, ObsDim = 4, Actions = 2;
    private readonly Sequential _actor, _critic;
    private readonly Tensor[] _parameters;
    private readonly Adam _adam;
    private readonly Tensor _obs, _actions, _oldLogProb, _advantages, _returns;
    private readonly bool _pooled;

    /// <param name="seed">Seeds the weights and the batch.</param>
    /// <param name="pooled">Whether each update runs in a <see cref="TensorArena"/> step (false only to check that the
    /// pool changes nothing).</param>
    public PpoUpdateBench(int seed, bool pooled = true)
    {
        _pooled = pooled;
        var rng = new Rng(seed);
        _actor = Mlp.Create([ObsDim, 64, 64, Actions], Activation.Tanh, rng);
        _critic = Mlp.Create([ObsDim, 64, 64, 1], Activation.Tanh, rng);
        _parameters = [.. _actor.Parameters(), .. _critic.Parameters()];
        _adam = new Adam(_parameters, new AdamOptions { LearningRate = 2.5e-4, Epsilon = 1e-5 });
        _obs = Tensor.RandN([Batch, ObsDim], rng);
        var actions = new int[Batch];
        for (int i = 0; i < Batch; i++) { actions[i] = rng.NextInt(Actions); }
        _actions = Tensor.FromArray(actions, Batch, 1);
        using (MetaRL.Autograd.Autograd.NoGrad())
        {
            // Stored log-probs from a slightly different policy, so ratios spread around 1 and some clip.
            var logp = Ops.CategoricalLogProbEntropy(_actor.Forward(_obs), _actions).LogProb;
            _oldLogProb = Ops.AddScalar(logp, 0).Detach();
            var old = _oldLogProb.F32;
            for (int i = 0; i < Batch; i++) { old[i] += 0.3f * (rng.NextFloat() - 0.5f); }
        }
        _advantages = Tensor.RandN([Batch], rng);
        _returns = Tensor.RandN([Batch, 1], rng);
    }

    /// <summary>The actor's then the critic's parameters.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The total loss of the last update (so the work cannot be optimised away and can be checked).</summary>
    public double LastLoss { get; private set; }

    /// <summary>One full update: forward, loss, backward, clip, Adam.</summary>
    public void Update()
    {
        using var step = _pooled ? TensorArena.Step() : default;
        _adam.ZeroGrad();
        var (newLogProb, entropies) = Ops.CategoricalLogProbEntropy(_actor.Forward(_obs), _actions);
        var ratio = Ops.Exp(Ops.Sub(newLogProb, _oldLogProb));
        var surr1 = Ops.Mul(ratio, _advantages);
        var surr2 = Ops.Mul(Ops.Clamp(ratio, 0.8, 1.2), _advantages);
        var pgLoss = Ops.Neg(Ops.Mean(Ops.Minimum(surr1, surr2)));
        var entropy = Ops.Mean(entropies);
        var diff = Ops.Sub(_critic.Forward(_obs), _returns);
        var vLoss = Ops.MulScalar(Ops.Mean(Ops.Mul(diff, diff)), 0.5);
        var loss = Ops.Add(Ops.Sub(pgLoss, Ops.MulScalar(entropy, 0.01)), Ops.MulScalar(vLoss, 0.5));
        loss.Backward();
        GradClip.ClipGradNorm(_parameters, 0.5);
        _adam.Step();
        LastLoss = loss.Item();
    }

    /// <summary>Median, 10th-percentile and mean microseconds per update over <paramref name="iterations"/> after a
    /// warm-up (the mean includes the garbage collections that land in some updates).</summary>
    public (double Median, double P10, double Mean) Measure(int warmup, int iterations)
    {
        for (int i = 0; i < warmup; i++) { Update(); }
        var us = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Update();
            us[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        double mean = us.Average();
        Array.Sort(us);
        return (SgemmBench.Median(us), us[iterations / 10], mean);
    }

    /// <summary>Bytes allocated on this thread per update, averaged over <paramref name="updates"/> after <paramref name="warmup"/>
    /// (the steady state: the arena's buffers and every lazily built cache already exist).</summary>
    public long MeasureAllocatedBytes(int warmup, int updates)
    {
        for (int i = 0; i < warmup; i++) { Update(); }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < updates; i++) { Update(); }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / updates;
    }

    /// <summary>Median over batches of 50 updates of the thread's CPU microseconds per update (NaN where the
    /// thread CPU clock is unavailable): the amortised cost, collections included, preemption left out.</summary>
    public double MeasureCpuMicroseconds(int batches)
    {
        if (!ThreadCpuClock.IsAvailable) { return double.NaN; }
        const int perBatch = 50;
        var us = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            double c0 = ThreadCpuClock.Seconds();
            for (int i = 0; i < perBatch; i++) { Update(); }
            us[b] = (ThreadCpuClock.Seconds() - c0) * 1e6 / perBatch;
        }
        return SgemmBench.Median(us);
    }
}
