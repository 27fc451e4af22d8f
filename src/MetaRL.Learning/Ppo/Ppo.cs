using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// Proximal Policy Optimization (Schulman et al., 2017) laid out as CleanRL's <c>ppo.py</c>: per iteration,
/// anneal the learning rate, collect <c>num_steps</c> from every environment, compute GAE, then
/// <c>update_epochs</c> passes of shuffled minibatches of the clipped loss with grad-norm clipping.
/// Categorical actions for a <see cref="Discrete"/> space, a diagonal Gaussian (actions clipped to the box
/// when stepping, stored unclipped) for a <see cref="Box"/>.
/// </summary>
public sealed class Ppo : Algorithm
{
    private readonly PpoOptions _options;
    private readonly Adam _adam;
    private readonly RolloutBuffer _buffer;
    private readonly long _iterations;
    private readonly Box? _actionBox;

    public Ppo(EnvBatch envs, PpoOptions options, Rng rng)
        : base(envs, rng, Budget(options))
    {
        _options = options;
        _iterations = options.TotalSteps / options.BatchSize;
        Policy = new MlpActorCritic(envs.ObservationSize, envs.ActionSpace, options.Hidden, Activation.Tanh, rng);
        _adam = new Adam(Policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Epsilon = options.AdamEpsilon });
        _buffer = new RolloutBuffer(options.NumSteps, envs.Count, envs.ObservationSize, Policy.ActionSize);
        _actionBox = envs.ActionSpace as Box;
    }

    private static long Budget(PpoOptions options)
    {
        options.Validate();
        PpoOptions.Require(options.TotalSteps >= options.BatchSize, "total_steps must be at least num_envs × num_steps");
        return options.TotalSteps / options.BatchSize * options.BatchSize;
    }

    public MlpActorCritic Policy { get; }

    /// <inheritdoc />
    public override Module Model => Policy;

    /// <inheritdoc />
    public override Optimizer Optimizer => _adam;

    /// <inheritdoc />
    public override void ActGreedy(ReadOnlySpan<float> observation, Span<float> action)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var mode = Policy.Policy(Tensor.FromArray(observation.ToArray(), 1, observation.Length)).Mode();
        for (int i = 0; i < action.Length; i++) { action[i] = (float)mode[i]; }
    }

    /// <inheritdoc />
    protected override void Iterate(TrainContext context)
    {
        if (_options.AnnealLr) { _adam.LearningRate = (1.0 - (double)Iteration / _iterations) * _options.LearningRate; }
        Collect(context);
        Update(context);
    }

    private void Collect(TrainContext context)
    {
        int n = Envs.Count, obsSize = Envs.ObservationSize, act = Policy.ActionSize;
        var actions = new float[n * act];
        var envActions = new float[n * act];
        for (int step = 0; step < _options.NumSteps; step++)
        {
            GlobalStep += n;
            int row = step * n;
            Envs.Observations.CopyTo(_buffer.Observations.AsSpan(row * obsSize));
            for (int e = 0; e < n; e++) { _buffer.Dones[row + e] = Envs.Done(e) ? 1f : 0f; }
            using (Autograd.Autograd.NoGrad())
            {
                var obs = Tensor.FromArray(Envs.Observations.ToArray(), n, obsSize);
                var dist = Policy.Policy(obs);
                var sample = dist.Sample(Rng);
                var logProb = dist.LogProb(sample);
                var value = Policy.Value(obs);
                sample.F32.CopyTo(actions);
                for (int e = 0; e < n; e++)
                {
                    _buffer.LogProbs[row + e] = (float)logProb[e];
                    _buffer.Values[row + e] = (float)value[e];
                }
            }
            actions.CopyTo(_buffer.Actions, row * act);
            actions.CopyTo(envActions, 0);
            if (_actionBox is { } box)
            {
                for (int i = 0; i < envActions.Length; i++) { envActions[i] = Math.Clamp(envActions[i], box.Low[i % act], box.High[i % act]); }
            }
            Envs.Step(envActions);
            Envs.Rewards.CopyTo(_buffer.Rewards.AsSpan(row));
            RecordEpisodes(context);
        }
        var nextDones = new float[n];
        for (int e = 0; e < n; e++) { nextDones[e] = Envs.Done(e) ? 1f : 0f; }
        float[] nextValues;
        using (Autograd.Autograd.NoGrad()) { nextValues = Policy.Value(Tensor.FromArray(Envs.Observations.ToArray(), n, obsSize)).ToFloatArray(); }
        Gae.Compute(_buffer.Rewards, _buffer.Values, _buffer.Dones, nextValues, nextDones, _options.NumSteps, n,
            _options.Gamma, _options.GaeLambda, _buffer.Advantages, _buffer.Returns);
    }

    private void Update(TrainContext context)
    {
        int batch = _buffer.Size, mb = _options.MinibatchSize, obsSize = Envs.ObservationSize, act = Policy.ActionSize;
        var indices = Enumerable.Range(0, batch).ToArray();
        PpoLossTerms terms = default;
        double clipFracSum = 0;
        int updates = 0;
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            Rng.Shuffle(indices.AsSpan());
            for (int start = 0; start < batch; start += mb)
            {
                var idx = indices.AsSpan(start, mb);
                var obs = Tensor.FromArray(RolloutBuffer.Gather(_buffer.Observations, obsSize, idx), mb, obsSize);
                var actions = Policy.IsDiscrete
                    ? Tensor.FromArray(RolloutBuffer.Gather(_buffer.Actions, 1, idx), mb)
                    : Tensor.FromArray(RolloutBuffer.Gather(_buffer.Actions, act, idx), mb, act);
                var dist = Policy.Policy(obs);
                terms = PpoLoss.Compute(
                    dist.LogProb(actions), dist.Entropy(), Policy.Value(obs),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.LogProbs, 1, idx), mb),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Advantages, 1, idx), mb),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Returns, 1, idx), mb),
                    Tensor.FromArray(RolloutBuffer.Gather(_buffer.Values, 1, idx), mb),
                    _options);
                _adam.ZeroGrad();
                terms.Loss.Backward();
                GradClip.ClipGradNorm(_adam.Parameters, _options.MaxGradNorm);
                _adam.Step();
                CheckFinite(terms.Loss.Item(), "loss");
                clipFracSum += terms.ClipFraction;
                updates++;
            }
            if (_options.TargetKl > 0 && terms.ApproxKl > _options.TargetKl) { break; }
        }
        double wall = context.WallSeconds;
        var sink = context.Sink;
        sink.Add("charts/learning_rate", GlobalStep, _adam.LearningRate, wall);
        sink.Add("losses/value_loss", GlobalStep, terms.ValueLoss, wall);
        sink.Add("losses/policy_loss", GlobalStep, terms.PolicyLoss, wall);
        sink.Add("losses/entropy", GlobalStep, terms.Entropy, wall);
        sink.Add("losses/approx_kl", GlobalStep, terms.ApproxKl, wall);
        sink.Add("losses/clipfrac", GlobalStep, clipFracSum / updates, wall);
        sink.Add("losses/explained_variance", GlobalStep, ExplainedVariance(_buffer.Values, _buffer.Returns), wall);
    }

    /// <summary>1 − Var(returns − values) / Var(returns) (NaN when the returns are constant).</summary>
    internal static double ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        double mr = 0, md = 0;
        for (int i = 0; i < returns.Length; i++) { mr += returns[i]; md += returns[i] - values[i]; }
        mr /= returns.Length;
        md /= returns.Length;
        double vr = 0, vd = 0;
        for (int i = 0; i < returns.Length; i++)
        {
            vr += (returns[i] - mr) * (returns[i] - mr);
            double d = returns[i] - values[i] - md;
            vd += d * d;
        }
        return vr == 0 ? double.NaN : 1 - vd / vr;
    }
}
