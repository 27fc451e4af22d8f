using AG = MetaRL.Autograd.Autograd;
using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Runs whole episodes of one task in lockstep (one environment per episode, one batched policy forward
/// per step), optionally with substituted ("fast") weights. The batch stores the policy's own actions (what
/// log-probabilities are taken of); the environment gets <see cref="MetaPolicy.ToEnvAction"/> of them. Every reset is seeded from
/// the generator given, so a batch is a pure function of the weights, the task and the generator.
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
        var obs = new float[n][];
        var lanes = new Lane[n];
        for (int i = 0; i < n; i++)
        {
            if (task is not null)
            {
                var te = envs[i].Find<ITaskEnv>() ?? throw new InvalidOperationException($"{envs[i].Id} is not a task distribution.");
                te.SetTask(task);
            }
            obs[i] = new float[od];
            envs[i].Reset(obs[i], unchecked((long)rng.NextULong()));
            lanes[i] = new Lane();
        }
        var active = Enumerable.Range(0, n).ToList();
        var batchObs = new float[n * od];
        var next = new float[od];
        var envAction = new float[ad];
        for (int t = 0; t < maxSteps && active.Count > 0; t++)
        {
            int a = active.Count;
            for (int j = 0; j < a; j++) { obs[active[j]].CopyTo(batchObs, j * od); }
            var dist = policy.Policy(Tensor.FromArray(batchObs[..(a * od)], a, od).As(policy.DType));
            float[] actions = (deterministic ? dist.Mode() : dist.Sample(rng)).ToFloatArray();
            var still = new List<int>(a);
            for (int j = 0; j < a; j++)
            {
                int i = active[j];
                var action = actions.AsSpan(j * ad, ad);
                policy.ToEnvAction(action, envAction);
                var result = envs[i].Step(envAction, next);
                lanes[i].Add(obs[i], action, (float)result.Reward);
                next.CopyTo(obs[i], 0);
                if (!result.Done) { still.Add(i); }
            }
            active = still;
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
