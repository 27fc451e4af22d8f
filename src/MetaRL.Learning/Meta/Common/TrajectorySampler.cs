using AG = MetaRL.Autograd.Autograd;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs whole episodes of one task in lockstep, optionally with substituted ("fast") weights: one
/// environment per episode, held together in a <see cref="SyncVectorEnv"/> with
/// <see cref="AutoresetMode.Disabled"/> so each copy runs its single episode to its end and then waits, and
/// one batched policy forward per step over the copies still running (in copy order). The batch stores the
/// policy's own actions (what log-probabilities are taken of); the environment gets
/// <see cref="MetaPolicy.ToEnvAction"/> of them. Copy i's reset is seeded with the i-th draw from the
/// generator given, so a batch is a pure function of the weights, the task and the generator.
/// Parallelism lives a level up (tasks run on separate workers), so the copies are stepped sequentially.
/// </summary>
public static class TrajectorySampler
{
    /// <summary>Samples <paramref name="episodes"/> episodes of <paramref name="task"/> (null: the env's own).</summary>
    public static TrajectoryBatch Sample(MetaPolicy policy, IReadOnlyList<Tensor>? weights, EnvPool pool, EnvTask? task, int episodes, Rng rng, int maxSteps = 10_000, bool deterministic = false)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(pool);
        var envs = pool.Rent(episodes);
        try
        {
            using var grad = AG.NoGrad();
            if (weights is null) { return Run(policy, envs, task, rng, maxSteps, deterministic); }
            var detached = weights.Select(w => w.Detach()).ToArray();
            using var scope = Functional.Substitute(policy, detached);
            return Run(policy, envs, task, rng, maxSteps, deterministic);
        }
        finally
        {
            pool.Return(envs);
        }
    }

    private static TrajectoryBatch Run(MetaPolicy policy, Env[] envs, EnvTask? task, Rng rng, int maxSteps, bool deterministic)
    {
        int n = envs.Length, od = policy.ObservationSize, ad = policy.ActionSize;
        if (n == 0) { return new TrajectoryBatch(od, ad, [], [], [], []); }
        var seeds = new long[n];
        var lanes = new Lane[n];
        for (int i = 0; i < n; i++)
        {
            if (task is not null)
            {
                var te = envs[i].Find<ITaskEnv>() ?? throw new InvalidOperationException($"{envs[i].Id} is not a task distribution.");
                te.SetTask(task);
            }
            seeds[i] = unchecked((long)rng.NextULong());
            lanes[i] = new Lane();
        }
        using var vector = new SyncVectorEnv(envs, AutoresetMode.Disabled);
        if (vector.ObservationSize != od || vector.ActionSize != ad)
        {
            throw new ArgumentException($"{envs[0].Id} has {vector.ObservationSize} observation and {vector.ActionSize} action entries; the policy has {od} and {ad}.", nameof(policy));
        }
        vector.Reset(seeds);
        var active = Enumerable.Range(0, n).ToList();
        var batchObs = new float[n * od];
        var envActions = new float[n * ad];
        for (int t = 0; t < maxSteps && active.Count > 0; t++)
        {
            int a = active.Count;
            for (int j = 0; j < a; j++) { vector.Observation(active[j]).CopyTo(batchObs.AsSpan(j * od, od)); }
            var dist = policy.Policy(Tensor.FromArray(batchObs[..(a * od)], a, od).As(policy.DType));
            float[] actions = (deterministic ? dist.Mode() : dist.Sample(rng)).ToFloatArray();
            // Finite weights can still overflow to NaN actions (a huge inner step): stop as divergence, not in an environment.
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(actions))) { throw new NonFiniteTrainingException(t, "action", "episode step"); }
            for (int j = 0; j < a; j++) { policy.ToEnvAction(actions.AsSpan(j * ad, ad), envActions.AsSpan(active[j] * ad, ad)); }
            vector.Step(envActions); // finished copies are held: their stale actions are ignored
            int still = 0;
            for (int j = 0; j < a; j++)
            {
                int i = active[j];
                lanes[i].Add(batchObs.AsSpan(j * od, od), actions.AsSpan(j * ad, ad), vector.Rewards[i]);
                if (!vector.Done(i)) { active[still++] = i; }
            }
            active.RemoveRange(still, a - still);
        }
        var lengths = lanes.Select(l => l.Rewards.Count).ToArray();
        return new TrajectoryBatch(od, ad,
            [.. lanes.SelectMany(l => l.Observations)], [.. lanes.SelectMany(l => l.Actions)], [.. lanes.SelectMany(l => l.Rewards)], lengths);
    }

    private sealed class Lane
    {
        public List<float> Observations { get; } = [];

        public List<float> Actions { get; } = [];

        public List<float> Rewards { get; } = [];

        public void Add(ReadOnlySpan<float> observation, ReadOnlySpan<float> action, float reward)
        {
            foreach (var v in observation) { Observations.Add(v); }
            foreach (var v in action) { Actions.Add(v); }
            Rewards.Add(reward);
        }
    }
}
