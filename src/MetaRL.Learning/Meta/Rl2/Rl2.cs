using System.Runtime.InteropServices;

namespace MetaRL.Learning.Meta;

/// <summary>
/// RL² trained with recurrent PPO: each iteration runs one trial per task (chunks of trials in parallel,
/// each chunk seeded from the run seed, the iteration and its index), computes GAE along each trial with
/// the trial's end as the only terminal (inner episode boundaries are not terminal: that is how the
/// policy learns to carry knowledge across episodes), then takes PPO epochs over minibatches of whole
/// trials, re-running the recurrent trunk from a zero state with back-propagation through time.
/// </summary>
public sealed class Rl2 : MetaLearner
{
    /// <summary>Trials per parallel chunk (fixed, so results do not depend on the thread count).</summary>
    public const int ChunkSize = 16;

    private readonly Rl2Options _options;
    private readonly long _seed;
    private readonly EnvPool _pool;
    private readonly Adam _adam;
    private readonly long _iterations;
    private readonly bool _singleEpisode;
    private readonly int _taskFeatureCount;

    public Rl2(MetaSetup setup, Rl2Options options, long seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _seed = seed;
        _iterations = setup.Budget.Amount;
        _pool = new EnvPool(() => MakeTrial(setup, options, setup.EnvSettings));
        _singleEpisode = _pool.Prototype.Find<TrialWrapper>() is { Episodes: 1 };
        Policy = Rl2Algorithm.CreatePolicy(setup, options, _pool.Prototype, seed);
        _taskFeatureCount = Math.Max(Policy.BeliefSize, Policy.TaskCriticInputs);
        _adam = new Adam(Policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate, Epsilon = options.AdamEpsilon });
    }

    /// <summary>The trial environment RL² runs on: the family with <paramref name="settings"/>, plus the time inputs when the options ask for them.</summary>
    public static TrialWrapper MakeTrial(MetaSetup setup, Rl2Options options, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        return EnvRegistry.MakeTrial(setup.Run.Env, settings, options.TimeFeatures);
    }

    /// <summary>The recurrent policy.</summary>
    public Rl2Policy Policy { get; }

    /// <summary>Trial-wrapped environments of the family.</summary>
    public EnvPool Pool => _pool;

    /// <inheritdoc />
    public override string Name => "rl2";

    /// <inheritdoc />
    public override Module Model => Policy;

    /// <inheritdoc />
    public override Optimizer? Optimizer => _adam;

    /// <inheritdoc />
    public override int TasksPerIteration => _options.TrialsPerIteration;

    /// <summary>Runs one trial per task with <paramref name="policy"/>, in parallel chunks seeded from <paramref name="seed"/>.</summary>
    public static TrialBatch Collect(Rl2Policy policy, EnvPool pool, IReadOnlyList<EnvTask> tasks, long seed, int degree, int maxSteps, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        int chunks = (tasks.Count + ChunkSize - 1) / ChunkSize;
        var parts = MetaParallel.Map(chunks, degree, c =>
        {
            var slice = tasks.Skip(c * ChunkSize).Take(ChunkSize).ToArray();
            var envs = pool.Rent(slice.Length);
            try { return TrialSampler.Run(policy, envs, slice, new Rng(SeedPath.Derive(seed, c)), maxSteps, deterministic); }
            finally { pool.Return(envs); }
        });
        return TrialBatch.Concat(parts);
    }

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        int degree = MetaParallel.Degree(_options.Parallelism);
        var batch = Collect(Policy, _pool, tasks, SeedPath.Derive(_seed, iteration), degree, _options.MaxTrialSteps);
        // One vector per task serves both the belief loss's targets and the privileged critic's inputs.
        var features = _taskFeatureCount > 0 ? Rl2Belief.TaskFeatures(tasks, _taskFeatureCount) : null;
        var taskFeatures = Policy.TaskCriticInputs > 0 ? features : null;
        if (taskFeatures is not null) { AddTaskValues(batch, taskFeatures); }
        var (adv, ret) = Advantages(batch, _options.Gamma, _options.GaeLambda, _options.RewardScale);
        _adam.LearningRate = LearningRateAt(_options, iteration, _iterations);
        double entCoef = EntCoefAt(_options, iteration, _iterations);
        var targets = Policy.BeliefSize > 0 ? features : null;
        var (terms, beliefLoss) = Update(batch, adv, ret, targets, taskFeatures, entCoef, new Rng(SeedPath.Derive(_seed, iteration, -5)));
        var totals = batch.TrialReturns();
        var first = batch.EpisodeReturns.Select(e => e.Count > 0 ? e[0] : 0).ToArray();
        KeyValuePair<string, double>[] belief = targets is null ? [] : [new("losses/belief_loss", beliefLoss)];
        return new MetaIterationResult(first, totals, batch.ValidSteps) { Diagnostics = [.. terms.Diagnostics(_adam.LearningRate), new("charts/ent_coef", entCoef), .. belief] };
    }

    /// <summary>The step size of iteration <paramref name="iteration"/> (0-based) of <paramref name="iterations"/> (the run's
    /// <see cref="MetaSetup.Budget"/>): constant, or linearly annealed to 0 with <see cref="ActorCriticSettings.AnnealLr"/>.</summary>
    public static double LearningRateAt(Rl2Options options, long iteration, long iterations)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Annealed(options.AnnealLr, options.LearningRate, iteration, iterations);
    }

    /// <summary>The entropy coefficient of iteration <paramref name="iteration"/> (0-based) of <paramref name="iterations"/>: constant, or linearly annealed to 0 with <see cref="Rl2Options.AnnealEntCoef"/>.</summary>
    public static double EntCoefAt(Rl2Options options, long iteration, long iterations)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Annealed(options.AnnealEntCoef, options.EntCoef, iteration, iterations);
    }

    /// <remarks>RL²'s recorded runs use the schedule's <see cref="LinearForm.Progress"/> form (PPO's is <see cref="LinearForm.Remaining"/>).</remarks>
    private static double Annealed(bool anneal, double value, long iteration, long iterations) =>
        anneal && iterations > 0 ? new LinearSchedule(value, iterations, form: LinearForm.Progress).At(iteration) : value;

    /// <summary>GAE (<see cref="Gae"/>) along each trial on rewards times <see cref="Rl2Options.RewardScale"/>; the step after the trial's last valid step has value 0, padded steps get 0.</summary>
    internal static (float[] Advantages, float[] Returns) Advantages(TrialBatch b, double gamma, double lambda, double rewardScale)
    {
        int t = b.Steps, n = b.Trials;
        var adv = new float[t * n];
        var ret = new float[t * n];
        // A padded step reads as a new episode, so the trial's last valid step bootstraps from nothing; so does the batch's end.
        var padded = new float[t * n];
        for (int i = 0; i < padded.Length; i++) { padded[i] = b.Valid[i] == 0 ? 1f : 0f; }
        var ends = new float[n];
        Array.Fill(ends, 1f);
        Gae.Compute(b.Rewards, b.Values, padded, new float[n], ends, t, n, gamma, lambda, adv, ret, rewardScale);
        for (int i = 0; i < padded.Length; i++)
        {
            if (padded[i] != 0) { adv[i] = 0; ret[i] = 0; }
        }
        return (adv, ret);
    }

    /// <summary>Adds the privileged critic's part (a function of the trial's task) to the values collected from the memory alone.</summary>
    private void AddTaskValues(TrialBatch b, float[] taskFeatures)
    {
        using var noGrad = Autograd.Autograd.NoGrad();
        var g = Policy.TaskValue(Tensor.FromArray(taskFeatures, b.Trials, Policy.TaskCriticInputs)).ToFloatArray();
        for (int i = 0; i < b.Values.Length; i++) { b.Values[i] += g[i % b.Trials]; }
    }

    private const string PpoEpoch = "PPO epoch";

    private (PpoLossTerms Terms, double BeliefLoss) Update(TrialBatch b, float[] adv, float[] ret, float[]? beliefTargets, float[]? taskFeatures, double entCoef, Rng rng)
    {
        PpoLossTerms last = default;
        double lastBelief = 0;
        int n = b.Trials, t = b.Steps, od = b.ObservationSize, ad = b.ActionSize;
        int per = Math.Max(1, n / _options.NumMinibatches);
        var parameters = Policy.Parameters();
        for (int epoch = 0; epoch < _options.UpdateEpochs; epoch++)
        {
            var order = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(order.AsSpan());
            for (int start = 0; start + per <= n; start += per)
            {
                var ids = order[start..(start + per)];
                int m = ids.Length;
                var obs = new float[t * m * od];
                var act = new float[t * m * ad];
                var valid = new List<int>();
                var sel = new List<int>();
                var rowTrial = new List<int>();
                var beliefRows = new List<int>();
                var beliefTrials = new List<int>();
                for (int s = 0; s < t; s++)
                {
                    for (int k = 0; k < m; k++)
                    {
                        int src = s * n + ids[k], dst = s * m + k;
                        Array.Copy(b.Observations, src * od, obs, dst * od, od);
                        Array.Copy(b.Actions, src * ad, act, dst * ad, ad);
                        if (b.Valid[src] == 0) { continue; }
                        if (beliefTargets is not null && Rl2Belief.ReadsAt(b, src, _singleEpisode)) { beliefRows.Add(valid.Count); beliefTrials.Add(ids[k]); }
                        valid.Add(dst);
                        sel.Add(src);
                        if (taskFeatures is not null) { rowTrial.Add(k); }
                    }
                }
                var (features, _) = Policy.Encode(Tensor.FromArray(obs, t, m, od));
                var f = Ops.IndexSelect(features, 0, valid.ToArray());
                var dist = Policy.Policy(f);
                var actions = Policy.Head.Actions(RolloutBuffer.Gather(act, ad, CollectionsMarshal.AsSpan(valid)), valid.Count);
                Tensor Pick(float[] src) => Tensor.FromArray([.. sel.Select(i => src[i])], sel.Count);
                var value = Policy.Value(f);
                if (taskFeatures is not null)
                {
                    int tf = Policy.TaskCriticInputs;
                    var x = new float[m * tf];
                    for (int k = 0; k < m; k++) { Array.Copy(taskFeatures, ids[k] * tf, x, k * tf, tf); }
                    value = Ops.Add(value, Ops.IndexSelect(Policy.TaskValue(Tensor.FromArray(x, m, tf)), 0, [.. rowTrial]));
                }
                var (logProb, entropy) = dist.LogProbAndEntropy(actions);
                var terms = last = PpoLoss.Compute(logProb, entropy, value, Pick(b.LogProbs), Pick(adv), Pick(ret), Pick(b.Values), _options, entCoef);
                var loss = terms.Loss;
                if (beliefTargets is not null && beliefRows.Count > 0)
                {
                    var beliefLoss = Rl2Belief.Loss(Policy, Ops.IndexSelect(f, 0, [.. beliefRows]), beliefTargets, beliefTrials);
                    lastBelief = beliefLoss.Item();
                    loss = Ops.Add(loss, Ops.MulScalar(beliefLoss, _options.BeliefCoef));
                }
                _adam.ZeroGrad();
                loss.Backward();
                FiniteCheck.Value(loss.Item(), "loss", epoch, PpoEpoch);
                GradClip.ClipGradNorm(parameters, _options.MaxGradNorm);
                _adam.Step();
                FiniteCheck.Parameters(Policy, epoch, PpoEpoch);
            }
        }
        _adam.ZeroGrad();
        return (last, lastBelief);
    }
}
